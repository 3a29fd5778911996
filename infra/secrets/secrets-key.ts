import * as pulumi from "@pulumi/pulumi";
import * as kms from "@pulumi/aws/kms";

export interface SecretsKeyArgs {
  /** e.g. "tradeloft-prod": the alias becomes `alias/tradeloft-prod-secrets`. */
  aliasStem: string;
  region: string;
  rotationDays: number;
  deletionWindowDays: number;
  tags: Record<string, string>;
}

/**
 * The customer-managed KMS key that encrypts the portal's secrets. Automatic
 * rotation is on (KMS keeps old key material, so existing secrets still
 * decrypt). No key policy is set: AWS's default key policy lets the account
 * grant use through IAM, which is how the server role's `kms:ViaService`
 * grant works and how a locked-out key is avoided.
 */
export class SecretsKey extends pulumi.ComponentResource {
  readonly key: kms.Key;
  readonly alias: kms.Alias;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: SecretsKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:secrets:SecretsKey", name, {}, opts);
    this.key = new kms.Key(
      `${name}-key`,
      {
        description: `Encrypts the ${args.aliasStem} portal secrets in Secrets Manager (managed by launch-ready)`,
        enableKeyRotation: true,
        rotationPeriodInDays: args.rotationDays,
        deletionWindowInDays: args.deletionWindowDays,
        region: args.region,
        tags: args.tags,
      },
      { parent: this },
    );
    this.alias = new kms.Alias(
      `${name}-alias`,
      { name: `alias/${args.aliasStem}-secrets`, targetKeyId: this.key.arn, region: args.region },
      { parent: this },
    );
    this.arn = this.key.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
