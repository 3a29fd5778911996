import * as fs from "node:fs";
import * as path from "node:path";
import { portalHosts } from "../../infra/hostnames";
import { auditLogGroupName, monitoringBackend, resolveChecks } from "../../stacks/schema/monitoring";
import { AUDIT_EVENTS, LOGIN_FAILURE_PATTERN, NEVER_LOG } from "../../infra/monitoring/audit-events";
import { ERROR_RATE_ALERTS } from "../../infra/monitoring/error-rate";
import { UsageError } from "../lib/errors";
import type { PlannedStack } from "./plan-stack";
import { monitoringWiring, type CheckWiring } from "./monitoring-wiring";

/**
 * The launch handover document: what is watched and how, who gets told, how
 * to roll back, which DNS records to expect and what is still open. Written
 * from the parsed config and the offline plan, so it describes exactly what
 * `pulumi up` would build. Secrets never appear: the plan already masks them,
 * and secret config keys are named, never read.
 */

export const HANDOVER_SECTIONS = [
  "Summary",
  "Endpoints monitored",
  "Alert targets",
  "Error-rate alerting",
  "Audit logs",
  "Rollback",
  "DNS and email records to expect",
  "Open warnings",
] as const;

const T = {
  topic: "aws:sns/topic:Topic",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  cfPolicy: "cloudflare:index/notificationPolicy:NotificationPolicy",
  dnsRecord: "cloudflare:index/dnsRecord:DnsRecord",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
} as const;

function cell(value: unknown): string {
  const text = value === undefined || value === null || value === "" ? "—" : String(value);
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function code(value: unknown): string {
  return value === undefined || value === null || value === "" ? "—" : `\`${String(value).replace(/`/g, "'")}\``;
}

function table(header: string[], rows: unknown[][]): string[] {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)];
}

/** Checks in the order the config lists them (registration order varies with output timing). */
function orderedWiring(planned: PlannedStack): CheckWiring[] {
  const hosts = portalHosts(planned.config);
  const order = resolveChecks(planned.config).map((c) => `https://${hosts[c.host]}${c.path}`);
  const rank = (url: string) => (order.indexOf(url) === -1 ? order.length : order.indexOf(url));
  return monitoringWiring(planned.plan).sort((a, b) => rank(a.url) - rank(b.url));
}

function endpointsSection(planned: PlannedStack): string[] {
  const { config } = planned;
  const backend = monitoringBackend(config);
  const wiring = orderedWiring(planned);
  const out: string[] = [];
  if (backend === "route53") {
    out.push(
      `Route 53 health checks over HTTPS from ${checkRegions(wiring[0]?.check.inputs.regions)}, through DNS and Cloudflare's edge like a visitor. A 2xx or 3xx answer counts as healthy. ` +
        "Each check has a CloudWatch alarm in us-east-1 (HealthCheckStatus, the only region Route 53 publishes it) that notifies the alert topic when the check fails **and** when it recovers.",
      "",
    );
    const rows = wiring.map(({ url, check, alerts }) => {
      const i = check.inputs;
      return [url, "2xx/3xx", i.searchString ? code(i.searchString) : "—", `${i.requestInterval} s`, i.failureThreshold, alerts.map((a) => code(a.inputs.name)).join(", ") || "**none**"];
    });
    out.push(...table(["URL", "Healthy when", "Body contains", "Interval", "Failures before alert", "Alarm"], rows));
    out.push("", "Cloudflare must let the Route 53 health checkers through: do not challenge or rate-limit the `ROUTE53_HEALTHCHECKS` ranges of AWS's `ip-ranges.json`, or checks fail while users are fine.");
  } else {
    out.push(
      `Cloudflare standalone health checks over HTTPS from ${checkRegions(wiring[0]?.check.inputs.checkRegions)} (three data centres each), against the public hostnames. ` +
        "Each check has a Cloudflare notification policy that fires when it turns Unhealthy **and** when it is Healthy again.",
      "",
    );
    const rows = wiring.map(({ url, check, alerts }) => {
      const i = check.inputs;
      const http = (i.httpConfig ?? {}) as Record<string, unknown>;
      return [url, (http.expectedCodes as string[] | undefined)?.join(", ") ?? "—", http.expectedBody ? code(http.expectedBody) : "—", `${i.interval} s`, i.consecutiveFails, alerts.map((p) => code(p.inputs.name)).join(", ") || "**none**"];
    });
    out.push(...table(["URL", "Healthy when", "Body contains", "Interval", "Failures before alert", "Notification policy"], rows));
  }
  return out;
}

function checkRegions(value: unknown): string {
  return Array.isArray(value) && value.length ? value.map((v) => code(v)).join(", ") : "the provider's default regions";
}

function targetsSection(planned: PlannedStack): string[] {
  const { plan, config } = planned;
  const backend = monitoringBackend(config);
  const { emails, webhooks, pagerduty } = config.monitoring.alerts;
  const rows: unknown[][] = [];
  for (const e of emails) rows.push(["Email", code(e), backend === "route53" ? "SNS email subscription: the recipient must click the confirmation link AWS sends" : "Cloudflare notification email"]);
  webhooks.forEach((w, i) => {
    const label = typeof w === "string" ? code(w) : w.url ? `${w.name ?? `webhook-${i + 1}`}: ${code(w.url)}` : `${w.name ?? `webhook-${i + 1}`}: URL in secret config key ${code(w.urlSecret)}`;
    rows.push([
      "Webhook",
      label,
      backend === "route53" ? "SNS https subscription: the endpoint must confirm it (SubscribeURL) and read SNS's JSON envelope" : "Cloudflare webhook destination (Slack, Google Chat, Discord formatted by URL)",
    ]);
  });
  if (pagerduty) {
    const where = pagerduty.integrationKeySecret ? `integration key in secret config key ${code(pagerduty.integrationKeySecret)}` : "";
    const dest = pagerduty.cloudflareDestinationId ? `Cloudflare destination ${code(pagerduty.cloudflareDestinationId)}` : "";
    rows.push([
      "PagerDuty",
      [where, dest].filter(Boolean).join("; "),
      backend === "route53" ? "Amazon CloudWatch integration (events endpoint), confirms itself; an OK message resolves the incident" : "Cloudflare PagerDuty destination",
    ]);
  }
  const out = table(["Kind", "Target", "How it is delivered"], rows);
  for (const topic of plan.resources.filter((r) => r.type === T.topic).sort((a, b) => a.name.localeCompare(b.name))) {
    const subs = plan.resources.filter((r) => r.type === T.subscription && (r.propertyDependencies.topic ?? []).includes(topic.urn)).sort((a, b) => a.name.localeCompare(b.name));
    const alarms = plan.resources.filter((r) => r.type === T.alarm && (r.propertyDependencies.alarmActions ?? []).includes(topic.urn)).length;
    out.push("", `SNS topic ${code(topic.name)} in ${topic.inputs.region ? code(topic.inputs.region) : "the AWS provider's region"}: ${alarms} alarm(s) notify it; ${subs.length} subscription(s): ${subs.map((x) => code(x.inputs.protocol)).join(", ") || "none"}.`);
  }
  const steps: string[] = [];
  if (plan.resources.some((r) => r.type === T.subscription && r.inputs.protocol === "email")) steps.push("confirm every email subscription (AWS sends a link)");
  if (plan.resources.some((r) => r.type === T.subscription && r.inputs.protocol === "https" && r.inputs.endpointAutoConfirms !== true)) steps.push("make sure each webhook endpoint confirmed its SNS subscription");
  if (backend === "cloudflare") steps.push("send a test notification from Cloudflare Notifications to every destination");
  steps.push("trigger one alert end to end (for example point a check at a path that returns 404 for a few minutes) and make sure each target received both the failure and the recovery");
  out.push("", `Before traffic arrives: ${steps.join("; then ")}.`);
  return out;
}

function errorRateSection(planned: PlannedStack): string[] {
  const { plan, config } = planned;
  if (!config.monitoring.errorRate.enabled) return ["Edge error-rate alerting is switched off (`monitoring.errorRate.enabled: false`)."];
  const policies = plan.resources
    .filter((r) => r.type === T.cfPolicy && r.inputs.alertType !== "health_check_status_notification")
    .sort((a, b) => ERROR_RATE_ALERTS.findIndex((x) => x.alertType === a.inputs.alertType) - ERROR_RATE_ALERTS.findIndex((x) => x.alertType === b.inputs.alertType));
  const out = [`Cloudflare notifications for origin trouble on the ${config.cloudflare.plan} plan, to the same targets:`, ""];
  out.push(...table(["Alert type", "What it catches"], policies.map((p) => [code(p.inputs.alertType), String(p.inputs.description ?? "").replace(/ \(launch-ready\)$/, "")])));
  if (!policies.some((p) => p.inputs.alertType === "http_alert_origin_error")) {
    out.push("", "Origin 5xx error-rate alerts need a Cloudflare Business plan. Until then, alert on 5xx spikes from the application's own metrics (for example a CloudWatch metric filter on its request log).");
  }
  return out;
}

function auditSection(planned: PlannedStack): string[] {
  const { plan, config } = planned;
  const group = plan.resources.find((r) => r.type === T.logGroup);
  const name = (group?.inputs.name as string | undefined) ?? auditLogGroupName(config);
  const out = [
    `Auth events go to the CloudWatch log group ${code(name)} (stack output \`monitoring.auditLogGroupName\`), kept ${group?.inputs.retentionInDays ?? config.monitoring.auditLogs.retentionDays} days${group?.inputs.region ? ` in ${code(group.inputs.region)}` : ""}${group?.inputs.skipDestroy ? "; destroying the stack leaves it in place" : ""}.`,
  ];
  const alarm = plan.resources.find((r) => r.type === T.alarm && r.name.endsWith("-login-failures"));
  if (alarm) out.push("", `Alarm ${code(alarm.inputs.name)}: ${String(alarm.inputs.alarmDescription ?? "").replace(/ — launch-ready$/, "")}; it counts \`login.failure\` events with the filter ${code(LOGIN_FAILURE_PATTERN)}.`);
  out.push("", "The application writes one JSON line per event, each with `timestamp`, `requestId`, `ip` and `userAgent`:", "");
  out.push(...table(["Event", "When", "Fields"], AUDIT_EVENTS.map((e) => [code(e.event), e.when, e.fields.join(", ")])));
  out.push("", `Never log: ${NEVER_LOG.join("; ")}.`);
  return out;
}

function rollbackSection(planned: PlannedStack): string[] {
  const { config, plan } = planned;
  const stack = plan.stack;
  const file = `stacks/Pulumi.${stack}.yaml`;
  const active = config.deploy.active;
  const other = active === "blue" ? "green" : "blue";
  const following = config.deploy.marketingOrigin ? "app and api" : "apex, www, app and api";
  return [
    `Traffic goes to **${active}** (${code(config.deploy.origins[active])}); **${other}** is ${code(config.deploy.origins[other])}. A rollback points traffic back at the colour that served before the release.`,
    "",
    `1. Switch back: in ${code(file)} set \`deploy.active\` to the previous colour (after a release to ${active} that is \`${other}\`), or \`git revert\` the commit that changed it.`,
    `2. Apply: \`pulumi up --stack ${stack}\`. Only the ${following} DNS records change; they are proxied, so Cloudflare's edge follows at once, without waiting for client DNS caches.`,
    `3. Verify: the uptime checks above turn healthy (recovery alerts arrive) and \`launch-ready verify --stack ${stack}\` passes.`,
    "4. Keep the failed colour running until the cause is known; do not deploy over it.",
    "",
    `\`launch-ready rollback --stack ${stack}\` does steps 1 to 3 with a verification gate where the Pulumi CLI is installed.`,
  ];
}

function dnsSection(planned: PlannedStack): string[] {
  const records = planned.plan.resources
    .filter((r) => r.type === T.dnsRecord)
    .sort((a, b) => String(a.inputs.name).localeCompare(String(b.inputs.name)) || String(a.inputs.type).localeCompare(String(b.inputs.type)) || a.name.localeCompare(b.name));
  if (records.length === 0) return ["The plan writes no DNS records."];
  const rows = records.map((r) => {
    const i = r.inputs;
    const data = i.data as { flags?: number; tag?: string; value?: string } | undefined;
    const value = i.content ?? (data ? `${data.flags ?? 0} ${data.tag} "${data.value}"` : undefined);
    return [code(i.type), code(i.name), code(value), i.priority ?? "—", i.proxied ? "proxied" : "DNS only", i.comment];
  });
  return table(["Type", "Name", "Content", "Priority", "Proxy", "Purpose"], rows);
}

function warningsSection(planned: PlannedStack): string[] {
  const warnings = planned.plan.notes.filter((n) => n.kind === "warning").map((n) => `- ${n.message}`);
  const findings = planned.plan.findings
    .filter((f) => f.status === "fail" || f.status === "warn")
    .map((f) => `- **${f.status === "fail" && f.mandatory !== false ? "FAIL" : "WARN"}** \`${f.id}\` (${f.severity}): ${f.message}${f.fix ? ` Fix: ${f.fix}` : ""}`);
  if (warnings.length + findings.length === 0) return ["None."];
  return [...findings, ...warnings];
}

/** The handover document as Markdown. */
export function renderHandover(planned: PlannedStack): string {
  const { plan, config } = planned;
  const backend = monitoringBackend(config);
  const out: string[] = [
    `# Launch handover: ${config.name} (${plan.stack})`,
    "",
    `Generated by \`launch-ready plan --stack ${plan.stack} --handover\` from ${code(path.basename(planned.stackFile))} and the offline plan. Re-generate it after every change to the stack file.`,
    "",
    "## Summary",
    "",
    ...table(
      ["Item", "Value"],
      [
        ["Environment", config.environment],
        ["Domain", code(config.domain.apex)],
        ["Cloudflare plan", config.cloudflare.plan],
        ["Uptime backend", backend === "route53" ? "Route 53 health checks + CloudWatch alarms + SNS (us-east-1)" : "Cloudflare health checks + notification policies"],
        ["Active colour", config.deploy.active],
        ["Resources in the plan", plan.resources.filter((r) => r.custom).length],
      ],
    ),
  ];
  const sections: [string, string[]][] = [
    ["Endpoints monitored", endpointsSection(planned)],
    ["Alert targets", targetsSection(planned)],
    ["Error-rate alerting", errorRateSection(planned)],
    ["Audit logs", auditSection(planned)],
    ["Rollback", rollbackSection(planned)],
    ["DNS and email records to expect", dnsSection(planned)],
    ["Open warnings", warningsSection(planned)],
  ];
  for (const [title, body] of sections) out.push("", `## ${title}`, "", ...body);
  return out.join("\n") + "\n";
}

/** Writes the handover file (folders made); a path that cannot be written is bad input (exit 2). */
export function writeHandover(file: string, planned: PlannedStack): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, renderHandover(planned));
  } catch (e) {
    throw new UsageError(`--handover ${file}: cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  process.stderr.write(`wrote handover ${file}\n`);
}
