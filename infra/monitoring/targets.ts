import * as pulumi from "@pulumi/pulumi";
import type { MonitoringConfig } from "../../stacks/schema/monitoring";
import { readSecret } from "../config";

/** One place an alert goes, with its endpoint (secret when it came from a secret config key). */
export type AlertTarget =
  | { kind: "email"; key: string; label: string; address: string }
  | { kind: "webhook"; key: string; label: string; url: pulumi.Input<string>; secret: boolean }
  | {
      kind: "pagerduty";
      key: string;
      label: string;
      /** Config key of the integration key; read (as a secret) only by the backend that uses it. */
      integrationKeySecret?: string;
      cloudflareDestinationId?: string;
    };

/**
 * PagerDuty's "Amazon CloudWatch" integration endpoint: it confirms the SNS
 * subscription itself and resolves the incident on the alarm's OK message.
 */
export function pagerDutyCloudWatchUrl(integrationKey: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.secret(pulumi.interpolate`https://events.pagerduty.com/integration/${integrationKey}/enqueue`);
}

/** Stable keys (`email-1`, `webhook-1`, `pagerduty`) for logical names: list order, not addresses, so a typo fix is an update. */
export function alertTargets(alerts: MonitoringConfig["alerts"]): AlertTarget[] {
  const targets: AlertTarget[] = [];
  alerts.emails.forEach((address, i) => targets.push({ kind: "email", key: `email-${i + 1}`, label: address, address }));
  alerts.webhooks.forEach((w, i) => {
    const key = `webhook-${i + 1}`;
    if (typeof w === "string") targets.push({ kind: "webhook", key, label: key, url: w, secret: false });
    else if (w.urlSecret) targets.push({ kind: "webhook", key, label: w.name ?? key, url: readSecret(w.urlSecret), secret: true });
    else targets.push({ kind: "webhook", key, label: w.name ?? key, url: w.url!, secret: false });
  });
  const pd = alerts.pagerduty;
  if (pd) {
    targets.push({
      kind: "pagerduty",
      key: "pagerduty",
      label: "PagerDuty",
      integrationKeySecret: pd.integrationKeySecret,
      cloudflareDestinationId: pd.cloudflareDestinationId,
    });
  }
  return targets;
}
