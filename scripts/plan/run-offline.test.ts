import * as pulumi from "@pulumi/pulumi";
import * as cloudflare from "@pulumi/cloudflare";
import * as random from "@pulumi/random";
import { describe, expect, it } from "vitest";
import { DuplicateUrnError, runOffline } from "./run-offline";

const ZONE = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const CANARY = "canary-7f3a9c-never-print-me";

function run(program: () => unknown, config: Record<string, string> = {}, secretKeys: string[] = []) {
  return runOffline({ project: "proj", stack: "test", config, secretKeys, program });
}

describe("runOffline capture", () => {
  it("records parents, explicit and implicit dependencies, and per-input dependencies", async () => {
    const { resources } = await run(() => {
      const group = new pulumi.ComponentResource("test:index:Group", "group");
      const setting = new cloudflare.ZoneSetting("tls", { zoneId: ZONE, settingId: "min_tls_version", value: "1.2" }, { parent: group });
      const other = new cloudflare.ZoneSetting("ssl", { zoneId: ZONE, settingId: "ssl", value: "strict" });
      new cloudflare.DnsRecord(
        "rec",
        { zoneId: ZONE, name: "app.example.com", type: "A", content: "192.0.2.1", ttl: 1, proxied: true, comment: setting.id },
        { parent: group, dependsOn: [other] },
      );
    });
    const byName = Object.fromEntries(resources.map((r) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(["group", "rec", "ssl", "tls"]);
    expect(byName.group.custom).toBe(false);
    expect(byName.tls.parent).toBe(byName.group.urn);
    expect(byName.tls.urn).toBe("urn:pulumi:test::proj::test:index:Group$cloudflare:index/zoneSetting:ZoneSetting::tls");
    expect(byName.ssl.parent).toBe("urn:pulumi:test::proj::pulumi:pulumi:Stack::proj-test");
    expect(byName.ssl.urn).toBe("urn:pulumi:test::proj::cloudflare:index/zoneSetting:ZoneSetting::ssl");
    expect(byName.rec.dependencies.sort()).toEqual([byName.ssl.urn, byName.tls.urn].sort());
    expect(byName.rec.propertyDependencies).toEqual({ comment: [byName.tls.urn] });
    expect(byName.rec.inputs).toEqual({ zoneId: ZONE, name: "app.example.com", type: "A", content: "192.0.2.1", ttl: 1, proxied: true, comment: expect.stringMatching(/^tls-[0-9a-f]{8}$/) });
  });

  it("masks secret inputs, config secrets and secret outputs, and says which inputs were secret", async () => {
    const { resources, outputs } = await run(
      () => {
        const cfg = new pulumi.Config("proj");
        const token = cfg.requireSecret("apiToken");
        const password = new random.RandomPassword("session", { length: 48, special: false });
        new cloudflare.DnsRecord("txt", { zoneId: ZONE, name: "example.com", type: "TXT", content: token, ttl: 1 });
        new cloudflare.DnsRecord("derived", { zoneId: ZONE, name: "x.example.com", type: "TXT", content: password.result, ttl: 1 });
        return { token, sessionSecret: password.result, plain: "visible", nested: { list: [token] } };
      },
      { "proj:apiToken": CANARY },
      ["proj:apiToken"],
    );
    const byName = Object.fromEntries(resources.map((r) => [r.name, r]));
    expect(byName.txt.inputs.content).toBe("[secret]");
    expect(byName.txt.secretInputs).toEqual(["content"]);
    // RandomPassword.result is an additionalSecretOutput: the mock monitor must keep it secret.
    expect(byName.derived.inputs.content).toBe("[secret]");
    expect(byName.session.additionalSecretOutputs).toEqual(expect.arrayContaining(["result"]));
    // An output built from a secret is secret as a whole (Pulumi's semantics).
    expect(outputs).toEqual({ token: "[secret]", sessionSecret: "[secret]", plain: "visible", nested: "[secret]" });
    expect(JSON.stringify({ resources, outputs })).not.toContain(CANARY);
  });

  it("refuses two resources with the same URN, which the real engine would reject", async () => {
    const err = await run(() => {
      new cloudflare.ZoneSetting("same", { zoneId: ZONE, settingId: "ssl", value: "strict" });
      new cloudflare.ZoneSetting("same", { zoneId: ZONE, settingId: "ssl", value: "full" });
    }).catch((e) => e);
    expect(err).toBeInstanceOf(DuplicateUrnError);
    expect(err.message).toBe(
      'two resources share a URN (the real engine refuses this with "Duplicate resource URN"):\n' +
        "  - urn:pulumi:test::proj::cloudflare:index/zoneSetting:ZoneSetting::same\n" +
        "Give each resource its own logical name, e.g. `${name}-<purpose>`.",
    );
  });

  it("allows the same logical name under different parents (different URNs)", async () => {
    const { resources } = await run(() => {
      const a = new pulumi.ComponentResource("test:index:A", "a");
      const b = new pulumi.ComponentResource("test:index:B", "b");
      new cloudflare.ZoneSetting("same", { zoneId: ZONE, settingId: "ssl", value: "strict" }, { parent: a });
      new cloudflare.ZoneSetting("same", { zoneId: ZONE, settingId: "ssl", value: "strict" }, { parent: b });
    });
    expect(resources.filter((r) => r.name === "same")).toHaveLength(2);
  });

  it("surfaces the program's own error once, and runs again cleanly in the same process", async () => {
    await expect(run(() => { throw new Error("bad program"); })).rejects.toThrow("bad program");
    const { resources } = await run(() => new cloudflare.ZoneSetting("ok", { zoneId: ZONE, settingId: "ssl", value: "strict" }));
    expect(resources.map((r) => r.name)).toEqual(["ok"]);
  });

  it("collects pulumi.log.warn messages instead of printing them", async () => {
    const { warnings } = await run(() => {
      pulumi.log.warn("SSL mode full: origin certificates are not validated");
    });
    expect(warnings).toEqual(["SSL mode full: origin certificates are not validated"]);
  });
});
