import { asArray, ofType, whenKnown, type LaunchReadyPolicy } from "./lib/kit";
import { AWS, type MetricAlarmProps } from "./lib/types";

const US_EAST_1 = "us-east-1";

/** Route 53 publishes health-check metrics only in us-east-1: an alarm elsewhere never fires. */
export const awsCloudwatchMetricAlarmRoute53Region: LaunchReadyPolicy = {
  name: "aws-cloudwatch-metric-alarm-route53-region",
  description: "CloudWatch alarms on Route 53 health-check metrics, and the SNS topics they notify, must be in us-east-1, the only region where those metrics exist.",
  severity: "high",
  tags: ["monitoring-logs", "aws"],
  remediationSteps: 'Set region: "us-east-1" on the MetricAlarm (AWS v7 per-resource region) and on its SNS topic.',
  validateResource: ofType<MetricAlarmProps>(AWS.metricAlarm, (alarm, args, report) => {
    if (alarm.namespace !== "AWS/Route53") return args.notApplicable("Alarm is not on Route 53 metrics");
    const region = alarm.region ?? (args.provider?.props as { region?: string } | undefined)?.region;
    if (region !== US_EAST_1) {
      report(`Alarm ${args.name} on AWS/Route53 metrics must be created in us-east-1 (set region: "us-east-1"), found ${region === undefined ? "no region" : `"${region}"`}; Route 53 publishes health-check metrics only there.`);
    }
    const actions = asArray(alarm.alarmActions);
    for (let i = 0; i < actions.length; i++) {
      // A new topic's ARN is unknown during preview; its region is then checked at update time.
      const action = whenKnown(() => actions[i]);
      const m = typeof action === "string" ? /^arn:aws[a-z-]*:sns:([a-z0-9-]+):/.exec(action) : null;
      if (m && m[1] !== US_EAST_1) report(`Alarm ${args.name} notifies the SNS topic ${action} in ${m[1]}; the topic must be in us-east-1 with the alarm.`);
    }
  }),
};
