import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as route53 from "@pulumi/aws/route53";
import type { ResolvedCheck } from "../../stacks/schema/monitoring";

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
  /** ARN of the alert topic in us-east-1 (an AlertTopic). */
  topicArn: pulumi.Input<string>;
}

/**
 * Uptime from outside: one Route 53 HTTPS health check per path, one
 * CloudWatch alarm per check that notifies the alert topic on failure and on
 * recovery.
 */
export class Route53Uptime extends pulumi.ComponentResource {
  readonly healthChecks: Record<string, route53.HealthCheck> = {};
  readonly alarms: Record<string, cloudwatch.MetricAlarm> = {};

  constructor(name: string, args: Route53UptimeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:monitoring:Route53Uptime", name, {}, opts);
    for (const check of args.checks) {
      const healthCheck = this.createHealthCheck(name, args, check);
      this.healthChecks[check.key] = healthCheck;
      this.alarms[check.key] = this.createAlarm(name, args, check, healthCheck);
    }
    this.registerOutputs({});
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
        alarmActions: [args.topicArn],
        okActions: [args.topicArn],
      },
      { parent: this },
    );
  }
}
