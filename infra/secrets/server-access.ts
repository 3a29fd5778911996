import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumi/aws/iam";
import { serverReadPolicy } from "./policy-documents";

export interface ServerAccessArgs {
  /** Name of the role the policy is attached to. */
  roleName: pulumi.Input<string>;
  secretArns: pulumi.Input<string>[];
  kmsKeyArn: pulumi.Input<string>;
  region: string;
  description: string;
  tags: Record<string, string>;
}

/**
 * The server's right to read its secrets, and nothing more: a managed policy
 * with `secretsmanager:GetSecretValue` on exactly the portal's secret ARNs and
 * `kms:Decrypt` only via Secrets Manager, attached to the server's role.
 */
export class ServerSecretAccess extends pulumi.ComponentResource {
  readonly policy: iam.Policy;
  readonly attachment: iam.RolePolicyAttachment;

  constructor(name: string, args: ServerAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:secrets:ServerSecretAccess", name, {}, opts);
    const document = pulumi
      .all([pulumi.all(args.secretArns), args.kmsKeyArn])
      .apply(([arns, keyArn]) => JSON.stringify(serverReadPolicy(arns, keyArn, args.region)));
    this.policy = new iam.Policy(`${name}-policy`, { description: args.description, policy: document, tags: args.tags }, { parent: this });
    this.attachment = new iam.RolePolicyAttachment(`${name}-attachment`, { role: args.roleName, policyArn: this.policy.arn }, { parent: this });
    this.registerOutputs({ policyArn: this.policy.arn });
  }
}
