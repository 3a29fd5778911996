import { describe, expect, it } from "vitest";
import { awsCloudwatchMetricAlarmRoute53Region } from "../../policies/aws-cloudwatch-metric-alarm-route53-region";
import { whenKnown } from "../../policies/lib/kit";

/**
 * During `pulumi preview` a new resource's outputs are unknown, and
 * @pulumi/policy's proxy throws when a policy reads one. The pack guards the
 * reads that may be unknown so the rest of a policy still holds at preview.
 */
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy: <T>(v: T) => T };
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"; // the SDK's unknown-value sentinel

describe("whenKnown", () => {
  it("returns undefined for an unknown value and rethrows anything else", () => {
    const props = unknownCheckingProxy({ arns: [UNKNOWN, "arn:aws:sns:us-east-1:1:a"] });
    expect(() => props.arns[0]).toThrow("can't be known during preview");
    expect(whenKnown(() => props.arns[0])).toBeUndefined();
    expect(whenKnown(() => props.arns[1])).toBe("arn:aws:sns:us-east-1:1:a");
    expect(() => whenKnown(() => { throw new Error("boom"); })).toThrow("boom");
  });

  it("lets the Route 53 alarm policy judge the alarm's region while its topic ARN is unknown", async () => {
    const reports: string[] = [];
    const validate = (awsCloudwatchMetricAlarmRoute53Region as { validateResource: unknown }).validateResource as (args: unknown, report: (m: string) => void) => void;
    const args = (region: string) => ({
      type: "aws:cloudwatch/metricAlarm:MetricAlarm",
      name: "home-down",
      urn: "urn:pulumi:ci::p::aws:cloudwatch/metricAlarm:MetricAlarm::home-down",
      props: unknownCheckingProxy({ region, namespace: "AWS/Route53", alarmActions: [UNKNOWN] }),
      getConfig: () => ({}),
      notApplicable: (r: string) => {
        throw new Error(r);
      },
    });
    validate(args("us-east-1"), (m) => reports.push(m));
    expect(reports).toEqual([]);
    validate(args("eu-west-1"), (m) => reports.push(m));
    expect(reports).toEqual(['Alarm home-down on AWS/Route53 metrics must be created in us-east-1 (set region: "us-east-1"), found "eu-west-1"; Route 53 publishes health-check metrics only there.']);
  });
});
