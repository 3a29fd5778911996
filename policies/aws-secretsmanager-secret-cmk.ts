import { ofType, type LaunchReadyPolicy } from "./lib/kit";
import { AWS, type SecretProps } from "./lib/types";

/** A customer-managed key puts reading a secret behind a key policy and kms:Decrypt, and makes access auditable. */
export const awsSecretsmanagerSecretCmk: LaunchReadyPolicy = {
  name: "aws-secretsmanager-secret-cmk",
  description: "Secrets Manager secrets must be encrypted with a customer-managed KMS key, so reading them also needs kms:Decrypt on a key the portal controls.",
  severity: "high",
  tags: ["secret-handling", "aws"],
  remediationSteps: "Create an aws.kms.Key (enableKeyRotation: true) and pass its ARN as kmsKeyId on the secret.",
  validateResource: ofType<SecretProps>(AWS.secret, (secret, args, report) => {
    const key = secret.kmsKeyId;
    if (typeof key !== "string" || key === "") {
      report(`Secret "${secret.name ?? args.name}" must set kmsKeyId to a customer-managed KMS key; without it AWS uses the shared aws/secretsmanager key.`);
    } else if (/alias\/aws\//.test(key)) {
      report(`Secret "${secret.name ?? args.name}" must use a customer-managed KMS key, found the AWS-managed ${key}.`);
    }
  }),
};
