import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { PortalConfigError, parsePortalConfig } from "./index";
import { MAX_SECRETS, declaredSecretNames } from "./secrets";

const STACKS = path.resolve(__dirname, "..");
function portal(stack = "prod"): Record<string, any> {
  return parse(fs.readFileSync(path.join(STACKS, `Pulumi.${stack}.yaml`), "utf8")).config["launch-ready:portal"];
}
function problems(raw: unknown): string[] {
  try {
    parsePortalConfig(raw, "test");
  } catch (e) {
    if (e instanceof PortalConfigError) return e.problems.map((p) => `${p.path} ${p.value ?? "(missing)"}: ${p.message}`);
    throw e;
  }
  return [];
}

/** How the problem list shows a rotation object (shortened to 60 characters). */
const ROTATION_SHOWN = '{"lambdaArn":"arn:aws:lambda:us-east-1:123456789012:funct...';

describe("secrets schema", () => {
  it("fills safe defaults for an old-style section that only lists fromConfig", () => {
    const raw = portal();
    raw.secrets = { fromConfig: ["databaseUrl"] };
    expect(parsePortalConfig(raw).secrets).toEqual({
      fromConfig: ["databaseUrl"],
      descriptions: {},
      generated: [],
      region: "us-east-1",
      recoveryWindowDays: 30,
      kms: { rotationDays: 365, deletionWindowDays: 30 },
      serverRole: { trustedService: "ec2.amazonaws.com" },
      rotation: {},
      frontend: { env: {}, publicNames: [] },
    });
  });

  it("parses the example stacks, generated secrets with a 64-character default", () => {
    for (const stack of ["dev", "staging", "prod"]) {
      const secrets = parsePortalConfig(portal(stack)).secrets;
      expect(declaredSecretNames(secrets)).toEqual(["databaseUrl", "stripeSecretKey", "stripeWebhookSecret", "sessionSecret", "csrfSecret", "webhookSigningSecret"]);
      expect(secrets.generated.map((g) => g.length)).toEqual([64, 64, 64]);
    }
  });

  it("names every bad key at once, with what is allowed", () => {
    const raw = portal();
    raw.secrets.generated = [{ name: "sessionSecret", length: 16 }];
    raw.secrets.region = "mars-1";
    raw.secrets.kms = { rotationDays: 30 };
    raw.secrets.serverRole = { existingRoleArn: "arn:aws:iam::*:role/*" };
    raw.secrets.rotation = { databaseUrl: { lambdaArn: "rotate-db", lambdaRoleArn: "arn:aws:iam::123456789012:role/rotate", days: 0 } };
    raw.secrets.frontend = { env: { "NEXT-PUBLIC-URL": "x" } };
    expect(problems(raw)).toEqual([
      "launch-ready:portal.secrets.generated.0.length 16: expected at least 32 characters: session, CSRF and webhook signing keys shorter than the hash output weaken HMAC (RFC 2104 §3)",
      'launch-ready:portal.secrets.region "mars-1": expected an AWS region name such as us-east-1 or eu-west-1',
      "launch-ready:portal.secrets.kms.rotationDays 30: expected 90 to 2560 days (the KMS limits for automatic rotation)",
      'launch-ready:portal.secrets.serverRole.existingRoleArn "arn:aws:iam::*:role/*": expected an IAM role ARN such as arn:aws:iam::123456789012:role/portal-server (no wildcards)',
      'launch-ready:portal.secrets.rotation.databaseUrl.lambdaArn "rotate-db": expected a Lambda function ARN such as arn:aws:lambda:us-east-1:123456789012:function:rotate-db',
      "launch-ready:portal.secrets.rotation.databaseUrl.days 0: expected 1 to 1000 days (the Secrets Manager limits)",
      'launch-ready:portal.secrets.frontend.env.NEXT-PUBLIC-URL "x": this key is not allowed: expected environment variable names such as NEXT_PUBLIC_API_URL (letters, digits, _)',
    ]);
  });

  it(`refuses more than ${MAX_SECRETS} secrets (the IAM policy size limit)`, () => {
    const raw = portal();
    raw.secrets = { fromConfig: Array.from({ length: 25 }, (_, i) => `key${i}`), generated: Array.from({ length: 6 }, (_, i) => ({ name: `gen${i}` })) };
    expect(problems(raw)).toEqual([
      `launch-ready:portal.secrets.fromConfig ${JSON.stringify(raw.secrets.fromConfig).slice(0, 57)}...: declares 31 secrets; at most 30: the server's read policy lists every secret ARN and an IAM managed policy holds 6,144 characters. Group related values into one JSON secret`,
    ]);
    raw.secrets.generated.pop();
    expect(problems(raw)).toEqual([]);
  });

  it("refuses an existing KMS key from another region than the secrets", () => {
    const raw = portal();
    const key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    raw.secrets.kms = { existingKeyArn: key };
    expect(problems(raw)).toEqual([
      `launch-ready:portal.secrets.kms.existingKeyArn ${JSON.stringify(key).slice(0, 57)}...: is a key in eu-west-1, but the secrets live in us-east-1 (secrets.region): Secrets Manager only encrypts with a key in its own region; use a key (or a multi-Region replica) in us-east-1`,
    ]);
    raw.secrets.region = "eu-west-1";
    expect(problems(raw)).toEqual([]);
  });

  it("refuses a secret declared twice, a description or rotation of an undeclared one, and rotating a generated one", () => {
    const raw = portal();
    raw.secrets.fromConfig = ["databaseUrl", "databaseUrl", "sessionSecret"];
    raw.secrets.descriptions = { nope: "x" };
    raw.secrets.rotation = {
      ghost: { lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:r", lambdaRoleArn: "arn:aws:iam::123456789012:role/r" },
      csrfSecret: { lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:r", lambdaRoleArn: "arn:aws:iam::123456789012:role/r" },
    };
    expect(problems(raw)).toEqual([
      'launch-ready:portal.secrets.fromConfig.1 "databaseUrl": "databaseUrl" is listed twice: each secret is declared once',
      'launch-ready:portal.secrets.generated.0.name "sessionSecret": "sessionSecret" is already declared in fromConfig: a secret is either set with `pulumi config set --secret` or generated, not both',
      'launch-ready:portal.secrets.descriptions.nope "x": describes "nope", which is not declared: add it to secrets.fromConfig or secrets.generated, or remove the description',
      `launch-ready:portal.secrets.rotation.ghost ${ROTATION_SHOWN}: rotates "ghost", which is not declared: add it to secrets.fromConfig, or remove the rotation`,
      `launch-ready:portal.secrets.rotation.csrfSecret ${ROTATION_SHOWN}: "csrfSecret" is generated by launch-ready: rotate it by replacing the RandomPassword (pulumi up --replace), not with a rotation Lambda`,
    ]);
  });
});
