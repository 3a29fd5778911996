import * as pulumi from "@pulumi/pulumi";
import type { PortalConfig } from "../../stacks/schema";
import { auditLogGroupName, monitoringBackend, resolveChecks } from "../../stacks/schema/monitoring";
import type { PortalHosts } from "../hostnames";
import { AuditLogs } from "./audit-logs";
import { CloudflareAlertDestinations } from "./cloudflare-destinations";
import { CloudflareUptime } from "./cloudflare-uptime";
import { ErrorRateAlerts, errorRateAlertsFor } from "./error-rate";
import { Route53Uptime, type UptimeCheckSpec } from "./route53-uptime";
import { alertTargets } from "./targets";

/** Stack outputs of monitoring: ids and names only, never an endpoint or a key. */
export interface MonitoringOutputs {
  backend: "route53" | "cloudflare";
  checks: { key: string; url: string; checkId: pulumi.Output<string>; alarmName?: pulumi.Output<string>; notificationPolicyId?: pulumi.Output<string> }[];
  alertTopicArn?: pulumi.Output<string>;
  errorRatePolicyIds: Record<string, pulumi.Output<string>>;
  auditLogGroupName: pulumi.Output<string>;
}

/**
 * Uptime checks with their alerts (Route 53 or Cloudflare), error-rate
 * notifications at the edge, and the audit log group: the "Monitoring and
 * logs" row of the scorecard.
 */
export function createMonitoring(config: PortalConfig, hosts: PortalHosts): MonitoringOutputs {
  const name = config.name;
  const displayPrefix = `${config.name}-${config.environment}`;
  const backend = monitoringBackend(config);
  const checks: UptimeCheckSpec[] = resolveChecks(config).map((c) => ({ ...c, fqdn: hosts[c.host] }));
  const targets = alertTargets(config.monitoring.alerts);
  const paidPlan = config.cloudflare.plan !== "free";
  const { accountId, zoneId } = config.cloudflare;

  // Cloudflare notifications reach webhooks only on paid plans; email works on every plan.
  const cloudflareTargets = paidPlan ? targets : targets.filter((t) => t.kind === "email");
  const needsCloudflareDestinations = backend === "cloudflare" || config.monitoring.errorRate.enabled;
  const destinations = needsCloudflareDestinations
    ? new CloudflareAlertDestinations(`${name}-alert-destinations`, { accountId, displayPrefix, targets: cloudflareTargets })
    : undefined;

  const outputs: MonitoringOutputs = { backend, checks: [], errorRatePolicyIds: {}, auditLogGroupName: pulumi.output("") };
  if (backend === "route53") {
    const uptime = new Route53Uptime(`${name}-uptime`, { displayPrefix, checks, targets });
    outputs.alertTopicArn = uptime.topic.arn;
    outputs.checks = checks.map((c) => ({
      key: c.key,
      url: `https://${c.fqdn}${c.path}`,
      checkId: uptime.healthChecks[c.key].id,
      alarmName: uptime.alarms[c.key].name,
    }));
    if (targets.some((t) => t.kind === "webhook")) {
      pulumi.log.warn(
        "monitoring: on the route53 backend webhooks receive SNS's JSON envelope and must confirm the subscription (SubscribeURL); Slack incoming webhooks do neither: use AWS Chatbot, a relay, or the cloudflare backend (Pro+)",
      );
    }
  } else {
    const uptime = new CloudflareUptime(`${name}-uptime`, { accountId, zoneId, displayPrefix, checks, mechanisms: destinations!.mechanisms });
    outputs.checks = checks.map((c) => ({
      key: c.key,
      url: `https://${c.fqdn}${c.path}`,
      checkId: uptime.healthChecks[c.key].id,
      notificationPolicyId: uptime.policies[c.key].id,
    }));
  }

  if (config.monitoring.errorRate.enabled) {
    const errorRate = new ErrorRateAlerts(`${name}-error-rate`, {
      accountId,
      zoneId,
      plan: config.cloudflare.plan,
      displayPrefix,
      slo: config.monitoring.errorRate.slo,
      mechanisms: destinations!.mechanisms,
    });
    outputs.errorRatePolicyIds = Object.fromEntries(Object.entries(errorRate.policies).map(([k, p]) => [k, p.id]));
    warnAboutErrorRateGaps(config, targets.length !== cloudflareTargets.length);
  }

  const audit = new AuditLogs(`${name}-audit`, {
    logGroupName: auditLogGroupName(config),
    retentionDays: config.monitoring.auditLogs.retentionDays,
    region: config.monitoring.auditLogs.region,
    keepOnDestroy: config.environment === "prod",
  });
  outputs.auditLogGroupName = audit.logGroup.name;
  return outputs;
}

function warnAboutErrorRateGaps(config: PortalConfig, droppedTargets: boolean): void {
  const plan = config.cloudflare.plan;
  const { unavailable } = errorRateAlertsFor(plan);
  if (unavailable.some((a) => a.key === "origin-5xx")) {
    pulumi.log.warn(
      `monitoring: origin 5xx error-rate alerts need a Cloudflare Business plan (this zone is ${plan}); set up instead: ${errorRateAlertsFor(plan)
        .enabled.map((a) => a.alertType)
        .join(", ")}. Alert on 5xx spikes from the application's own metrics until then`,
    );
  }
  if (droppedTargets) {
    pulumi.log.warn(`monitoring: Cloudflare ${plan} notifications go to email only; webhook and PagerDuty targets get uptime alerts but not the edge error alerts`);
  }
  const pd = config.monitoring.alerts.pagerduty;
  if (pd && !pd.cloudflareDestinationId && plan !== "free") {
    pulumi.log.warn("monitoring: edge error alerts do not page PagerDuty: connect PagerDuty under Cloudflare Notifications → Destinations and set monitoring.alerts.pagerduty.cloudflareDestinationId");
  }
}
