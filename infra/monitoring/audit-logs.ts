import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";

export interface AuditLogsArgs {
  logGroupName: string;
  /** One of the retention values CloudWatch accepts (validated by the schema). */
  retentionDays: number;
  /** Where the app runs; undefined = the AWS provider's region. */
  region?: string;
  /** Keep the events when the stack is destroyed (prod). */
  keepOnDestroy: boolean;
}

/**
 * The place the application writes auth events (logins, resets, invites, role
 * changes, exports): a CloudWatch log group with a bounded retention. Its name
 * is a stack output the app reads.
 */
export class AuditLogs extends pulumi.ComponentResource {
  readonly logGroup: cloudwatch.LogGroup;

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
    this.registerOutputs({ logGroupName: this.logGroup.name });
  }
}
