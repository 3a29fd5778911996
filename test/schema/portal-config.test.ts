import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PortalConfigError, parsePortalConfig } from "../../stacks/schema";
import { examplePortal } from "./helpers";

/** Parses and returns the problems as "path | value | message" lines (or [] when it parses). */
function problems(raw: unknown): string[] {
  try {
    parsePortalConfig(raw, "test");
    return [];
  } catch (e) {
    if (!(e instanceof PortalConfigError)) throw e;
    return e.problems.map((p) => `${p.path} | ${p.value ?? "<missing>"} | ${p.message}`);
  }
}

describe("portal config schema", () => {
  it.each(["dev", "staging", "prod"] as const)("parses the %s example stack", (stack) => {
    const config = parsePortalConfig(examplePortal(stack), stack);
    expect(config.environment).toBe(stack);
    expect(config.name).toBe("tradeloft");
  });

  it("fills safe defaults for everything the stack file leaves out", () => {
    const raw = examplePortal("dev");
    delete raw.sensitiveEndpoints;
    delete raw.routes;
    delete raw.cors;
    raw.monitoring = { alerts: raw.monitoring.alerts };
    const config = parsePortalConfig(raw);
    expect(config.domain.hostnames).toEqual({ www: "www", app: "app", api: "api" });
    expect(config.routes.admin).toEqual(["/admin/*"]);
    expect(config.routes.health).toBe("/api/health");
    expect(config.sensitiveEndpoints.passwordReset).toEqual({ path: "/api/auth/password-reset", methods: ["POST"], requests: 3, periodSeconds: 60, countPer: "ip", countResponseCodes: [] });
    expect(config.cors.allowedOrigins).toEqual([]);
    expect(config.email.dmarc.alignment).toBe("strict");
    expect(config.deploy.active).toBe("blue");
  });

  it("reports a bad domain with its key path, the value and what is allowed", () => {
    const raw = examplePortal("prod");
    raw.domain.apex = "Example.COM";
    expect(problems(raw)).toEqual([
      'launch-ready:portal.domain.apex | "Example.COM" | expected a lowercase domain name such as example.com (letters, digits, hyphens, dots; no scheme, no trailing dot)',
    ]);
  });

  it("reports a plan tier that does not exist and lists the allowed ones", () => {
    const raw = examplePortal("prod");
    raw.cloudflare.plan = "premium";
    expect(problems(raw)).toEqual(['launch-ready:portal.cloudflare.plan | "premium" | expected one of free, pro, business, enterprise (the zone\'s Cloudflare plan)']);
  });

  it("reports a missing required key as missing", () => {
    const raw = examplePortal("prod");
    delete raw.cloudflare.zoneId;
    expect(problems(raw)).toEqual(["launch-ready:portal.cloudflare.zoneId | <missing> | required: expected a 32-character hex id from the Cloudflare dashboard"]);
  });

  it("names an unknown key and the keys allowed next to it", () => {
    const raw = examplePortal("prod");
    raw.domain.hostname = { app: "portal" };
    expect(problems(raw)).toEqual([
      'launch-ready:portal.domain.hostname | {"app":"portal"} | unknown key "hostname"; allowed keys here: apex, hostnames. Check the spelling or remove it.',
    ]);
  });

  it("collects every problem at once, across sections", () => {
    const raw = examplePortal("prod");
    raw.environment = "production";
    raw.cors.allowedOrigins = ["*"];
    raw.sensitiveEndpoints.login.periodSeconds = 5;
    raw.routes = { health: "api/health" };
    expect(problems(raw)).toEqual([
      'launch-ready:portal.environment | "production" | expected one of dev, staging, prod',
      'launch-ready:portal.routes.health | "api/health" | expected an exact path that starts with /, without wildcards, such as /api/health',
      "launch-ready:portal.sensitiveEndpoints.login.periodSeconds | 5 | must be at least 10 seconds (Cloudflare's shortest period)",
      'launch-ready:portal.cors.allowedOrigins.0 | "*" | expected an https origin with no path, no wildcard and no trailing slash, such as https://app.example.com',
    ]);
  });

  it("refuses identical blue and green origins", () => {
    const raw = examplePortal("dev");
    raw.deploy.origins.green = raw.deploy.origins.blue;
    expect(problems(raw)).toEqual([
      'launch-ready:portal.deploy.origins.green | "192.0.2.10" | must differ from deploy.origins.blue: blue/green needs two origins so a rollback has somewhere to go',
    ]);
  });

  it("refuses DMARC p=none for prod but allows it for dev", () => {
    const prod = examplePortal("prod");
    prod.email.dmarc.policy = "none";
    expect(problems(prod)).toEqual([
      'launch-ready:portal.email.dmarc.policy | "none" | p=none is refused for prod: use quarantine or reject (none only monitors, spoofed resets still reach inboxes)',
    ]);
    const dev = examplePortal("dev");
    dev.email.dmarc.policy = "none";
    expect(problems(dev)).toEqual([]);
  });

  it("never prints a credential it refuses (Slack webhook URL)", () => {
    const raw = examplePortal("prod");
    const token = ["T0CANARY", "B0CANARY", "canaryTokenValue123"].join("/");
    raw.monitoring.alerts.webhooks = [`https://hooks.slack.com/services/${token}`, { url: `https://hooks.slack.com/services/${token}`, urlSecret: "x" }];
    const lines = problems(raw);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain("canaryTokenValue123");
    expect(lines).toContain(
      "launch-ready:portal.monitoring.alerts.webhooks.0 | [redacted] | a Slack webhook URL is a credential: store it with `pulumi config set --secret <key> <url>` and write { urlSecret: <key> } here",
    );
  });

  it("says what to do when the portal object is missing entirely", () => {
    expect(problems(undefined)).toEqual([
      "launch-ready:portal | <missing> | required: the stack file needs a `launch-ready:portal:` object describing the portal (see stacks/Pulumi.dev.yaml)",
    ]);
  });

  it("formats the error for people: one bulleted line per problem and the fix", () => {
    const raw = examplePortal("prod");
    raw.cloudflare.plan = "premium";
    raw.environment = "qa";
    try {
      parsePortalConfig(raw, "stacks/Pulumi.prod.yaml");
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toBe(
        [
          "stacks/Pulumi.prod.yaml has 2 config problems:",
          '  - launch-ready:portal.environment = "qa": expected one of dev, staging, prod',
          "  - launch-ready:portal.cloudflare.plan = \"premium\": expected one of free, pro, business, enterprise (the zone's Cloudflare plan)",
          "Fix each key above in the stack file (or with `pulumi config set`) and run again.",
        ].join("\n"),
      );
    }
  });

  it("never throws anything but PortalConfigError on random junk (property)", () => {
    const junk = fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true });
    fc.assert(
      fc.property(junk, (value) => {
        try {
          parsePortalConfig(value);
        } catch (e) {
          expect(e).toBeInstanceOf(PortalConfigError);
          expect((e as PortalConfigError).problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never throws anything but PortalConfigError when one key of a good config is replaced by junk (property)", () => {
    const base = examplePortal("prod");
    const paths: string[][] = [
      ["name"], ["environment"], ["domain"], ["domain", "apex"], ["domain", "hostnames"], ["cloudflare", "plan"], ["cloudflare", "accountId"],
      ["routes"], ["sensitiveEndpoints", "login"], ["sensitiveEndpoints", "login", "requests"], ["cors", "allowedOrigins"], ["email", "dmarc"],
      ["email", "providers"], ["secrets", "fromConfig"], ["deploy", "origins"], ["deploy", "active"], ["monitoring", "paths"],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.anything(), (path, value) => {
        const raw = structuredClone(base);
        let node = raw;
        for (const key of path.slice(0, -1)) node = node[key];
        node[path[path.length - 1]] = value;
        try {
          parsePortalConfig(raw);
        } catch (e) {
          expect(e).toBeInstanceOf(PortalConfigError);
          for (const p of (e as PortalConfigError).problems) expect(p.path.startsWith("launch-ready:portal")).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});
