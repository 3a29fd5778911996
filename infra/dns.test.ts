import { describe, expect, it } from "vitest";
import { parsePortalConfig } from "../stacks/schema";
import { runOffline } from "../scripts/plan/run-offline";
import { examplePortal } from "../test/schema/helpers";
import { PortalDns, quoteTxt } from "./dns";
import { hostRecords } from "./hostnames";

const ZONE = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";

async function plan(program: () => unknown) {
  return runOffline({ project: "launch-ready", stack: "test", config: {}, secretKeys: [], program });
}

describe("PortalDns", () => {
  it("creates exactly one proxied record per portal hostname, named after the component", async () => {
    const config = parsePortalConfig(examplePortal("prod"));
    const { resources } = await plan(() => {
      new PortalDns("tradeloft-dns", { zoneId: ZONE, records: hostRecords(config) });
    });
    const component = resources.find((r) => r.type === "launch-ready:edge:PortalDns")!;
    expect(component.name).toBe("tradeloft-dns");
    const records = resources.filter((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord");
    expect(records.map((r) => [r.name, r.inputs])).toEqual([
      ["tradeloft-dns-apex", { zoneId: ZONE, name: "example.com", type: "A", content: "203.0.113.10", ttl: 1, proxied: true, comment: "launch-ready: marketing site, follows deploy.active" }],
      ["tradeloft-dns-www", { zoneId: ZONE, name: "www.example.com", type: "A", content: "203.0.113.10", ttl: 1, proxied: true, comment: "launch-ready: marketing alias, follows deploy.active" }],
      ["tradeloft-dns-app", { zoneId: ZONE, name: "app.example.com", type: "A", content: "203.0.113.10", ttl: 1, proxied: true, comment: "launch-ready: portal, follows deploy.active" }],
      ["tradeloft-dns-api", { zoneId: ZONE, name: "api.example.com", type: "A", content: "203.0.113.10", ttl: 1, proxied: true, comment: "launch-ready: API, follows deploy.active" }],
    ]);
    for (const r of records) expect(r.parent).toBe(component.urn);
  });

  it("points app and api at the active colour and picks the record type from the origin", async () => {
    const raw = examplePortal("prod");
    raw.deploy.active = "green";
    // With the dns backend both colours must be the same kind of origin (a flip cannot change a record's type).
    raw.deploy.origins.blue = "blue-origin.example.net";
    raw.deploy.origins.green = "green-origin.example.net";
    raw.deploy.marketingOrigin = "2001:db8::1";
    const specs = hostRecords(parsePortalConfig(raw));
    expect(specs.map((s) => [s.key, s.type, s.content])).toEqual([
      ["apex", "AAAA", "2001:db8::1"],
      ["www", "AAAA", "2001:db8::1"],
      ["app", "CNAME", "green-origin.example.net"],
      ["api", "CNAME", "green-origin.example.net"],
    ]);
  });

  it("quotes TXT content, never proxies mail records, and writes CAA data", async () => {
    const { resources } = await plan(() => {
      new PortalDns("d", {
        zoneId: ZONE,
        records: [
          { key: "spf", name: "example.com", type: "TXT", content: "v=spf1 -all", proxied: true, comment: "spf" },
          { key: "mx", name: "example.com", type: "MX", content: "mx.example.net", priority: 10, proxied: true, comment: "mx" },
          { key: "caa", name: "example.com", type: "CAA", data: { flags: 0, tag: "issue", value: "letsencrypt.org" }, proxied: false, comment: "caa" },
        ],
      });
    });
    const byName = Object.fromEntries(resources.filter((r) => r.custom).map((r) => [r.name, r.inputs]));
    expect(byName["d-spf"]).toMatchObject({ type: "TXT", content: '"v=spf1 -all"', proxied: false });
    expect(byName["d-mx"]).toMatchObject({ type: "MX", content: "mx.example.net", priority: 10, proxied: false });
    expect(byName["d-caa"]).toMatchObject({ type: "CAA", data: { flags: 0, tag: "issue", value: "letsencrypt.org" }, proxied: false });
  });

  it("refuses two records with the same key", async () => {
    const rec = { key: "app", name: "app.example.com", type: "A" as const, content: "192.0.2.1", proxied: true, comment: "" };
    await expect(plan(() => new PortalDns("d", { zoneId: ZONE, records: [rec, rec] }))).rejects.toThrow(
      'PortalDns: two records share the key "app"; each record needs its own key',
    );
  });
});

describe("quoteTxt", () => {
  it("quotes, escapes and splits long strings into 255-byte chunks (RFC 1035 §3.3.14)", () => {
    expect(quoteTxt('v=DMARC1; p=reject')).toBe('"v=DMARC1; p=reject"');
    expect(quoteTxt('a"b')).toBe('"a\\"b"');
    expect(quoteTxt('"already"')).toBe('"already"');
    const long = "k".repeat(300);
    expect(quoteTxt(long)).toBe(`"${"k".repeat(255)}" "${"k".repeat(45)}"`);
  });
});
