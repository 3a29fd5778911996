import { describe, expect, it } from "vitest";
import { MAX_SECRETS } from "../../stacks/schema/secrets";
import { accountIdFromArn, roleNameFromArn, secretResourcePolicy, serverReadPolicy, serviceTrustPolicy } from "./policy-documents";

const ACCOUNT = "210987654321";
const arn = (region: string, key: string) => `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:acme-market/prod/${key}-AbCdEf`;
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

describe("policy documents", () => {
  it("serverReadPolicy: the listed ARNs (sorted) and kms:Decrypt via Secrets Manager in that region", () => {
    expect(serverReadPolicy([arn("eu-west-1", "b"), arn("eu-west-1", "a")], KEY, "eu-west-1")).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "ReadPortalSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [arn("eu-west-1", "a"), arn("eu-west-1", "b")] },
        { Sid: "DecryptOnlyViaSecretsManager", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [KEY], Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } } },
      ],
    });
  });

  it("serverReadPolicy refuses an empty list (IAM would refuse an empty Resource)", () => {
    expect(() => serverReadPolicy([], KEY, "eu-west-1")).toThrow("serverReadPolicy: no secret ARNs; an empty Resource list would be refused by IAM");
  });

  it(`stays under IAM's 6,144-character managed policy limit with ${MAX_SECRETS} secrets of the longest names the schema allows`, () => {
    // 32-character portal name, "staging", 64-character keys, a long partition and region.
    const longest = (i: number) => `arn:aws-us-gov:secretsmanager:ap-southeast-2:${ACCOUNT}:secret:${"p".repeat(32)}/staging/${String(i).padStart(64, "k")}-AbCdEf`;
    const arns = Array.from({ length: MAX_SECRETS }, (_, i) => longest(i));
    const longKey = `arn:aws-us-gov:kms:ap-southeast-2:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    expect(JSON.stringify(serverReadPolicy(arns, longKey, "ap-southeast-2")).length).toBeLessThanOrEqual(6144);
  });

  it("secretResourcePolicy: readers de-duplicated and sorted, a Deny for other accounts", () => {
    const doc = secretResourcePolicy(arn("eu-west-1", "a"), [`arn:aws:iam::${ACCOUNT}:role/z`, `arn:aws:iam::${ACCOUNT}:role/a`, `arn:aws:iam::${ACCOUNT}:role/z`], ACCOUNT);
    expect(doc.Statement[0].Principal).toEqual({ AWS: [`arn:aws:iam::${ACCOUNT}:role/a`, `arn:aws:iam::${ACCOUNT}:role/z`] });
    expect(doc.Statement[1]).toEqual({
      Sid: "DenyReadOutsideAccount",
      Effect: "Deny",
      Principal: "*",
      Action: ["secretsmanager:GetSecretValue"],
      Resource: arn("eu-west-1", "a"),
      Condition: { StringNotEquals: { "aws:PrincipalAccount": ACCOUNT } },
    });
  });

  it("serviceTrustPolicy and ARN helpers", () => {
    expect(serviceTrustPolicy("ec2.amazonaws.com").Statement).toEqual([{ Sid: "ServerAssumesRole", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: ["sts:AssumeRole"] }]);
    expect(roleNameFromArn(`arn:aws:iam::${ACCOUNT}:role/app/team/portal-api`)).toBe("portal-api");
    expect(roleNameFromArn(`arn:aws:iam::${ACCOUNT}:role/portal-api`)).toBe("portal-api");
    expect(accountIdFromArn(`arn:aws:iam::${ACCOUNT}:role/portal-api`)).toBe(ACCOUNT);
  });
});
