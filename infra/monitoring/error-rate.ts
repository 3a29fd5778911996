import * as pulumi from "@pulumi/pulumi";
import * as cloudflare from "@pulumi/cloudflare";
import type { CloudflarePlan } from "../../stacks/schema";

/** One Cloudflare alert type for origin trouble, and the plans that have it. */
export interface ErrorRateAlert {
  key: string;
  alertType: string;
  title: string;
  plans: CloudflarePlan[];
}

/**
 * Origin trouble Cloudflare can report, by plan (Cloudflare Notifications,
 * "Origin Monitoring" and "DDoS" alert types). Passive origin monitoring is on
 * every plan but only fires when the origin is unreachable (all 521 for five
 * minutes); the 5xx error-rate alert needs Business.
 */
export const ERROR_RATE_ALERTS: ErrorRateAlert[] = [
  { key: "origin-down", alertType: "real_origin_monitoring", title: "Origin unreachable (passive origin monitoring: all 521 for 5 minutes)", plans: ["free", "pro", "business", "enterprise"] },
  { key: "http-ddos", alertType: "dos_attack_l7", title: "HTTP DDoS attack mitigated", plans: ["pro", "business", "enterprise"] },
  { key: "origin-5xx", alertType: "http_alert_origin_error", title: "Origin 5xx error rate over the SLO (5-minute and 1-hour burn rates)", plans: ["business", "enterprise"] },
];

export function errorRateAlertsFor(plan: CloudflarePlan): { enabled: ErrorRateAlert[]; unavailable: ErrorRateAlert[] } {
  return {
    enabled: ERROR_RATE_ALERTS.filter((a) => a.plans.includes(plan)),
    unavailable: ERROR_RATE_ALERTS.filter((a) => !a.plans.includes(plan)),
  };
}

export interface ErrorRateAlertsArgs {
  accountId: pulumi.Input<string>;
  zoneId: pulumi.Input<string>;
  plan: CloudflarePlan;
  displayPrefix: string;
  /** Service-level objective for the origin 5xx alert, e.g. 99.8. */
  slo: number;
  mechanisms: pulumi.Input<cloudflare.types.input.NotificationPolicyMechanisms>;
}

/**
 * Error-rate alerting at the edge: every Cloudflare notification for origin
 * trouble the zone's plan allows, sent to the same targets as the uptime checks.
 */
export class ErrorRateAlerts extends pulumi.ComponentResource {
  readonly policies: Record<string, cloudflare.NotificationPolicy> = {};

  constructor(name: string, args: ErrorRateAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:monitoring:ErrorRateAlerts", name, {}, opts);
    for (const alert of errorRateAlertsFor(args.plan).enabled) {
      this.policies[alert.key] = new cloudflare.NotificationPolicy(
        `${name}-${alert.key}`,
        {
          accountId: args.accountId,
          name: `${args.displayPrefix} ${alert.key}`,
          description: `${alert.title} (launch-ready)`,
          alertType: alert.alertType,
          enabled: true,
          filters: alert.alertType === "http_alert_origin_error" ? { zones: [args.zoneId], slos: [args.slo.toFixed(1)] } : undefined,
          mechanisms: args.mechanisms,
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}
