import type { PortalConfig } from "../../stacks/schema";
import { declaredSecretNames } from "../../stacks/schema/secrets";
import type { Finding } from "../lib/findings";
import type { Plan, PlannedResource } from "./model";
import type { PlanEvaluator } from "./plan-stack";

const SECRET = "aws:secretsmanager/secret:Secret";
const VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const POLICY = "aws:iam/policy:Policy";

interface Statement {
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const ref = (r: PlannedResource) => `${r.type}::${r.name}`;

/**
 * Judges the planned secrets, as the scorecard's "secret handling" row:
 * every declared secret is stored server-side (a Secrets Manager secret
 * encrypted with a customer key, its value a Pulumi secret), and the server's
 * read policy is least privilege (only GetSecretValue on the portal's ARNs,
 * kms:Decrypt only via Secrets Manager, no wildcard).
 */
export function secretsStorageFindings(plan: Plan, config: PortalConfig): Finding[] {
  const names = declaredSecretNames(config.secrets);
  if (names.length === 0) {
    return [{ id: "secrets-server-side", area: "secret-handling", status: "skip", severity: "info", mandatory: true, message: "no server-side secrets declared (secrets.fromConfig, secrets.generated)" }];
  }
  const prefix = `${config.name}-secrets`;
  const findings: Finding[] = [];
  const base = { area: "secret-handling" as const, mandatory: true };

  const problems: string[] = [];
  for (const key of names) {
    const secret = plan.resources.find((r) => r.type === SECRET && r.name === `${prefix}-${key}-secret`);
    const version = plan.resources.find((r) => r.type === VERSION && r.name === `${prefix}-${key}-version`);
    if (!secret || !version) problems.push(`${key}: no Secrets Manager secret and version in the plan`);
    else if (!secret.inputs.kmsKeyId) problems.push(`${key}: not encrypted with the customer-managed key (kmsKeyId unset)`);
    else if (!version.secretInputs.includes("secretString")) problems.push(`${key}: the value is not marked secret (it would be stored in clear in the state)`);
  }
  findings.push(
    problems.length
      ? { ...base, id: "secrets-server-side", status: "fail", severity: "critical", message: `server-side secrets are not all stored safely: ${problems.join("; ")}`, fix: "Create every secret through ServerSecrets (infra/secrets) so it is encrypted and its value stays a Pulumi secret." }
      : { ...base, id: "secrets-server-side", status: "pass", severity: "info", message: `${names.length} secret(s) in AWS Secrets Manager, encrypted with a customer-managed key, values marked secret` },
  );

  const policy = plan.resources.find((r) => r.type === POLICY && r.name === `${prefix}-read-policy`);
  const arns = new Set(Object.values((plan.outputs.secretArns as Record<string, string> | undefined) ?? {}));
  const issues: string[] = [];
  let statements: Statement[] = [];
  try {
    statements = policy ? (JSON.parse(String(policy.inputs.policy)).Statement as Statement[]) : [];
  } catch {
    issues.push("the policy document is not JSON");
  }
  if (!policy) issues.push("no read policy for the server role in the plan");
  for (const s of statements) {
    const actions = list(s.Action);
    const resources = list(s.Resource);
    if (s.Effect !== "Allow") continue;
    if ([...actions, ...resources].some((v) => v.includes("*"))) issues.push(`a statement uses a wildcard (${[...actions, ...resources].filter((v) => v.includes("*")).join(", ")})`);
    for (const action of actions) {
      if (action === "secretsmanager:GetSecretValue") {
        const extra = resources.filter((r) => !arns.has(r));
        if (extra.length) issues.push(`GetSecretValue on ARNs that are not the portal's secrets: ${extra.join(", ")}`);
      } else if (action === "kms:Decrypt") {
        if (!s.Condition?.StringEquals?.["kms:ViaService"]) issues.push("kms:Decrypt without a kms:ViaService condition (the role could decrypt outside Secrets Manager)");
      } else issues.push(`an action beyond reading secrets: ${action}`);
    }
  }
  findings.push(
    issues.length
      ? { ...base, id: "secrets-least-privilege", status: "fail", severity: "high", message: `the server's read policy is broader than reading its secrets: ${issues.join("; ")}`, resource: policy && ref(policy), fix: "Grant only secretsmanager:GetSecretValue on the portal's secret ARNs and kms:Decrypt with kms:ViaService = secretsmanager.<region>.amazonaws.com." }
      : { ...base, id: "secrets-least-privilege", status: "pass", severity: "info", message: `the server role may read exactly ${arns.size} secret ARN(s) and decrypt only via Secrets Manager`, resource: ref(policy!) },
  );
  return findings;
}

export const secretsStorageEvaluator: PlanEvaluator = (plan, config) => secretsStorageFindings(plan, config);
