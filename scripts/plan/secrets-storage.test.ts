import { describe, expect, it } from "vitest";
import type { Plan } from "./model";
import { planStack } from "./plan-stack";
import { secretsStorageFindings } from "./secrets-storage";

describe("secrets storage and least-privilege plan checks", async () => {
  const { plan, config } = await planStack({ stack: "prod" });
  const copy = (): Plan => structuredClone(plan);
  const policyOf = (p: Plan) => p.resources.find((r) => r.name === "tradeloft-secrets-read-policy")!;
  const editPolicy = (p: Plan, edit: (doc: any) => void) => {
    const doc = JSON.parse(String(policyOf(p).inputs.policy));
    edit(doc);
    policyOf(p).inputs.policy = JSON.stringify(doc);
    return p;
  };
  const summary = (p: Plan) => secretsStorageFindings(p, config).map((f) => [f.id, f.status, f.message]);

  it("passes the prod plan", () => {
    expect(summary(plan)).toEqual([
      ["secrets-server-side", "pass", "6 secret(s) in AWS Secrets Manager, encrypted with a customer-managed key, values marked secret"],
      ["secrets-least-privilege", "pass", "the server role may read exactly 6 secret ARN(s) and decrypt only via Secrets Manager"],
    ]);
  });

  it("fails a wildcard resource", () => {
    const p = editPolicy(copy(), (doc) => (doc.Statement[0].Resource = ["arn:aws:secretsmanager:us-east-1:123456789012:secret:tradeloft/prod/*"]));
    expect(summary(p)[1]).toEqual([
      "secrets-least-privilege",
      "fail",
      "the server's read policy is broader than reading its secrets: a statement uses a wildcard (arn:aws:secretsmanager:us-east-1:123456789012:secret:tradeloft/prod/*); GetSecretValue on ARNs that are not the portal's secrets: arn:aws:secretsmanager:us-east-1:123456789012:secret:tradeloft/prod/*",
    ]);
  });

  it("fails an extra action, and kms:Decrypt without kms:ViaService", () => {
    const p = editPolicy(copy(), (doc) => {
      doc.Statement[0].Action.push("secretsmanager:PutSecretValue");
      delete doc.Statement[1].Condition;
    });
    expect(summary(p)[1][2]).toBe(
      "the server's read policy is broader than reading its secrets: an action beyond reading secrets: secretsmanager:PutSecretValue; kms:Decrypt without a kms:ViaService condition (the role could decrypt outside Secrets Manager)",
    );
  });

  it("fails a secret without the customer key, or with a value not marked secret", () => {
    const p = copy();
    delete p.resources.find((r) => r.name === "tradeloft-secrets-databaseUrl-secret")!.inputs.kmsKeyId;
    p.resources.find((r) => r.name === "tradeloft-secrets-csrfSecret-version")!.secretInputs = [];
    expect(summary(p)[0]).toEqual([
      "secrets-server-side",
      "fail",
      "server-side secrets are not all stored safely: databaseUrl: not encrypted with the customer-managed key (kmsKeyId unset); csrfSecret: the value is not marked secret (it would be stored in clear in the state)",
    ]);
  });

  it("skips when no secret is declared", () => {
    const none = { ...config, secrets: { ...config.secrets, fromConfig: [], generated: [] } };
    expect(secretsStorageFindings(plan, none).map((f) => [f.id, f.status])).toEqual([["secrets-server-side", "skip"]]);
  });
});
