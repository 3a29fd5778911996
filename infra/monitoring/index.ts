import * as pulumi from "@pulumi/pulumi";
import type { PortalConfig } from "../../stacks/schema";
import { auditLogGroupName, monitoringBackend, resolveChecks } from "../../stacks/schema/monitoring";
import type { PortalHosts } from "../hostnames";
import { AlertTopic } from "./alert-topic";
import { AuditLogs } from "./audit-logs";
import { CloudflareAlertDestinations } from "./cloudflare-destinations";
import { CloudflareUptime } from "./cloudflare-uptime";
import { ErrorRateAlerts, errorRateAlertsFor } from "./error-rate";
import { ALERTS_REGION, Route53Uptime, type UptimeCheckSpec } from "./route53-uptime";
import { alertTargets, type AlertTarget } from "./targets";

/** Stack outputs of monitoring: ids and names only, never an endpoint or a key. */
export interface MonitoringOutputs {
  backend: "route53" | "cloudflare";
  checks: { key: string; url: string; checkId: pulumi.Output<string>; alarmName?: pulumi.Output<string>; notificationPolicyId?: pulumi.Output<string> }[];
  alertTopicArns: Record<string, pulumi.Output<string>>;
  errorRatePolicyIds: Record<string, pulumi.Output<string>>;
  auditLogGroupName: pulumi.Output<string>;
  loginFailureAlarmName?: pulumi.Output<string>;
}

/**
 * Uptime checks with their alerts (Route 53 or Cloudflare), error-rate
 * notifications at the edge, and the audit log group with its login-failure
 * alarm: the "Monitoring and logs" row of the scorecard.
 */
export function createMonitoring(config: PortalConfig, hosts: PortalHosts): MonitoringOutputs {
  const name = config.name;
  const displayPrefix = `${config.name}-${config.environment}`;
  const backend = monitoringBackend(config);
  const checks: UptimeCheckSpec[] = resolveChecks(config).map((c) => ({ ...c, fqdn: hosts[c.host] }));
  const targets = alertTargets(config.monitoring.alerts);
  const paidPlan = config.cloudflare.plan !== "free";
  const { accountId, zoneId } = config.cloudflare;
  const outputs: MonitoringOutputs = { backend, checks: [], alertTopicArns: {}, errorRatePolicyIds: {}, auditLogGroupName: pulumi.output("") };

  // SNS topics for CloudWatch alarms, one per region that has alarms (an alarm notifies topics in its own region).
  const topics = new Map<string, AlertTopic>();
  const topicIn = (region: string | undefined): AlertTopic => {
    const key = region ?? "app-region";
    let topic = topics.get(key);
    if (!topic) {
      topic = new AlertTopic(key === ALERTS_REGION ? `${name}-alerts` : `${name}-alerts-${key}`, { region, displayName: `${displayPrefix} alerts`, targets: snsTargets(backend, targets) });
      topics.set(key, topic);
      outputs.alertTopicArns[key] = topic.topic.arn;
    }
    return topic;
  };

  // Cloudflare notifications reach webhooks only on paid plans; email works on every plan.
  const cloudflareTargets = paidPlan ? targets : targets.filter((t) => t.kind === "email");
  const needsCloudflareDestinations = backend === "cloudflare" || config.monitoring.errorRate.enabled;
  const destinations = needsCloudflareDestinations
    ? new CloudflareAlertDestinations(`${name}-alert-destinations`, { accountId, displayPrefix, targets: cloudflareTargets })
    : undefined;

  if (backend === "route53") {
    const uptime = new Route53Uptime(`${name}-uptime`, { displayPrefix, checks, topicArn: topicIn(ALERTS_REGION).topic.arn });
    outputs.checks = checks.map((c) => ({ key: c.key, url: `https://${c.fqdn}${c.path}`, checkId: uptime.healthChecks[c.key].id, alarmName: uptime.alarms[c.key].name }));
    if (targets.some((t) => t.kind === "webhook")) {
      pulumi.log.warn(
        "monitoring: on the route53 backend webhooks receive SNS's JSON envelope and must confirm the subscription (SubscribeURL); Slack incoming webhooks do neither: use AWS Chatbot, a relay, or the cloudflare backend (Pro+)",
      );
    }
  } else {
    const uptime = new CloudflareUptime(`${name}-uptime`, { accountId, zoneId, displayPrefix, checks, mechanisms: destinations!.mechanisms });
    outputs.checks = checks.map((c) => ({ key: c.key, url: `https://${c.fqdn}${c.path}`, checkId: uptime.healthChecks[c.key].id, notificationPolicyId: uptime.policies[c.key].id }));
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

  const audit = config.monitoring.auditLogs;
  // The log group lives where the app runs: the configured region, else the AWS provider's.
  const auditRegion = audit.region ?? new pulumi.Config("aws").get("region");
  const auditLogs = new AuditLogs(`${name}-audit`, {
    logGroupName: auditLogGroupName(config),
    retentionDays: audit.retentionDays,
    // Explicit whenever known, so the alarm and its topic visibly share a region.
    region: auditRegion,
    keepOnDestroy: config.environment === "prod",
    loginFailureAlarm: audit.loginFailureAlarm.enabled
      ? {
          threshold: audit.loginFailureAlarm.threshold,
          periodMinutes: audit.loginFailureAlarm.periodMinutes,
          topicArn: topicIn(auditRegion).topic.arn,
          namespace: `LaunchReady/${displayPrefix}`,
          alarmName: `${displayPrefix}-login-failures`,
        }
      : undefined,
  });
  outputs.auditLogGroupName = auditLogs.logGroup.name;
  outputs.loginFailureAlarmName = auditLogs.loginFailureAlarm?.name;
  return outputs;
}

/**
 * Who an SNS topic can reach. On the cloudflare backend webhooks are
 * Slack-style (Cloudflare formats for them) and SNS's envelope would not
 * post, so they stay on Cloudflare; PagerDuty needs its integration key.
 */
function snsTargets(backend: "route53" | "cloudflare", targets: AlertTarget[]): AlertTarget[] {
  if (backend === "route53") return targets;
  const dropped = targets.filter((t) => t.kind === "webhook" || (t.kind === "pagerduty" && !t.integrationKeySecret));
  if (dropped.length) {
    pulumi.log.warn(
      `monitoring: the login-failure alarm (CloudWatch → SNS) reaches only ${targets
        .filter((t) => !dropped.includes(t))
        .map((t) => t.label)
        .join(", ") || "nobody"}; webhooks get Cloudflare's alerts only${dropped.some((t) => t.kind === "pagerduty") ? ", and PagerDuty needs monitoring.alerts.pagerduty.integrationKeySecret" : ""}`,
    );
  }
  return targets.filter((t) => !dropped.includes(t));
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
