/**
 * The IAM documents of the secrets, as plain functions of ARNs so the exact
 * JSON can be tested. No wildcard on any action or resource: the server may
 * read exactly the portal's secrets and decrypt only through Secrets Manager.
 */

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal?: "*" | { AWS?: string | string[]; Service?: string | string[] };
  Action: string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/**
 * What the server role may do: `GetSecretValue` on each listed secret ARN,
 * and `kms:Decrypt` on the one key only when Secrets Manager asks on its
 * behalf (`kms:ViaService`), so the role cannot decrypt anything else with it.
 */
export function serverReadPolicy(secretArns: string[], kmsKeyArn: string, region: string): PolicyDocument {
  if (secretArns.length === 0) throw new Error("serverReadPolicy: no secret ARNs; an empty Resource list would be refused by IAM");
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadPortalSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: [...secretArns].sort(),
      },
      {
        Sid: "DecryptOnlyViaSecretsManager",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [kmsKeyArn],
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
      },
    ],
  };
}

/**
 * The secret's own resource policy: the server role (and a rotation
 * function's role) may read it, and no principal outside the account may,
 * whatever IAM elsewhere says (an explicit Deny wins over any Allow).
 */
export function secretResourcePolicy(secretArn: string, readerRoleArns: string[], accountId: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowPortalServerRead",
        Effect: "Allow",
        Principal: { AWS: [...new Set(readerRoleArns)].sort() },
        Action: ["secretsmanager:GetSecretValue"],
        Resource: secretArn,
      },
      {
        Sid: "DenyReadOutsideAccount",
        Effect: "Deny",
        Principal: "*",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: secretArn,
        Condition: { StringNotEquals: { "aws:PrincipalAccount": accountId } },
      },
    ],
  };
}

/** Trust policy of a role created for the server: only this AWS service may assume it. */
export function serviceTrustPolicy(servicePrincipal: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: "ServerAssumesRole", Effect: "Allow", Principal: { Service: servicePrincipal }, Action: ["sts:AssumeRole"] }],
  };
}

/** `arn:aws:iam::123456789012:role/path/name` → `name` (what RolePolicyAttachment wants). */
export function roleNameFromArn(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}

/** The account id field of any ARN. */
export function accountIdFromArn(arn: string): string {
  return arn.split(":")[4] ?? "";
}
