import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { planEvaluators } from "../../scripts/plan/evaluators";
import { MONITORING_TYPES as T, monitoringWiring } from "../../scripts/plan/monitoring-wiring";
import { planStack, type PlannedStack } from "../../scripts/plan/plan-stack";
import { componentResources, componentWarnings } from "../plan/components";

/** The plan's own monitoring judges (the plan also carries the policy pack's scorecard). */
const MONITORING_JUDGES = ["uptime-checks", "alert-wiring", "audit-log-group", "login-failure-alarm"];
function monitoringOnly<T extends { id: string }>(findings: T[]): T[] {
  return findings.filter((f) => MONITORING_JUDGES.includes(f.id));
}

const ROOT = path.resolve(__dirname, "..", "..");
const WEBHOOK = "https://alerts.tradeloft.test/sns";

function devPortal(): Record<string, any> {
  const doc = parseYaml(fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.dev.yaml"), "utf8"));
  return structuredClone(doc.config["launch-ready:portal"]);
}

// Monitoring's own warnings and resources: the edge, email and DNS components share the plan.
const warnings = (p: PlannedStack) => componentWarnings(p.plan.notes, "monitoring");
const customTypes = (p: PlannedStack) => [...new Set(componentResources(p.plan.resources, "monitoring").filter((r) => r.custom).map((r) => r.type))].sort();

let dev: PlannedStack;
let minimal: PlannedStack;
let inUsEast: PlannedStack;
beforeAll(async () => {
  dev = await planStack({ stack: "dev", evaluators: planEvaluators() });
  const portal = devPortal();
  portal.monitoring = {
    intervalSeconds: 10,
    alerts: { webhooks: [WEBHOOK] },
    errorRate: { enabled: false },
    auditLogs: { retentionDays: 30, region: "eu-west-1", loginFailureAlarm: { enabled: false } },
  };
  minimal = await planStack({ stack: "dev", evaluators: planEvaluators(), portalOverride: portal });
  // A stack whose AWS provider runs in us-east-1: uptime and audit alarms share one topic.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-region-"));
  fs.mkdirSync(path.join(dir, "stacks"));
  fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  const stackFile = fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.dev.yaml"), "utf8").replace("config:\n", "config:\n  aws:region: us-east-1\n");
  fs.writeFileSync(path.join(dir, "stacks", "Pulumi.dev.yaml"), stackFile);
  try {
    inUsEast = await planStack({ stack: "dev", projectDir: dir, evaluators: planEvaluators() });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("free zone defaults (dev example)", () => {
  it("route53 checks, one us-east-1 topic for uptime, one in the provider's region for the audit alarm", () => {
    const topics = dev.plan.resources.filter((r) => r.type === T.topic).map((t) => [t.name, t.inputs.region ?? null]);
    expect(topics.sort()).toEqual([
      ["tradeloft-alerts", "us-east-1"],
      ["tradeloft-alerts-app-region", null],
    ]);
    expect(monitoringOnly(dev.plan.findings).map((f) => [f.id, f.status])).toEqual([
      ["uptime-checks", "pass"],
      ["alert-wiring", "pass"],
      ["audit-log-group", "pass"],
      ["login-failure-alarm", "pass"],
    ]);
  });

  it("only passive origin monitoring at the edge, and says what is missing", () => {
    const edge = dev.plan.resources.filter((r) => r.type === T.cfPolicy);
    expect(edge.map((p) => [p.inputs.alertType, p.inputs.mechanisms])).toEqual([["real_origin_monitoring", { emails: [{ id: "oncall@tradeloft.test" }] }]]);
    expect(warnings(dev)).toEqual([
      "monitoring: origin 5xx error-rate alerts need a Cloudflare Business plan (this zone is free); set up instead: real_origin_monitoring. Alert on 5xx spikes from the application's own metrics until then",
    ]);
  });
});

describe("options switched off", () => {
  it("creates no edge alerts, no Cloudflare destinations and no refused-login alarm", () => {
    expect(customTypes(minimal)).toEqual([
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:cloudwatch/metricAlarm:MetricAlarm",
      "aws:route53/healthCheck:HealthCheck",
      "aws:sns/topic:Topic",
      "aws:sns/topicSubscription:TopicSubscription",
    ]);
    // Nor anywhere else in the plan: no notification policy and no alert destination at all.
    expect(minimal.plan.resources.filter((r) => r.type === T.cfPolicy || r.type === T.cfWebhook)).toEqual([]);
    expect(minimal.plan.resources.filter((r) => r.type === T.alarm).map((a) => a.name).sort()).toEqual([
      "tradeloft-uptime-apex-home",
      "tradeloft-uptime-api-api-health",
      "tradeloft-uptime-app-login",
    ]);
    expect(minimal.plan.resources.some((r) => r.type === "launch-ready:monitoring:CloudflareAlertDestinations")).toBe(false);
    expect(minimal.plan.findings.find((f) => f.id === "login-failure-alarm")!.status).toBe("skip");
  });

  it("runs every 10 seconds, keeps audit logs 30 days in eu-west-1, and reaches the webhook with a warning about SNS", () => {
    for (const hc of minimal.plan.resources.filter((r) => r.type === T.r53HealthCheck)) expect(hc.inputs.requestInterval).toBe(10);
    expect(minimal.plan.resources.find((r) => r.type === T.logGroup)!.inputs).toMatchObject({ retentionInDays: 30, region: "eu-west-1", skipDestroy: false });
    for (const w of monitoringWiring(minimal.plan)) expect(w.targets).toEqual([{ kind: "https", endpoint: WEBHOOK, via: "tradeloft-alerts-webhook-1" }]);
    expect(warnings(minimal)).toEqual([
      "monitoring: on the route53 backend webhooks receive SNS's JSON envelope and must confirm the subscription (SubscribeURL); Slack incoming webhooks do neither: use AWS Chatbot, a relay, or the cloudflare backend (Pro+)",
    ]);
  });
});

describe("AWS provider in us-east-1 (aws:region in the stack file)", () => {
  it("puts the audit log group there explicitly and shares one topic between uptime and refused-login alarms", () => {
    expect(inUsEast.plan.resources.filter((r) => r.type === T.topic).map((t) => [t.name, t.inputs.region])).toEqual([["tradeloft-alerts", "us-east-1"]]);
    expect(inUsEast.plan.resources.find((r) => r.type === T.logGroup)!.inputs.region).toBe("us-east-1");
    expect(monitoringOnly(inUsEast.plan.findings).map((f) => [f.id, f.status])).toEqual([
      ["uptime-checks", "pass"],
      ["alert-wiring", "pass"],
      ["audit-log-group", "pass"],
      ["login-failure-alarm", "pass"],
    ]);
  });
});
