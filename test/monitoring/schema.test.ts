import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { exitCodeFor } from "../../scripts/cli";
import { parsePortalConfig, PortalConfigError, type ConfigProblem } from "../../stacks/schema";
import { auditLogGroupName, CLOUDWATCH_RETENTION_DAYS, monitoringBackend, monitoringSecretKeys, resolveChecks } from "../../stacks/schema/monitoring";

const ROOT = path.resolve(__dirname, "..", "..");
const P = "launch-ready:portal.monitoring";

/** The portal object of a shipped example stack, as a fresh mutable copy. */
function example(stack: "dev" | "staging" | "prod"): Record<string, any> {
  const doc = parseYaml(fs.readFileSync(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8"));
  return structuredClone(doc.config["launch-ready:portal"]);
}

function problems(raw: unknown): ConfigProblem[] {
  try {
    parsePortalConfig(raw, "test");
  } catch (e) {
    expect(e).toBeInstanceOf(PortalConfigError);
    return (e as PortalConfigError).problems;
  }
  throw new Error("expected the config to be refused");
}

/** Starts from a valid example and changes only `monitoring`. */
function withMonitoring(stack: "dev" | "staging" | "prod", monitoring: unknown, extra: (p: Record<string, any>) => void = () => {}) {
  const portal = example(stack);
  portal.monitoring = monitoring;
  extra(portal);
  return portal;
}

describe("monitoring defaults", () => {
  it("dev (free): route53 backend, homepage + login page + API health, 30 s, 3 failures, 365 days", () => {
    const config = parsePortalConfig(example("dev"));
    expect(monitoringBackend(config)).toBe("route53");
    expect(resolveChecks(config)).toEqual([
      { key: "apex-home", path: "/", host: "apex", expectedStatus: 200, bodyMatch: undefined, intervalSeconds: 30, failureThreshold: 3 },
      { key: "app-login", path: "/login", host: "app", expectedStatus: 200, bodyMatch: undefined, intervalSeconds: 30, failureThreshold: 3 },
      { key: "api-api-health", path: "/api/health", host: "api", expectedStatus: 200, bodyMatch: undefined, intervalSeconds: 30, failureThreshold: 3 },
    ]);
    expect(config.monitoring.auditLogs.retentionDays).toBe(365);
    expect(auditLogGroupName(config)).toBe("/launch-ready/tradeloft/dev/auth");
    expect(config.monitoring.errorRate).toEqual({ enabled: true, slo: 99.8 });
  });

  it("default paths follow routes.loginPage and routes.health", () => {
    const config = parsePortalConfig(withMonitoring("dev", { alerts: { emails: ["ops@tradeloft.test"] } }, (p) => (p.routes = { loginPage: "/signin", health: "/api/v2/healthz" })));
    expect(resolveChecks(config).map((c) => `${c.host}${c.path}`)).toEqual(["apex/", "app/signin", "api/api/v2/healthz"]);
  });

  it("auto picks cloudflare on pro and up, 60 s interval", () => {
    const config = parsePortalConfig(example("staging"));
    expect(monitoringBackend(config)).toBe("cloudflare");
    expect(resolveChecks(config).map((c) => c.intervalSeconds)).toEqual([60, 60, 60]);
  });

  it("prod pins route53, a body match on the API health check and 400-day audit logs", () => {
    const config = parsePortalConfig(example("prod"));
    expect(monitoringBackend(config)).toBe("route53");
    expect(resolveChecks(config)[2]).toMatchObject({ path: "/api/health", host: "api", bodyMatch: '"status":"ok"' });
    expect(config.monitoring.auditLogs.retentionDays).toBe(400);
    expect(monitoringSecretKeys(config.monitoring)).toEqual(["pagerdutyIntegrationKey"]);
  });

  it("accepts every retention value CloudWatch accepts", () => {
    for (const days of CLOUDWATCH_RETENTION_DAYS) {
      const config = parsePortalConfig(withMonitoring("dev", { alerts: { emails: ["ops@tradeloft.test"] }, auditLogs: { retentionDays: days } }));
      expect(config.monitoring.auditLogs.retentionDays).toBe(days);
    }
  });

  it("per-check settings override the section's", () => {
    const config = parsePortalConfig(
      withMonitoring("dev", {
        intervalSeconds: 10,
        failureThreshold: 2,
        paths: ["/", { path: "/api/ready", host: "api", expectedStatus: 204, intervalSeconds: 30, failureThreshold: 5, bodyMatch: "ok" }],
        alerts: { emails: ["ops@tradeloft.test"] },
      }),
    );
    expect(resolveChecks(config)).toEqual([
      { key: "apex-home", path: "/", host: "apex", expectedStatus: 200, bodyMatch: undefined, intervalSeconds: 10, failureThreshold: 2 },
      { key: "api-api-ready", path: "/api/ready", host: "api", expectedStatus: 204, bodyMatch: "ok", intervalSeconds: 30, failureThreshold: 5 },
    ]);
  });
});

describe("monitoring bad input", () => {
  it("an alert email that is not an email address", () => {
    expect(problems(withMonitoring("dev", { alerts: { emails: ["oncall"] } }))).toEqual([
      { path: `${P}.alerts.emails.0`, value: '"oncall"', message: "expected an email address such as ops@example.com" },
    ]);
  });

  it("a webhook that is not an https URL", () => {
    expect(problems(withMonitoring("dev", { alerts: { webhooks: ["http://hooks.example.com/alerts"] } }))).toEqual([
      { path: `${P}.alerts.webhooks.0`, value: '"http://hooks.example.com/alerts"', message: "expected an https:// URL such as https://hooks.example.com/alerts" },
    ]);
    expect(problems(withMonitoring("dev", { alerts: { webhooks: [{ url: "ops-channel" }] } }))).toEqual([
      { path: `${P}.alerts.webhooks.0.url`, value: '"ops-channel"', message: "expected an https:// URL such as https://hooks.example.com/alerts" },
    ]);
  });

  it("a webhook with both a URL and a secret key", () => {
    expect(problems(withMonitoring("dev", { alerts: { webhooks: [{ url: "https://h.example.com", urlSecret: "opsHook" }] } }))).toEqual([
      // The url might be a credential: the problem names the key, never the value.
      { path: `${P}.alerts.webhooks.0`, value: "[redacted]", message: "set exactly one of url or urlSecret" },
    ]);
  });

  it("a plain Slack webhook URL (a credential in the repo)", () => {
    const slack = ["https://hooks.slack.com", "services", "T000", "B000", "x"].join("/");
    expect(problems(withMonitoring("dev", { alerts: { webhooks: [slack] } }))).toEqual([
      {
        path: `${P}.alerts.webhooks.0`,
        value: "[redacted]",
        message: "a Slack webhook URL is a credential: store it with `pulumi config set --secret <key> <url>` and write { urlSecret: <key> } here",
      },
    ]);
  });

  it("a retention value CloudWatch does not accept", () => {
    expect(problems(withMonitoring("dev", { alerts: { emails: ["ops@tradeloft.test"] }, auditLogs: { retentionDays: 366 } }))).toEqual([
      {
        path: `${P}.auditLogs.retentionDays`,
        value: "366",
        message: "expected a retention CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
      },
    ]);
  });

  it("a health path that is not a path", () => {
    const message = "expected a URL path that starts with / (no scheme, no host, no wildcard), such as /api/health";
    expect(problems(withMonitoring("dev", { paths: ["api/health"], alerts: { emails: ["ops@tradeloft.test"] } }))).toEqual([{ path: `${P}.paths.0`, value: '"api/health"', message }]);
    expect(problems(withMonitoring("dev", { paths: [{ path: "https://api.tradeloft.test/health" }], alerts: { emails: ["ops@tradeloft.test"] } }))).toEqual([
      { path: `${P}.paths.0.path`, value: '"https://api.tradeloft.test/health"', message },
    ]);
    expect(problems(withMonitoring("dev", { paths: ["/api/*"], alerts: { emails: ["ops@tradeloft.test"] } }))).toEqual([{ path: `${P}.paths.0`, value: '"/api/*"', message }]);
  });

  it("no alert target at all: checks must reach a person", () => {
    expect(problems(withMonitoring("dev", {}))).toEqual([
      { path: `${P}.alerts`, value: undefined, message: "list at least one alert target (emails, webhooks or pagerduty): every uptime check must reach a person" },
    ]);
    expect(problems(withMonitoring("dev", { alerts: { emails: [], webhooks: [] } }))).toEqual([
      { path: `${P}.alerts`, value: '{"emails":[],"webhooks":[]}', message: "list at least one alert target (emails, webhooks or pagerduty): every uptime check must reach a person" },
    ]);
  });

  it("the cloudflare backend on a free zone", () => {
    expect(problems(withMonitoring("dev", { backend: "cloudflare", alerts: { emails: ["ops@tradeloft.test"] } }))).toEqual([
      { path: `${P}.backend`, value: '"cloudflare"', message: "Cloudflare standalone health checks need a Pro plan or higher (cloudflare.plan is free): use route53 or auto" },
    ]);
  });

  it("intervals the backend cannot run", () => {
    expect(problems(withMonitoring("dev", { intervalSeconds: 60, alerts: { emails: ["ops@tradeloft.test"] } })).map((p) => [p.path, p.value, p.message])).toEqual(
      [0, 1, 2].map(() => [`${P}.intervalSeconds`, "60", "Route 53 health checks run every 10 or 30 seconds: use 10 or 30 (or the cloudflare backend on Pro+)"]),
    );
    expect(problems(withMonitoring("staging", { paths: ["/", { path: "/login", intervalSeconds: 30 }], alerts: { emails: ["ops@example.net"] } }))).toEqual([
      { path: `${P}.paths.1.intervalSeconds`, value: "30", message: "Cloudflare pro health checks run at most every 60 seconds: use 60 or more" },
    ]);
  });

  it("an expected 4xx on Route 53, which only counts 2xx/3xx as healthy", () => {
    expect(problems(withMonitoring("dev", { paths: [{ path: "/admin", expectedStatus: 401 }], alerts: { emails: ["ops@tradeloft.test"] } }))).toEqual([
      {
        path: `${P}.paths.0.expectedStatus`,
        value: "401",
        message: "Route 53 counts only 2xx and 3xx responses as healthy: expect a status below 400, or use the cloudflare backend (Pro+)",
      },
    ]);
  });

  it("PagerDuty without what the backend needs", () => {
    expect(problems(withMonitoring("dev", { alerts: { pagerduty: { cloudflareDestinationId: "0123456789abcdef0123456789abcdef" } } }))).toEqual([
      {
        path: `${P}.alerts.pagerduty`,
        // values longer than 60 characters are shortened in messages
        value: '{"cloudflareDestinationId":"0123456789abcdef0123456789abc...',
        message: "the route53 backend pages PagerDuty through its Amazon CloudWatch integration: set integrationKeySecret to the config key holding the integration key",
      },
    ]);
    expect(problems(withMonitoring("staging", { alerts: { pagerduty: { integrationKeySecret: "pagerdutyIntegrationKey" } } }))[0].message).toBe(
      "the cloudflare backend pages PagerDuty through a destination connected in the dashboard (Notifications → Destinations → PagerDuty): set cloudflareDestinationId, or use backend route53",
    );
    expect(problems(withMonitoring("dev", { alerts: { pagerduty: {} } }))).toEqual([
      {
        path: `${P}.alerts.pagerduty`,
        value: "{}",
        message: "the route53 backend pages PagerDuty through its Amazon CloudWatch integration: set integrationKeySecret to the config key holding the integration key",
      },
    ]);
  });

  it("the same host and path twice", () => {
    expect(problems(withMonitoring("dev", { paths: ["/login", { path: "/login", bodyMatch: "Sign in" }], alerts: { emails: ["ops@tradeloft.test"] } }))).toEqual([
      { path: `${P}.paths.1.path`, value: '"/login"', message: "checks the same host and path as monitoring.paths.0: remove one (or set host)" },
    ]);
  });

  it("reports every problem at once, with the unknown key's alternatives", () => {
    const found = problems(withMonitoring("dev", { paths: ["health"], alerts: { emails: ["x"], sms: ["+1555"] }, auditLogs: { retentionDays: 10 } }));
    expect(found.map((p) => p.path)).toEqual([`${P}.paths.0`, `${P}.alerts.emails.0`, `${P}.alerts.sms`, `${P}.auditLogs.retentionDays`]);
    expect(found[2].message).toBe('unknown key "sms"; allowed keys here: emails, webhooks, pagerduty. Check the spelling or remove it.');
  });

  it("reaches the command line as exit 2 with every problem and no stack trace", () => {
    let error: unknown;
    try {
      parsePortalConfig(withMonitoring("dev", { paths: ["health"], alerts: { emails: ["x"] }, auditLogs: { retentionDays: 10 } }), "stacks/Pulumi.dev.yaml");
    } catch (e) {
      error = e;
    }
    const { code, message } = exitCodeFor(error);
    expect(code).toBe(2);
    expect(message.split("\n")).toEqual([
      "stacks/Pulumi.dev.yaml has 3 config problems:",
      `  - ${P}.paths.0 = "health": expected a URL path that starts with / (no scheme, no host, no wildcard), such as /api/health`,
      `  - ${P}.alerts.emails.0 = "x": expected an email address such as ops@example.com`,
      `  - ${P}.auditLogs.retentionDays = 10: expected a retention CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653`,
      "Fix each key above in the stack file (or with `pulumi config set`) and run again.",
    ]);
  });
});
