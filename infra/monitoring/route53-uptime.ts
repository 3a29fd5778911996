import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as route53 from "@pulumi/aws/route53";
import * as sns from "@pulumi/aws/sns";
import type { ResolvedCheck } from "../../stacks/schema/monitoring";
import { readSecret } from "../config";
import { pagerDutyCloudWatchUrl, type AlertTarget } from "./targets";

/**
 * Route 53 publishes HealthCheckStatus only in us-east-1, so the alarms and
 * the topic they notify live there whatever the provider's region is.
 */
export const ALERTS_REGION = "us-east-1";

/**
 * Three checker regions on three continents: a check fails only when most of
 * them agree (Route 53 needs at least 3 regions when `regions` is set).
 */
export const ROUTE53_CHECKER_REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-1"];

export interface UptimeCheckSpec extends ResolvedCheck {
  fqdn: string;
}

export interface Route53UptimeArgs {
  /** Prefix of names people see in the AWS console, e.g. `tradeloft-prod`. */
  displayPrefix: string;
  checks: UptimeCheckSpec[];
  targets: AlertTarget[];
}

/**
 * Uptime from outside: one Route 53 HTTPS health check per path, one
 * CloudWatch alarm per check on failure and on recovery, and an SNS topic
 * with a subscription per alert target.
 */
export class Route53Uptime extends pulumi.ComponentResource {
  readonly topic: sns.Topic;
  readonly healthChecks: Record<string, route53.HealthCheck> = {};
  readonly alarms: Record<string, cloudwatch.MetricAlarm> = {};
  readonly subscriptions: Record<string, sns.TopicSubscription> = {};

  constructor(name: string, args: Route53UptimeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:monitoring:Route53Uptime", name, {}, opts);
    this.topic = this.createTopic(name, args);
    this.subscribeTargets(name, args.targets);
    for (const check of args.checks) {
      const healthCheck = this.createHealthCheck(name, args, check);
      this.healthChecks[check.key] = healthCheck;
      this.alarms[check.key] = this.createAlarm(name, args, check, healthCheck);
    }
    this.registerOutputs({});
  }

  private createTopic(name: string, args: Route53UptimeArgs): sns.Topic {
    // No KMS key: CloudWatch cannot publish to a topic encrypted with the AWS-managed
    // SNS key (alias/aws/sns), and alarm messages hold no secrets.
    return new sns.Topic(
      `${name}-alerts`,
      { region: ALERTS_REGION, displayName: `${args.displayPrefix} uptime`, tags: { "launch-ready:purpose": "uptime-alerts" } },
      { parent: this },
    );
  }

  private subscribeTargets(name: string, targets: AlertTarget[]): void {
    for (const target of targets) {
      const sub = subscriptionFor(target);
      if (!sub) continue;
      this.subscriptions[target.key] = new sns.TopicSubscription(
        `${name}-${target.key}`,
        { region: ALERTS_REGION, topic: this.topic.arn, ...sub },
        { parent: this },
      );
    }
  }

  private createHealthCheck(name: string, args: Route53UptimeArgs, check: UptimeCheckSpec): route53.HealthCheck {
    return new route53.HealthCheck(
      `${name}-${check.key}`,
      {
        // HTTPS_STR_MATCH also needs a 2xx/3xx status, then searches the first 5120 bytes.
        type: check.bodyMatch ? "HTTPS_STR_MATCH" : "HTTPS",
        fqdn: check.fqdn,
        port: 443,
        enableSni: true,
        resourcePath: check.path,
        searchString: check.bodyMatch,
        requestInterval: check.intervalSeconds,
        failureThreshold: check.failureThreshold,
        regions: ROUTE53_CHECKER_REGIONS,
        tags: { Name: `${args.displayPrefix} https://${check.fqdn}${check.path}` },
      },
      { parent: this },
    );
  }

  private createAlarm(name: string, args: Route53UptimeArgs, check: UptimeCheckSpec, healthCheck: route53.HealthCheck): cloudwatch.MetricAlarm {
    return new cloudwatch.MetricAlarm(
      `${name}-${check.key}`,
      {
        region: ALERTS_REGION,
        name: `${args.displayPrefix}-uptime-${check.key}`,
        alarmDescription: `https://${check.fqdn}${check.path} is failing Route 53 health checks (launch-ready)`,
        namespace: "AWS/Route53",
        metricName: "HealthCheckStatus",
        dimensions: { HealthCheckId: healthCheck.id },
        // 1 = healthy, 0 = unhealthy; Minimum over a minute catches any unhealthy report.
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "LessThanThreshold",
        // No data means the checkers cannot report: treat it as down, not as fine.
        treatMissingData: "breaching",
        alarmActions: [this.topic.arn],
        okActions: [this.topic.arn],
      },
      { parent: this },
    );
  }
}

/** SNS protocol and endpoint per target kind. */
function subscriptionFor(target: AlertTarget): Pick<sns.TopicSubscriptionArgs, "protocol" | "endpoint" | "endpointAutoConfirms"> | undefined {
  switch (target.kind) {
    case "email":
      // The recipient must click the confirmation link AWS sends before alerts arrive.
      return { protocol: "email", endpoint: target.address };
    case "webhook":
      // SNS posts its JSON envelope and expects the endpoint to confirm the subscription.
      return { protocol: "https", endpoint: target.url, endpointAutoConfirms: false };
    case "pagerduty":
      if (!target.integrationKeySecret) return undefined;
      return { protocol: "https", endpoint: pagerDutyCloudWatchUrl(readSecret(target.integrationKeySecret)), endpointAutoConfirms: true };
  }
}
