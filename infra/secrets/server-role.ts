import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumi/aws/iam";
import { roleNameFromArn, serviceTrustPolicy } from "./policy-documents";

export interface ServerRoleArgs {
  /** Use this role (the one the server already runs as); nothing is created. */
  existingRoleArn?: string;
  /** Who may assume a created role, e.g. ec2.amazonaws.com. */
  trustedService: string;
  tags: Record<string, string>;
}

/**
 * The IAM role the portal server runs as. Either an existing one (its ARN is
 * all launch-ready needs) or a new role that only `trustedService` may assume,
 * with no permissions of its own: ServerSecretAccess grants what it may read.
 */
export class ServerRole extends pulumi.ComponentResource {
  readonly role?: iam.Role;
  readonly arn: pulumi.Output<string>;
  readonly roleName: pulumi.Output<string>;

  constructor(name: string, args: ServerRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:secrets:ServerRole", name, {}, opts);
    if (args.existingRoleArn) {
      this.arn = pulumi.output(args.existingRoleArn);
      this.roleName = pulumi.output(roleNameFromArn(args.existingRoleArn));
    } else {
      this.role = new iam.Role(
        `${name}-role`,
        {
          description: `Role the portal server runs as (assumed by ${args.trustedService}); managed by launch-ready`,
          assumeRolePolicy: JSON.stringify(serviceTrustPolicy(args.trustedService)),
          tags: args.tags,
        },
        { parent: this },
      );
      this.arn = this.role.arn;
      this.roleName = this.role.name;
    }
    this.registerOutputs({ arn: this.arn });
  }
}
