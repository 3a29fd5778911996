import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import { LOGIN_FAILURE_PATTERN } from "./audit-events";

export interface LoginFailureAlarmArgs {
  /** Refused logins in one period that raise the alarm. */
  threshold: number;
  periodMinutes: number;
  /** Alert topic in the log group's region (CloudWatch alarms notify topics in their own region). */
  topicArn: pulumi.Input<string>;
  /** Namespace of the metric, e.g. `LaunchReady/tradeloft-prod`. */
  namespace: string;
  alarmName: string;
}

export interface AuditLogsArgs {
  logGroupName: string;
  /** One of the retention values CloudWatch accepts (validated by the schema). */
  retentionDays: number;
  /** Where the app runs; undefined = the AWS provider's region. */
  region?: string;
  /** Keep the events when the stack is destroyed (prod). */
  keepOnDestroy: boolean;
  /** Alarm on a spike of refused logins (credential stuffing). */
  loginFailureAlarm?: LoginFailureAlarmArgs;
}

/**
 * The place the application writes auth events (logins, resets, invites, role
 * changes, exports): a CloudWatch log group with a bounded retention. Its name
 * is a stack output the app reads. A metric filter counts refused logins and
 * an alarm tells people when they spike.
 */
export class AuditLogs extends pulumi.ComponentResource {
  readonly logGroup: cloudwatch.LogGroup;
  readonly loginFailures?: cloudwatch.LogMetricFilter;
  readonly loginFailureAlarm?: cloudwatch.MetricAlarm;

  constructor(name: string, args: AuditLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:monitoring:AuditLogs", name, {}, opts);
    this.logGroup = new cloudwatch.LogGroup(
      `${name}-auth`,
      {
        name: args.logGroupName,
        region: args.region,
        retentionInDays: args.retentionDays,
        // Evidence outlives the stack: destroying prod leaves the group in place.
        skipDestroy: args.keepOnDestroy,
        tags: { "launch-ready:purpose": "auth-audit-events" },
      },
      { parent: this },
    );
    if (args.loginFailureAlarm) {
      const alarm = args.loginFailureAlarm;
      this.loginFailures = new cloudwatch.LogMetricFilter(
        `${name}-login-failures`,
        {
          region: args.region,
          logGroupName: this.logGroup.name,
          pattern: LOGIN_FAILURE_PATTERN,
          // defaultValue 0: quiet periods report 0, so the alarm sees data, not gaps.
          metricTransformation: { name: "LoginFailures", namespace: alarm.namespace, value: "1", defaultValue: "0", unit: "Count" },
        },
        { parent: this },
      );
      const metric = this.loginFailures.metricTransformation;
      this.loginFailureAlarm = new cloudwatch.MetricAlarm(
        `${name}-login-failures`,
        {
          region: args.region,
          name: alarm.alarmName,
          alarmDescription: `${alarm.threshold} or more refused logins in ${alarm.periodMinutes} minutes (credential stuffing or a broken login) — launch-ready`,
          // Taken from the filter, so the alarm watches exactly the metric the filter writes.
          namespace: metric.namespace,
          metricName: metric.name,
          statistic: "Sum",
          period: alarm.periodMinutes * 60,
          evaluationPeriods: 1,
          threshold: alarm.threshold,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          treatMissingData: "notBreaching",
          alarmActions: [alarm.topicArn],
          okActions: [alarm.topicArn],
        },
        { parent: this },
      );
    }
    this.registerOutputs({ logGroupName: this.logGroup.name });
  }
}
