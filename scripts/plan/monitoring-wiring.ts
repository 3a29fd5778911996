import { portalHosts } from "../../infra/hostnames";
import type { PortalConfig } from "../../stacks/schema";
import { resolveChecks } from "../../stacks/schema/monitoring";
import type { Finding } from "../lib/findings";
import type { Plan, PlannedResource } from "./model";

/**
 * Follows the captured plan as a graph, from each uptime check to the people
 * it reaches: health check → alarm (dimensions) → SNS topic (alarm and OK
 * actions) → subscriptions, or health check → notification policy (filters)
 * → email / webhook destination / PagerDuty. Edges are the per-input
 * dependencies the program registered, not names, so a check that is wired
 * to nothing shows up even when every resource exists.
 */

export const MONITORING_TYPES = {
  r53HealthCheck: "aws:route53/healthCheck:HealthCheck",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  topic: "aws:sns/topic:Topic",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  cfHealthcheck: "cloudflare:index/healthcheck:Healthcheck",
  cfPolicy: "cloudflare:index/notificationPolicy:NotificationPolicy",
  cfWebhook: "cloudflare:index/notificationPolicyWebhooks:NotificationPolicyWebhooks",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  logFilter: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
} as const;
const T = MONITORING_TYPES;

/** A place an alert lands, as the plan shows it (secret endpoints stay "[secret]"). */
export interface ReachedTarget {
  kind: "email" | "https" | "webhook" | "pagerduty";
  /** Address, or the resource name when the endpoint is a secret. */
  endpoint: string;
  /** The resource that delivers it (subscription, webhook destination), when there is one. */
  via?: string;
}

export interface CheckWiring {
  url: string;
  check: PlannedResource;
  /** Alarms (route53) or notification policies (cloudflare) watching the check. */
  alerts: PlannedResource[];
  /** Alerts that notify on failure and on recovery. */
  alertsWithRecovery: PlannedResource[];
  targets: ReachedTarget[];
  /** Problems on the way, e.g. an alarm outside us-east-1. */
  problems: string[];
}

const ALERTS_REGION = "us-east-1";

function urnsOf(r: PlannedResource, key: string): string[] {
  return r.propertyDependencies[key] ?? [];
}

function byUrn(plan: Plan): Map<string, PlannedResource> {
  return new Map(plan.resources.map((r) => [r.urn, r]));
}

/** Topics an alarm notifies on both ALARM and OK, and who their subscriptions reach. */
function alarmReach(plan: Plan, alarm: PlannedResource, index: Map<string, PlannedResource>, problems: string[]): { recovers: boolean; targets: ReachedTarget[] } {
  const onOk = new Set(urnsOf(alarm, "okActions"));
  const topics = urnsOf(alarm, "alarmActions")
    .filter((u) => onOk.has(u))
    .map((u) => index.get(u))
    .filter((t): t is PlannedResource => t?.type === T.topic);
  const targets: ReachedTarget[] = [];
  for (const topic of topics) {
    if (topic.inputs.region !== alarm.inputs.region) problems.push(`${topic.name}: topic in ${String(topic.inputs.region ?? "the provider's region")} but its alarm ${alarm.name} is in ${String(alarm.inputs.region ?? "the provider's region")}; an alarm notifies topics in its own region`);
    const subs = plan.resources.filter((r) => r.type === T.subscription && urnsOf(r, "topic").includes(topic.urn)).sort((a, b) => a.name.localeCompare(b.name));
    for (const sub of subs) {
      const endpoint = String(sub.inputs.endpoint);
      const pagerduty = sub.inputs.endpointAutoConfirms === true && sub.secretInputs.includes("endpoint");
      targets.push({ kind: sub.inputs.protocol === "email" ? "email" : pagerduty ? "pagerduty" : "https", endpoint: endpoint === "[secret]" ? sub.name : endpoint, via: sub.name });
    }
  }
  return { recovers: topics.length > 0, targets };
}

function route53Wiring(plan: Plan, hc: PlannedResource): CheckWiring {
  const index = byUrn(plan);
  const url = `https://${hc.inputs.fqdn}${hc.inputs.resourcePath ?? "/"}`;
  const problems: string[] = [];
  const alarms = plan.resources.filter((r) => r.type === T.alarm && urnsOf(r, "dimensions").includes(hc.urn));
  const withRecovery: PlannedResource[] = [];
  const targets: ReachedTarget[] = [];
  const regions = hc.inputs.regions as string[] | undefined;
  if (!regions || regions.length < 3) problems.push(`${hc.name}: Route 53 checks from ${regions?.length ?? 0} regions; at least 3 are required`);
  for (const alarm of alarms) {
    if (alarm.inputs.region !== ALERTS_REGION) problems.push(`${alarm.name}: alarm in ${String(alarm.inputs.region ?? "the provider's region")}; Route 53 metrics exist only in ${ALERTS_REGION}`);
    if (alarm.inputs.metricName !== "HealthCheckStatus" || alarm.inputs.namespace !== "AWS/Route53") problems.push(`${alarm.name}: does not watch AWS/Route53 HealthCheckStatus`);
    const reach = alarmReach(plan, alarm, index, problems);
    if (reach.recovers) withRecovery.push(alarm);
    targets.push(...reach.targets);
  }
  return { url, check: hc, alerts: alarms, alertsWithRecovery: withRecovery, targets, problems };
}

function cloudflareWiring(plan: Plan, hc: PlannedResource): CheckWiring {
  const index = byUrn(plan);
  const http = (hc.inputs.httpConfig ?? {}) as Record<string, unknown>;
  const url = `https://${hc.inputs.address}${http.path ?? "/"}`;
  const policies = plan.resources.filter((r) => r.type === T.cfPolicy && urnsOf(r, "filters").includes(hc.urn));
  const withRecovery = policies.filter((p) => {
    const statuses = ((p.inputs.filters ?? {}) as Record<string, unknown>).statuses as string[] | undefined;
    return !statuses || (statuses.includes("Healthy") && statuses.includes("Unhealthy"));
  });
  const targets: ReachedTarget[] = [];
  for (const policy of policies) {
    const mechanisms = (policy.inputs.mechanisms ?? {}) as Record<string, { id?: string }[] | undefined>;
    for (const e of mechanisms.emails ?? []) targets.push({ kind: "email", endpoint: String(e.id) });
    for (const u of urnsOf(policy, "mechanisms")) {
      const hook = index.get(u);
      if (hook?.type === T.cfWebhook) targets.push({ kind: "webhook", endpoint: hook.inputs.url === "[secret]" ? hook.name : String(hook.inputs.url), via: hook.name });
    }
    for (const p of mechanisms.pagerduties ?? []) targets.push({ kind: "pagerduty", endpoint: String(p.id) });
  }
  return { url, check: hc, alerts: policies, alertsWithRecovery: withRecovery, targets, problems: [] };
}

/** Every uptime check in the plan, with what it reaches, by check name (registration order varies with output timing). */
export function monitoringWiring(plan: Plan): CheckWiring[] {
  return plan.resources
    .flatMap((r) => (r.type === T.r53HealthCheck ? [route53Wiring(plan, r)] : r.type === T.cfHealthcheck ? [cloudflareWiring(plan, r)] : []))
    .sort((a, b) => a.check.name.localeCompare(b.check.name));
}

/** Plan-time judge for the "Monitoring and logs" row: paths covered, every check reaches someone on failure and recovery, audit log group present. */
export function monitoringFindings(plan: Plan, config: PortalConfig): Finding[] {
  const hosts = portalHosts(config);
  const wiring = monitoringWiring(plan);
  const checked = new Set(wiring.map((w) => w.url));
  const wanted = resolveChecks(config).map((c) => `https://${hosts[c.host]}${c.path}`);
  const missing = wanted.filter((u) => !checked.has(u));
  const findings: Finding[] = [
    {
      id: "uptime-checks",
      area: "monitoring-logs",
      status: missing.length ? "fail" : "pass",
      severity: "high",
      message: missing.length ? `${missing.length} configured path(s) have no uptime check` : `every configured path has an uptime check (${wanted.length})`,
      evidence: missing.length ? `unchecked: ${missing.join(", ")}` : wanted.join(", "),
      fix: missing.length ? "Check that createMonitoring builds a health check for each monitoring.paths entry." : undefined,
    },
  ];
  const broken = wiring.filter((w) => w.alertsWithRecovery.length === 0 || w.targets.length === 0 || w.problems.length > 0);
  findings.push({
    id: "alert-wiring",
    area: "monitoring-logs",
    status: broken.length || wiring.length === 0 ? "fail" : "pass",
    severity: "high",
    message: broken.length
      ? `${broken.length} uptime check(s) do not reach a person on failure and recovery`
      : wiring.length === 0
        ? "the plan has no uptime checks"
        : "every uptime check alerts at least one target on failure and on recovery",
    evidence: (broken.length ? broken : wiring)
      .map((w) => `${w.url} → ${w.alerts.map((a) => a.name).join(", ") || "no alarm"} → ${w.targets.map((t) => `${t.kind}:${t.endpoint}`).join(", ") || "no target"}${w.problems.length ? ` (${w.problems.join("; ")})` : ""}`)
      .join(" | "),
    fix: broken.length ? "Give monitoring.alerts at least one target and keep alarm/OK actions (or Healthy/Unhealthy filters) on every check." : undefined,
  });
  const logGroup = plan.resources.find((r) => r.type === T.logGroup && (r.inputs.tags as Record<string, string> | undefined)?.["launch-ready:purpose"] === "auth-audit-events");
  findings.push({
    id: "audit-log-group",
    area: "monitoring-logs",
    status: logGroup && typeof logGroup.inputs.retentionInDays === "number" ? "pass" : "fail",
    severity: "medium",
    message: logGroup ? `auth events have a log group (${String(logGroup.inputs.name)}, ${String(logGroup.inputs.retentionInDays)} days)` : "no log group for auth audit events",
    resource: logGroup ? `${logGroup.type}::${logGroup.name}` : undefined,
    fix: logGroup ? undefined : "Keep the AuditLogs component in createPortal.",
  });
  findings.push(loginFailureFinding(plan, config, logGroup));
  return findings;
}

/** The refused-login alarm: filter on the audit group → metric → alarm (ALARM and OK) → topic → subscriptions. */
function loginFailureFinding(plan: Plan, config: PortalConfig, logGroup: PlannedResource | undefined): Finding {
  const base = { id: "login-failure-alarm", area: "monitoring-logs" as const, severity: "medium" as const };
  if (!config.monitoring.auditLogs.loginFailureAlarm.enabled) {
    return { ...base, status: "skip", message: "the refused-login alarm is switched off (monitoring.auditLogs.loginFailureAlarm.enabled: false)" };
  }
  const index = byUrn(plan);
  const filter = logGroup && plan.resources.find((r) => r.type === T.logFilter && urnsOf(r, "logGroupName").includes(logGroup.urn));
  const alarm = filter && plan.resources.find((r) => r.type === T.alarm && urnsOf(r, "metricName").includes(filter.urn));
  const problems: string[] = [];
  const reach = alarm ? alarmReach(plan, alarm, index, problems) : { recovers: false, targets: [] };
  const ok = Boolean(alarm) && reach.recovers && reach.targets.length > 0 && problems.length === 0;
  return {
    ...base,
    status: ok ? "pass" : "fail",
    message: ok ? "a spike of refused logins alerts at least one target" : "a spike of refused logins reaches nobody",
    resource: alarm ? `${alarm.type}::${alarm.name}` : undefined,
    evidence: `${filter ? `filter ${filter.name}` : "no metric filter on the audit log group"} → ${alarm ? `alarm ${alarm.name}` : "no alarm"} → ${reach.targets.map((t) => `${t.kind}:${t.endpoint}`).join(", ") || "no target"}${problems.length ? ` (${problems.join("; ")})` : ""}`,
    fix: ok ? undefined : "Keep the AuditLogs login-failure alarm and give monitoring.alerts an email or PagerDuty target.",
  };
}
