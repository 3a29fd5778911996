import { beforeAll, describe, expect, it } from "vitest";
import { planToJson, type Plan, type PlannedResource } from "../../scripts/plan/model";
import { MONITORING_TYPES as T, monitoringFindings, monitoringWiring } from "../../scripts/plan/monitoring-wiring";
import { planEvaluators } from "../../scripts/plan/evaluators";
import { planStack, type PlannedStack } from "../../scripts/plan/plan-stack";

/** The plan's own monitoring judges (the plan also carries the policy pack's scorecard). */
const MONITORING_JUDGES = ["uptime-checks", "alert-wiring", "audit-log-group", "login-failure-alarm"];
function monitoringOnly<T extends { id: string }>(findings: T[]): T[] {
  return findings.filter((f) => MONITORING_JUDGES.includes(f.id));
}

// Built at run time so no scanner mistakes it for a real key.
const CANARY_KEY = ["pd", "canary", Math.random().toString(36).slice(2, 12)].join("-");

let prod: PlannedStack;
beforeAll(async () => {
  prod = await planStack({ stack: "prod", env: { LAUNCH_READY_SECRET_PAGERDUTY_INTEGRATION_KEY: CANARY_KEY }, evaluators: planEvaluators() });
});

/** Resources of a type, by name: registration order depends on when outputs resolve. */
const ofType = (plan: Plan, type: string) => plan.resources.filter((r) => r.type === type).sort((a, b) => a.name.localeCompare(b.name));
const byUrn = (plan: Plan, urn: string) => plan.resources.find((r) => r.urn === urn)!;

describe("route53 backend (prod example)", () => {
  it("has one HTTPS health check per configured path, from at least 3 regions", () => {
    const checks = ofType(prod.plan, T.r53HealthCheck);
    expect(checks.map((c) => [c.name, c.inputs.type, c.inputs.fqdn, c.inputs.resourcePath, c.inputs.searchString ?? null])).toEqual([
      ["tradeloft-uptime-apex-home", "HTTPS", "example.com", "/", null],
      ["tradeloft-uptime-api-api-health", "HTTPS_STR_MATCH", "api.example.com", "/api/health", '"status":"ok"'],
      ["tradeloft-uptime-app-login", "HTTPS", "app.example.com", "/login", null],
    ]);
    for (const c of checks) {
      expect(c.inputs).toMatchObject({ port: 443, enableSni: true, requestInterval: 30, failureThreshold: 3 });
      expect((c.inputs.regions as string[]).length).toBeGreaterThanOrEqual(3);
    }
  });

  it("wires every check → alarm (us-east-1) → topic (us-east-1) → every target, on failure and on recovery", () => {
    const topic = ofType(prod.plan, T.topic);
    expect(topic).toHaveLength(1);
    expect(topic[0].inputs.region).toBe("us-east-1");
    for (const check of ofType(prod.plan, T.r53HealthCheck)) {
      // follow the graph by URNs, not names
      const alarms = ofType(prod.plan, T.alarm).filter((a) => a.propertyDependencies.dimensions?.includes(check.urn));
      expect(alarms).toHaveLength(1);
      const alarm = alarms[0];
      expect(alarm.inputs).toMatchObject({ region: "us-east-1", namespace: "AWS/Route53", metricName: "HealthCheckStatus", comparisonOperator: "LessThanThreshold", threshold: 1, treatMissingData: "breaching" });
      expect(alarm.inputs.dimensions).toEqual({ HealthCheckId: expect.stringMatching(new RegExp(`^${check.name}-`)) });
      expect(alarm.propertyDependencies.alarmActions).toEqual([topic[0].urn]);
      expect(alarm.propertyDependencies.okActions).toEqual([topic[0].urn]);
      const subs = ofType(prod.plan, T.subscription).filter((s) => s.propertyDependencies.topic?.includes(byUrn(prod.plan, alarm.propertyDependencies.alarmActions[0]).urn));
      expect(subs.map((s) => [s.name, s.inputs.protocol, s.inputs.endpoint, s.inputs.region])).toEqual([
        ["tradeloft-alerts-email-1", "email", "oncall@example.com", "us-east-1"],
        ["tradeloft-alerts-pagerduty", "https", "[secret]", "us-east-1"],
      ]);
    }
  });

  it("pages PagerDuty through a secret endpoint that never shows its key", () => {
    const pd = ofType(prod.plan, T.subscription).find((s) => s.name === "tradeloft-alerts-pagerduty")!;
    expect(pd.secretInputs).toEqual(["endpoint"]);
    expect(pd.inputs.endpointAutoConfirms).toBe(true);
    const everything = planToJson(prod.plan);
    expect(everything).not.toContain(CANARY_KEY);
    expect(everything).toContain("[secret]");
  });

  it("the wiring judge passes on the example and names each path", () => {
    const findings = monitoringFindings(prod.plan, prod.config);
    expect(findings.map((f) => [f.id, f.status])).toEqual([
      ["uptime-checks", "pass"],
      ["alert-wiring", "pass"],
      ["audit-log-group", "pass"],
      ["login-failure-alarm", "pass"],
    ]);
    expect(findings[1].evidence).toContain("https://api.example.com/api/health → tradeloft-uptime-api-api-health → email:oncall@example.com, pagerduty:tradeloft-alerts-pagerduty");
    expect(monitoringOnly(prod.plan.findings).map((f) => f.id)).toEqual(["uptime-checks", "alert-wiring", "audit-log-group", "login-failure-alarm"]);
  });

  it("creates the audit log group with the configured retention, kept on destroy in prod", () => {
    const [group] = ofType(prod.plan, T.logGroup);
    expect(group.inputs).toEqual({ name: "/launch-ready/tradeloft/prod/auth", region: "us-east-1", retentionInDays: 400, skipDestroy: true, tags: { "launch-ready:purpose": "auth-audit-events" } });
    const outputs = prod.plan.outputs.monitoring as Record<string, unknown>;
    expect(outputs.auditLogGroupName).toBe("/launch-ready/tradeloft/prod/auth");
    expect(outputs.backend).toBe("route53");
    expect((outputs.checks as { alarmName: string }[]).map((c) => c.alarmName)).toEqual([
      "tradeloft-prod-uptime-apex-home",
      "tradeloft-prod-uptime-app-login",
      "tradeloft-prod-uptime-api-api-health",
    ]);
    expect(JSON.stringify(prod.plan.outputs)).not.toContain(CANARY_KEY);
  });
});

describe("refused-login alarm (prod example)", () => {
  it("wires audit log group → metric filter → alarm (ALARM and OK) → the same topic and targets", () => {
    const [group] = ofType(prod.plan, T.logGroup);
    const filters = ofType(prod.plan, T.logFilter).filter((f) => f.propertyDependencies.logGroupName?.includes(group.urn));
    expect(filters.map((f) => [f.name, f.inputs.pattern, f.inputs.metricTransformation])).toEqual([
      ["tradeloft-audit-login-failures", '{ $.event = "login.failure" }', { name: "LoginFailures", namespace: "LaunchReady/tradeloft-prod", value: "1", defaultValue: "0", unit: "Count" }],
    ]);
    const alarm = ofType(prod.plan, T.alarm).find((a) => a.propertyDependencies.metricName?.includes(filters[0].urn))!;
    expect(alarm.inputs).toMatchObject({
      name: "tradeloft-prod-login-failures",
      region: "us-east-1",
      namespace: "LaunchReady/tradeloft-prod",
      metricName: "LoginFailures",
      statistic: "Sum",
      period: 300,
      threshold: 25,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
    });
    const [topic] = ofType(prod.plan, T.topic);
    expect(ofType(prod.plan, T.topic)).toHaveLength(1);
    expect(alarm.propertyDependencies.alarmActions).toEqual([topic.urn]);
    expect(alarm.propertyDependencies.okActions).toEqual([topic.urn]);
    const f = prod.plan.findings.find((x) => x.id === "login-failure-alarm")!;
    expect(f.evidence).toBe("filter tradeloft-audit-login-failures → alarm tradeloft-audit-login-failures → email:oncall@example.com, pagerduty:tradeloft-alerts-pagerduty");
  });

  it("the judge fails when the alarm has no OK action, and skips when the alarm is switched off", () => {
    const broken = mutate(prod.plan, (rs) => rs.map((r) => (r.type === T.alarm && r.name === "tradeloft-audit-login-failures" ? { ...r, propertyDependencies: { ...r.propertyDependencies, okActions: [] } } : r)));
    const f = monitoringFindings(broken, prod.config).find((x) => x.id === "login-failure-alarm")!;
    expect([f.status, f.message]).toEqual(["fail", "a spike of refused logins reaches nobody"]);
    const off = structuredClone(prod.config);
    off.monitoring.auditLogs.loginFailureAlarm.enabled = false;
    expect(monitoringFindings(prod.plan, off).find((x) => x.id === "login-failure-alarm")!.status).toBe("skip");
  });
});

/** A copy of the plan with one resource changed or dropped: the judge must notice. */
function mutate(plan: Plan, change: (resources: PlannedResource[]) => PlannedResource[]): Plan {
  return { ...plan, resources: change(structuredClone(plan.resources)) };
}

describe("the wiring judge fails on broken wiring", () => {
  const wiringStatus = (plan: Plan) => monitoringFindings(plan, prod.config).find((f) => f.id === "alert-wiring")!;

  it("an alarm without OK actions (no recovery alert)", () => {
    const broken = mutate(prod.plan, (rs) => rs.map((r) => (r.name === "tradeloft-uptime-app-login" && r.type === T.alarm ? { ...r, propertyDependencies: { ...r.propertyDependencies, okActions: [] } } : r)));
    const f = wiringStatus(broken);
    expect(f.status).toBe("fail");
    expect(f.message).toBe("1 uptime check(s) do not reach a person on failure and recovery");
    expect(f.evidence).toContain("https://app.example.com/login");
  });

  it("an alarm outside us-east-1", () => {
    const broken = mutate(prod.plan, (rs) => rs.map((r) => (r.type === T.alarm && r.name === "tradeloft-uptime-apex-home" ? { ...r, inputs: { ...r.inputs, region: "eu-west-1" } } : r)));
    const f = wiringStatus(broken);
    expect(f.status).toBe("fail");
    expect(f.evidence).toContain("tradeloft-uptime-apex-home: alarm in eu-west-1; Route 53 metrics exist only in us-east-1");
  });

  it("a topic with no subscriptions (nobody is told)", () => {
    const broken = mutate(prod.plan, (rs) => rs.filter((r) => r.type !== T.subscription));
    const f = wiringStatus(broken);
    expect(f.status).toBe("fail");
    expect(f.message).toBe("3 uptime check(s) do not reach a person on failure and recovery");
    expect(f.evidence).toContain("no target");
  });

  it("a configured path without a health check", () => {
    const broken = mutate(prod.plan, (rs) => rs.filter((r) => r.name !== "tradeloft-uptime-api-api-health"));
    const f = monitoringFindings(broken, prod.config).find((x) => x.id === "uptime-checks")!;
    expect(f.status).toBe("fail");
    expect(f.evidence).toBe("unchecked: https://api.example.com/api/health");
  });

  it("fewer than three checker regions", () => {
    const broken = mutate(prod.plan, (rs) => rs.map((r) => (r.type === T.r53HealthCheck ? { ...r, inputs: { ...r.inputs, regions: ["us-east-1"] } } : r)));
    expect(monitoringWiring(broken).flatMap((w) => w.problems).sort()).toEqual([
      "tradeloft-uptime-apex-home: Route 53 checks from 1 regions; at least 3 are required",
      "tradeloft-uptime-api-api-health: Route 53 checks from 1 regions; at least 3 are required",
      "tradeloft-uptime-app-login: Route 53 checks from 1 regions; at least 3 are required",
    ]);
  });
});
