import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { planEvaluators } from "../../scripts/plan/evaluators";
import { planToJson, type Plan } from "../../scripts/plan/model";
import { MONITORING_TYPES as T, monitoringFindings, monitoringWiring } from "../../scripts/plan/monitoring-wiring";
import { planStack, type PlannedStack } from "../../scripts/plan/plan-stack";
import { componentResources, componentWarnings } from "../plan/components";

/** The plan's own monitoring judges (the plan also carries the policy pack's scorecard). */
const MONITORING_JUDGES = ["uptime-checks", "alert-wiring", "audit-log-group", "login-failure-alarm"];
function monitoringOnly<T extends { id: string }>(findings: T[]): T[] {
  return findings.filter((f) => MONITORING_JUDGES.includes(f.id));
}

const ROOT = path.resolve(__dirname, "..", "..");
// Built at run time so no scanner mistakes it for a real webhook.
const CANARY_URL = ["https://hooks.example.test", "canary", Math.random().toString(36).slice(2, 12)].join("/");
const PD_DESTINATION = "5c7a1e0f9b8d4c3a2e1f0a9b8c7d6e5f";

function stagingPortal(): Record<string, any> {
  const doc = parseYaml(fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.staging.yaml"), "utf8"));
  return structuredClone(doc.config["launch-ready:portal"]);
}

/** Resources of a type, by name: registration order depends on when outputs resolve. */
const ofType = (plan: Plan, type: string) => plan.resources.filter((r) => r.type === type).sort((a, b) => a.name.localeCompare(b.name));

let pro: PlannedStack;
let business: PlannedStack;
beforeAll(async () => {
  const env = { LAUNCH_READY_SECRET_OPS_WEBHOOK_URL: CANARY_URL };
  pro = await planStack({ stack: "staging", env, evaluators: planEvaluators() });
  const portal = stagingPortal();
  portal.cloudflare.plan = "business";
  portal.monitoring = {
    intervalSeconds: 15,
    paths: ["/", { path: "/login", expectedStatus: 200, bodyMatch: "Sign in" }, { path: "/api/health", expectedStatus: 204, failureThreshold: 2 }],
    alerts: { ...portal.monitoring.alerts, pagerduty: { cloudflareDestinationId: PD_DESTINATION } },
    errorRate: { slo: 99.7 },
  };
  business = await planStack({ stack: "staging", env, evaluators: planEvaluators(), portalOverride: portal });
});

describe("cloudflare backend, pro zone (staging example)", () => {
  it("has one standalone HTTPS health check per path against the public hostname", () => {
    const checks = ofType(pro.plan, T.cfHealthcheck);
    expect(checks.map((c) => [c.name, c.inputs.address, (c.inputs.httpConfig as any).path, (c.inputs.httpConfig as any).expectedCodes, c.inputs.interval])).toEqual([
      ["tradeloft-uptime-apex-home", "example.net", "/", ["200"], 60],
      ["tradeloft-uptime-api-api-health", "api.example.net", "/api/health", ["200"], 60],
      ["tradeloft-uptime-app-login", "app.example.net", "/login", ["200"], 60],
    ]);
    for (const c of checks) {
      expect(c.inputs).toMatchObject({ type: "HTTPS", zoneId: "5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d", consecutiveFails: 3, checkRegions: ["WNAM", "ENAM", "WEU"] });
      expect(c.inputs.httpConfig).toMatchObject({ followRedirects: false, allowInsecure: false, header: { Host: [c.inputs.address] } });
    }
  });

  it("wires every check → notification policy (Unhealthy and Healthy) → email and the webhook destination", () => {
    const [hook] = ofType(pro.plan, T.cfWebhook);
    expect(hook.inputs).toEqual({ accountId: "0123456789abcdef0123456789abcdef", name: "tradeloft-staging ops-slack", url: "[secret]" });
    expect(hook.secretInputs).toEqual(["url"]);
    for (const check of ofType(pro.plan, T.cfHealthcheck)) {
      const policies = ofType(pro.plan, T.cfPolicy).filter((p) => p.propertyDependencies.filters?.includes(check.urn));
      expect(policies).toHaveLength(1);
      const [policy] = policies;
      expect(policy.inputs.alertType).toBe("health_check_status_notification");
      expect(policy.inputs.filters).toEqual({ healthCheckIds: [expect.stringMatching(new RegExp(`^${check.name}-`))], statuses: ["Unhealthy", "Healthy"] });
      expect(policy.propertyDependencies.mechanisms).toEqual([hook.urn]);
      expect(policy.inputs.mechanisms).toEqual({ emails: [{ id: "oncall@example.net" }], webhooks: [{ id: expect.stringMatching(/^tradeloft-alert-destinations-webhook-1-/) }] });
    }
    const reached = Object.fromEntries(monitoringWiring(pro.plan).map((w) => [w.url, w.targets.map((t) => `${t.kind}:${t.endpoint}`)]));
    const both = ["email:oncall@example.net", "webhook:tradeloft-alert-destinations-webhook-1"];
    expect(reached).toEqual({ "https://example.net/": both, "https://app.example.net/login": both, "https://api.example.net/api/health": both });
  });

  it("monitoring uses AWS only for audit logs, and gets the pro plan's edge alerts without the Business-only 5xx alert", () => {
    // AWS only for the audit log group and its refused-login alarm, in the app's region (no explicit region).
    // Monitoring's resources only: the email component's SES identity is AWS too.
    const aws = componentResources(pro.plan.resources, "monitoring").filter((r) => r.type.startsWith("aws:")).map((r) => [r.type, r.name, r.inputs.region ?? null]);
    expect(aws.sort((a, b) => String(a[1]).localeCompare(String(b[1])) || String(a[0]).localeCompare(String(b[0])))).toEqual([
      [T.topic, "tradeloft-alerts-app-region", null],
      [T.subscription, "tradeloft-alerts-app-region-email-1", null],
      [T.logGroup, "tradeloft-audit-auth", null],
      [T.logFilter, "tradeloft-audit-login-failures", null],
      [T.alarm, "tradeloft-audit-login-failures", null],
    ]);
    const edge = ofType(pro.plan, T.cfPolicy).filter((p) => p.inputs.alertType !== "health_check_status_notification");
    expect(edge.map((p) => p.inputs.alertType)).toEqual(["dos_attack_l7", "real_origin_monitoring"]);
    expect(componentWarnings(pro.plan.notes, "monitoring")).toEqual([
      "monitoring: origin 5xx error-rate alerts need a Cloudflare Business plan (this zone is pro); set up instead: real_origin_monitoring, dos_attack_l7. Alert on 5xx spikes from the application's own metrics until then",
      "monitoring: the login-failure alarm (CloudWatch → SNS) reaches only oncall@example.net; webhooks get Cloudflare's alerts only",
    ]);
  });

  it("never shows the webhook URL", () => {
    expect(planToJson(pro.plan)).not.toContain(CANARY_URL);
    expect(JSON.stringify(pro.plan.outputs)).not.toContain(CANARY_URL);
  });

  it("the wiring judge passes", () => {
    expect(monitoringOnly(pro.plan.findings).map((f) => [f.id, f.status])).toEqual([
      ["uptime-checks", "pass"],
      ["alert-wiring", "pass"],
      ["audit-log-group", "pass"],
      ["login-failure-alarm", "pass"],
    ]);
  });

  it("the judge fails when a policy only reports failures (no recovery)", () => {
    const broken: Plan = {
      ...pro.plan,
      resources: pro.plan.resources.map((r) =>
        r.type === T.cfPolicy && r.name === "tradeloft-uptime-app-login" ? { ...r, inputs: { ...r.inputs, filters: { ...(r.inputs.filters as object), statuses: ["Unhealthy"] } } } : r,
      ),
    };
    const f = monitoringFindings(broken, pro.config).find((x) => x.id === "alert-wiring")!;
    expect(f.status).toBe("fail");
    expect(f.evidence).toContain("https://app.example.net/login");
  });
});

describe("cloudflare backend, business zone", () => {
  it("uses per-check status, body match, interval and failure threshold", () => {
    const checks = ofType(business.plan, T.cfHealthcheck);
    expect(checks.map((c) => [c.inputs.address, (c.inputs.httpConfig as any).expectedCodes, (c.inputs.httpConfig as any).expectedBody ?? null, c.inputs.interval, c.inputs.consecutiveFails])).toEqual([
      ["example.net", ["200"], null, 15, 3],
      ["api.example.net", ["204"], null, 15, 2],
      ["app.example.net", ["200"], "Sign in", 15, 3],
    ]);
  });

  it("pages PagerDuty through the connected destination and adds the origin 5xx alert with the SLO", () => {
    for (const w of monitoringWiring(business.plan)) expect(w.targets.map((t) => t.kind)).toEqual(["email", "webhook", "pagerduty"]);
    const fiveXx = ofType(business.plan, T.cfPolicy).find((p) => p.inputs.alertType === "http_alert_origin_error")!;
    expect(fiveXx.inputs.filters).toEqual({ zones: ["5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"], slos: ["99.7"] });
    expect((fiveXx.inputs.mechanisms as any).pagerduties).toEqual([{ id: PD_DESTINATION }]);
    expect(ofType(business.plan, T.cfPolicy).map((p) => p.name)).toEqual([
      "tradeloft-error-rate-http-ddos",
      "tradeloft-error-rate-origin-5xx",
      "tradeloft-error-rate-origin-down",
      "tradeloft-uptime-apex-home",
      "tradeloft-uptime-api-api-health",
      "tradeloft-uptime-app-login",
    ]);
    expect(componentWarnings(business.plan.notes, "monitoring")).toEqual([
      "monitoring: the login-failure alarm (CloudWatch → SNS) reaches only oncall@example.net; webhooks get Cloudflare's alerts only, and PagerDuty needs monitoring.alerts.pagerduty.integrationKeySecret",
    ]);
    expect(monitoringOnly(business.plan.findings).every((f) => f.status === "pass")).toBe(true);
  });
});
