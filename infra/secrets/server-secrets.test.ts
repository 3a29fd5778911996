import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import type { PlannedResource } from "../../scripts/plan/model";
import { PROJECT_ROOT, planStack } from "../../scripts/plan/plan-stack";

/** The prod stack's portal object as written, to change one key per case. */
function prodPortal(): Record<string, any> {
  const doc = parse(fs.readFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.prod.yaml"), "utf8"));
  return doc.config["launch-ready:portal"];
}

const byName = (resources: PlannedResource[], name: string) => {
  const r = resources.find((x) => x.name === name);
  if (!r) throw new Error(`no resource named ${name}`);
  return r;
};
const parentName = (resources: PlannedResource[], r: PlannedResource) => resources.find((x) => x.urn === r.parent)?.name;

const ALL_SECRETS = ["databaseUrl", "stripeSecretKey", "stripeWebhookSecret", "sessionSecret", "csrfSecret", "webhookSigningSecret"];

/** Every string inside a policy document's Action and Resource fields. */
function actionsAndResources(doc: { Statement: { Action: string[]; Resource?: string | string[] }[] }): string[] {
  return doc.Statement.flatMap((s) => [...s.Action, ...(s.Resource === undefined ? [] : [s.Resource].flat())]);
}

describe("ServerSecrets in the prod plan", async () => {
  const { plan } = await planStack({ stack: "prod" });
  const secretsTree = plan.resources.filter((r) => r.name.startsWith("tradeloft-secrets"));

  it("declares exactly these resources, each under its component", () => {
    const expected: [string, string, string | undefined][] = [
      ["launch-ready:secrets:ServerSecrets", "tradeloft-secrets", undefined],
      ["launch-ready:secrets:SecretsKey", "tradeloft-secrets-kms", "tradeloft-secrets"],
      ["aws:kms/key:Key", "tradeloft-secrets-kms-key", "tradeloft-secrets-kms"],
      ["aws:kms/alias:Alias", "tradeloft-secrets-kms-alias", "tradeloft-secrets-kms"],
      ["launch-ready:secrets:ServerRole", "tradeloft-secrets-server", "tradeloft-secrets"],
      ["aws:iam/role:Role", "tradeloft-secrets-server-role", "tradeloft-secrets-server"],
    ];
    for (const key of ALL_SECRETS) {
      const c = `tradeloft-secrets-${key}`;
      expected.push(["launch-ready:secrets:PortalSecret", c, "tradeloft-secrets"]);
      if (["sessionSecret", "csrfSecret", "webhookSigningSecret"].includes(key)) expected.push(["random:index/randomPassword:RandomPassword", `${c}-value`, c]);
      expected.push(["aws:secretsmanager/secret:Secret", `${c}-secret`, c], ["aws:secretsmanager/secretVersion:SecretVersion", `${c}-version`, c], ["aws:secretsmanager/secretPolicy:SecretPolicy", `${c}-policy`, c]);
    }
    expected.push(
      ["launch-ready:secrets:ServerSecretAccess", "tradeloft-secrets-read", "tradeloft-secrets"],
      ["aws:iam/policy:Policy", "tradeloft-secrets-read-policy", "tradeloft-secrets-read"],
      ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "tradeloft-secrets-read-attachment", "tradeloft-secrets-read"],
    );
    // Registration order is the SDK's (components first, custom resources as their inputs resolve): compare as sets.
    const byNameOrder = (a: (string | undefined)[], b: (string | undefined)[]) => String(a[1]).localeCompare(String(b[1]));
    expect(secretsTree.map((r) => [r.type, r.name, parentName(plan.resources, r)]).sort(byNameOrder)).toEqual(expected.sort(byNameOrder));
    expect(secretsTree).toHaveLength(36);
    expect(plan.resources.filter((r) => r.type === "aws:secretsmanager/secretRotation:SecretRotation")).toEqual([]);
  });

  it("encrypts with a customer-managed key that rotates", () => {
    expect(byName(plan.resources, "tradeloft-secrets-kms-key").inputs).toEqual({
      description: "Encrypts the tradeloft-prod portal secrets in Secrets Manager (managed by launch-ready)",
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: 30,
      region: "us-east-1",
      tags: { portal: "tradeloft", environment: "prod", "managed-by": "launch-ready" },
    });
    expect(byName(plan.resources, "tradeloft-secrets-kms-alias").inputs).toMatchObject({ name: "alias/tradeloft-prod-secrets", targetKeyId: plan.outputs.secretsKmsKeyArn });
  });

  it("stores every value as a secret: SecretVersion.secretString and RandomPassword.result", () => {
    for (const key of ALL_SECRETS) {
      const version = byName(plan.resources, `tradeloft-secrets-${key}-version`);
      expect(version.inputs.secretString).toBe("[secret]");
      expect(version.secretInputs).toEqual(["secretString"]);
      expect(version.additionalSecretOutputs).toContain("secretString");
      const secret = byName(plan.resources, `tradeloft-secrets-${key}-secret`);
      expect(secret.inputs).toMatchObject({ name: `tradeloft/prod/${key}`, kmsKeyId: plan.outputs.secretsKmsKeyArn, recoveryWindowInDays: 30, region: "us-east-1" });
    }
    for (const key of ["sessionSecret", "csrfSecret", "webhookSigningSecret"]) {
      const password = byName(plan.resources, `tradeloft-secrets-${key}-value`);
      expect(password.inputs).toEqual({ length: 64, special: true, overrideSpecial: "-_.~", minLower: 4, minUpper: 4, minNumeric: 4 });
      expect(password.additionalSecretOutputs).toEqual(["bcryptHash", "result"]);
      // The version's value comes from the password, not from config.
      expect(byName(plan.resources, `tradeloft-secrets-${key}-version`).propertyDependencies.secretString).toEqual([password.urn]);
    }
    expect(byName(plan.resources, "tradeloft-secrets-databaseUrl-secret").inputs.description).toBe("Postgres connection URL of the portal database, password included");
  });

  it("grants the server role GetSecretValue on exactly these ARNs and kms:Decrypt only via Secrets Manager", () => {
    const arns = plan.outputs.secretArns as Record<string, string>;
    expect(Object.keys(arns).sort()).toEqual([...ALL_SECRETS].sort());
    const doc = JSON.parse(byName(plan.resources, "tradeloft-secrets-read-policy").inputs.policy as string);
    expect(doc).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "ReadPortalSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: Object.values(arns).sort() },
        {
          Sid: "DecryptOnlyViaSecretsManager",
          Effect: "Allow",
          Action: ["kms:Decrypt"],
          Resource: [plan.outputs.secretsKmsKeyArn],
          Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
        },
      ],
    });
    for (const value of actionsAndResources(doc)) expect(value).not.toContain("*");
    expect(Object.values(arns).every((a) => /^arn:aws:secretsmanager:us-east-1:123456789012:secret:tradeloft\/prod\/\w+-[0-9a-f]{6}$/.test(a))).toBe(true);
    const attachment = byName(plan.resources, "tradeloft-secrets-read-attachment");
    expect(attachment.inputs).toEqual({ role: String(plan.outputs.serverRoleArn).split("/").pop(), policyArn: expect.stringMatching(/^arn:aws:iam::123456789012:policy\//) });
    const role = byName(plan.resources, "tradeloft-secrets-server-role");
    expect(JSON.parse(role.inputs.assumeRolePolicy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "ServerAssumesRole", Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: ["sts:AssumeRole"] }],
    });
  });

  it("gives each secret a resource policy: the server role reads, nobody outside the account does", () => {
    const arns = plan.outputs.secretArns as Record<string, string>;
    const policy = byName(plan.resources, "tradeloft-secrets-databaseUrl-policy");
    expect(policy.inputs.blockPublicPolicy).toBe(true);
    expect(policy.inputs.secretArn).toBe(arns.databaseUrl);
    expect(JSON.parse(policy.inputs.policy as string)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "AllowPortalServerRead", Effect: "Allow", Principal: { AWS: [plan.outputs.serverRoleArn] }, Action: ["secretsmanager:GetSecretValue"], Resource: arns.databaseUrl },
        {
          Sid: "DenyReadOutsideAccount",
          Effect: "Deny",
          Principal: "*",
          Action: ["secretsmanager:GetSecretValue"],
          Resource: arns.databaseUrl,
          Condition: { StringNotEquals: { "aws:PrincipalAccount": "123456789012" } },
        },
      ],
    });
  });

  it("exports names and ARNs only", () => {
    expect(plan.outputs.secretNames).toEqual(Object.fromEntries(ALL_SECRETS.map((k) => [k, `tradeloft/prod/${k}`])));
    expect(plan.outputs.serverRoleArn).toMatch(/^arn:aws:iam::123456789012:role\/tradeloft-secrets-server-role-[0-9a-f]{7}$/);
    expect(plan.outputs.secretsKmsKeyArn).toMatch(/^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36}$/);
    expect(JSON.stringify(plan.outputs)).not.toContain("[secret]");
  });
});

describe("ServerSecrets with an existing role and key, and rotation", async () => {
  const portal = prodPortal();
  portal.secrets.serverRole = { existingRoleArn: "arn:aws:iam::123456789012:role/app/tradeloft-api" };
  portal.secrets.kms = { existingKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" };
  portal.secrets.rotation = {
    databaseUrl: { lambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:rotate-postgres", lambdaRoleArn: "arn:aws:iam::123456789012:role/rotate-postgres", days: 14 },
  };
  const { plan } = await planStack({ stack: "prod", portalOverride: portal });

  it("creates no role and no key, and attaches the policy to the existing role by name", () => {
    const types = plan.resources.map((r) => r.type);
    expect(types).not.toContain("aws:iam/role:Role");
    expect(types).not.toContain("aws:kms/key:Key");
    expect(types).not.toContain("aws:kms/alias:Alias");
    expect(byName(plan.resources, "tradeloft-secrets-read-attachment").inputs.role).toBe("tradeloft-api");
    expect(plan.outputs.serverRoleArn).toBe("arn:aws:iam::123456789012:role/app/tradeloft-api");
    const doc = JSON.parse(byName(plan.resources, "tradeloft-secrets-read-policy").inputs.policy as string);
    expect(doc.Statement[1].Resource).toEqual(["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]);
  });

  it("rotates the database URL with the user's function, after its first version, and lets that function's role read it", () => {
    const rotation = byName(plan.resources, "tradeloft-secrets-databaseUrl-rotation");
    expect(rotation.type).toBe("aws:secretsmanager/secretRotation:SecretRotation");
    expect(rotation.inputs).toMatchObject({
      rotationLambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:rotate-postgres",
      rotationRules: { automaticallyAfterDays: 14 },
      region: "us-east-1",
    });
    expect(rotation.dependencies).toContain(byName(plan.resources, "tradeloft-secrets-databaseUrl-version").urn);
    const doc = JSON.parse(byName(plan.resources, "tradeloft-secrets-databaseUrl-policy").inputs.policy as string);
    expect(doc.Statement[0].Principal).toEqual({ AWS: ["arn:aws:iam::123456789012:role/app/tradeloft-api", "arn:aws:iam::123456789012:role/rotate-postgres"] });
    expect(plan.resources.filter((r) => r.type === "aws:secretsmanager/secretRotation:SecretRotation").map((r) => r.name)).toEqual(["tradeloft-secrets-databaseUrl-rotation"]);
  });
});

describe("ServerSecrets with no secret declared", async () => {
  const portal = prodPortal();
  portal.secrets = {};
  const { plan } = await planStack({ stack: "prod", portalOverride: portal });

  it("creates no key, secret, role, policy or password, and exports no secret outputs", () => {
    const component = plan.resources.find((r) => r.name === "tradeloft-secrets");
    expect(component?.type).toBe("launch-ready:secrets:ServerSecrets");
    expect(plan.resources.filter((r) => r.parent === component!.urn)).toEqual([]);
    expect(plan.resources.filter((r) => /^(aws:(kms|secretsmanager|iam)\/|random:)/.test(r.type))).toEqual([]);
    expect(Object.keys(plan.outputs)).not.toContain("secretArns");
  });
});
