import type { PolicyResource } from "@pulumi/policy";
import { asArray, dependsOn, describe, resourcesOf, type LaunchReadyPolicy } from "./lib/kit";
import { AWS, CF, type MetricAlarmProps, type NotificationPolicyProps, type TopicSubscriptionProps } from "./lib/types";

const HEALTH_ALERT = "health_check_status_notification";

function notificationTargets(p: NotificationPolicyProps): string[] {
  const m = p.mechanisms ?? {};
  return [...asArray(m.emails), ...asArray(m.webhooks), ...asArray(m.pagerduties)].map((x) => String(x?.id ?? "")).filter(Boolean);
}

/** A check that alerts nobody is not monitoring: "uptime alerts" means a person hears about it. */
export const pulumiStackAlertTargets: LaunchReadyPolicy = {
  name: "pulumi-stack-alert-targets",
  description: "Every uptime check must be wired to an alert target: a Route 53 health check to a CloudWatch alarm that notifies an SNS topic with a subscription, a Cloudflare health check to a notification policy with a recipient.",
  severity: "high",
  tags: ["monitoring-logs", "pulumi"],
  remediationSteps:
    "Route 53: add a MetricAlarm (namespace AWS/Route53, metric HealthCheckStatus, dimensions.HealthCheckId) with alarmActions → an SNS topic that has a TopicSubscription. Cloudflare: add a NotificationPolicy with alertType health_check_status_notification and an email or webhook.",
  configSchema: {
    properties: {
      alertEmails: { type: "array", items: { type: "string" }, default: [], description: "Addresses the stack claims are alerted; at least one must receive the alerts." },
    },
  },
  validateStack: (args, report) => {
    const { alertEmails = [] } = args.getConfig<{ alertEmails?: string[] }>();
    const r53 = resourcesOf(args, AWS.route53HealthCheck);
    const cfChecks = resourcesOf(args, CF.healthcheck);
    if (r53.length === 0 && cfChecks.length === 0) return args.notApplicable("The stack declares no health checks");

    const alarms = resourcesOf(args, AWS.metricAlarm);
    const topics = resourcesOf(args, AWS.snsTopic);
    const subscriptions = resourcesOf(args, AWS.snsTopicSubscription);
    const notifications = resourcesOf(args, CF.notificationPolicy);
    const recipients = new Set<string>();

    const subscribed = (topic: PolicyResource) => subscriptions.filter((s) => dependsOn(s, topic, "topic"));
    for (const hc of r53) {
      const wired = alarms.filter((a) => dependsOn(a, hc, "dimensions"));
      const alerting = wired.filter((a) => {
        const p = a.props as MetricAlarmProps;
        if (p.actionsEnabled === false || asArray(p.alarmActions).length === 0) return false;
        const own = topics.filter((t) => dependsOn(a, t, "alarmActions"));
        // An action ARN that is not a topic of this stack (an existing on-call topic) counts as a target.
        if (own.length < asArray(p.alarmActions).length) return true;
        const subs = own.flatMap(subscribed);
        subs.forEach((s) => recipients.add(String((s.props as TopicSubscriptionProps).endpoint ?? "")));
        return subs.length > 0;
      });
      if (wired.length === 0) report(`${describe(hc)} must have a CloudWatch alarm on its HealthCheckStatus (dimensions.HealthCheckId) that notifies someone; none references it.`, hc.urn);
      else if (alerting.length === 0) report(`${describe(hc)} has an alarm, but it must notify an SNS topic with at least one subscription (alarmActions → Topic ← TopicSubscription).`, hc.urn);
    }
    for (const hc of cfChecks) {
      const wired = notifications.filter((n) => {
        const p = n.props as NotificationPolicyProps;
        if (p.alertType !== HEALTH_ALERT || p.enabled === false || notificationTargets(p).length === 0) return false;
        // No health check filter means the policy covers every health check of the account.
        return asArray(p.filters?.healthCheckIds).length === 0 || dependsOn(n, hc, "filters");
      });
      wired.forEach((n) => notificationTargets(n.props as NotificationPolicyProps).forEach((t) => recipients.add(t)));
      if (wired.length === 0) report(`${describe(hc)} must be covered by a NotificationPolicy (alertType ${HEALTH_ALERT}) with an email, webhook or PagerDuty target; none covers it.`, hc.urn);
    }
    if (alertEmails.length > 0 && recipients.size > 0 && !alertEmails.some((e) => recipients.has(e))) {
      report(`Alerts must reach the configured alert addresses (${alertEmails.join(", ")}); the stack alerts only ${[...recipients].join(", ")}.`);
    }
  },
};
