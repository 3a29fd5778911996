import * as pulumi from "@pulumi/pulumi";
import * as secretsmanager from "@pulumi/aws/secretsmanager";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { accountIdFromArn, secretResourcePolicy } from "./policy-documents";

/** Where the value comes from: the stack's secret config, or generated here. */
export type SecretSource =
  | { kind: "config"; value: pulumi.Output<string> }
  | { kind: "generated"; length: number };

export interface PortalSecretArgs {
  /** Name in Secrets Manager, e.g. `tradeloft/prod/databaseUrl`. */
  secretName: string;
  description: string;
  source: SecretSource;
  kmsKeyArn: pulumi.Input<string>;
  /** The server role; the resource policy lets it (and the rotation role) read. */
  serverRoleArn: pulumi.Input<string>;
  region: string;
  recoveryWindowDays: number;
  rotation?: { lambdaArn: string; lambdaRoleArn: string; days: number };
  tags: Record<string, string>;
}

/**
 * One server-side secret: the Secrets Manager secret (encrypted with the
 * portal's key), its value as a secret version, a resource policy, and
 * optional rotation. The value is a Pulumi secret from start to end: it is
 * never exported and never logged.
 */
export class PortalSecret extends pulumi.ComponentResource {
  readonly secret: secretsmanager.Secret;
  readonly version: secretsmanager.SecretVersion;
  readonly policy: secretsmanager.SecretPolicy;
  readonly rotation?: secretsmanager.SecretRotation;
  readonly generated?: RandomPassword;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: PortalSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:secrets:PortalSecret", name, {}, opts);
    const child = { parent: this };

    this.secret = new secretsmanager.Secret(
      `${name}-secret`,
      {
        name: args.secretName,
        description: args.description,
        kmsKeyId: args.kmsKeyArn,
        recoveryWindowInDays: args.recoveryWindowDays,
        region: args.region,
        tags: args.tags,
      },
      child,
    );
    this.arn = this.secret.arn;

    let value: pulumi.Output<string>;
    if (args.source.kind === "generated") {
      // RandomPassword.result is a secret output; special characters stay
      // URL- and header-safe so the server can use it without escaping.
      this.generated = new RandomPassword(
        `${name}-value`,
        { length: args.source.length, special: true, overrideSpecial: "-_.~", minLower: 4, minUpper: 4, minNumeric: 4 },
        child,
      );
      value = this.generated.result;
    } else {
      value = args.source.value;
    }

    this.version = new secretsmanager.SecretVersion(
      `${name}-version`,
      { secretId: this.secret.id, secretString: pulumi.secret(value), region: args.region },
      child,
    );

    const readers = pulumi
      .all([args.serverRoleArn, this.secret.arn])
      .apply(([roleArn, secretArn]) =>
        JSON.stringify(secretResourcePolicy(secretArn, [roleArn, ...(args.rotation ? [args.rotation.lambdaRoleArn] : [])], accountIdFromArn(roleArn))),
      );
    this.policy = new secretsmanager.SecretPolicy(
      `${name}-policy`,
      // blockPublicPolicy: Secrets Manager refuses a policy that would grant access outside the account.
      { secretArn: this.secret.arn, policy: readers, blockPublicPolicy: true, region: args.region },
      child,
    );

    if (args.rotation) {
      this.rotation = new secretsmanager.SecretRotation(
        `${name}-rotation`,
        {
          secretId: this.secret.id,
          rotationLambdaArn: args.rotation.lambdaArn,
          rotationRules: { automaticallyAfterDays: args.rotation.days },
          region: args.region,
        },
        // Rotating before the first value exists would rotate nothing.
        { parent: this, dependsOn: [this.version] },
      );
    }
    this.registerOutputs({ arn: this.arn });
  }
}
