import type { PortalConfig } from "../../stacks/schema";
import { PUBLIC_ENV_PREFIXES, declaredSecretNames } from "../../stacks/schema/secrets";
import type { Finding } from "../lib/findings";
import { maskSecret } from "../scan-secrets/mask";
import { scanText } from "../scan-secrets/text-scan";
import type { PlanEvaluator } from "./plan-stack";

export const FRONTEND_ENV_FINDING = "frontend-env-secrets";
const KEY_PATH = "launch-ready:portal.secrets.frontend.env";

/** Names that are secret by what they say they hold. */
const SECRET_NAME = /SECRET|PASSWORD|PASSWD|PRIVATE|SERVICE_ROLE|DATABASE_URL|DB_URL|CONNECTION_STRING|SIGNING|CREDENTIAL|WEBHOOK_KEY/i;
/** Names that are often secret, but have well-known public cousins (publishable keys, anon keys, site keys). */
const MAYBE_SECRET_NAME = /TOKEN|API_KEY|ACCESS_KEY|_KEY$/i;
const PUBLIC_BY_DESIGN = /PUBLISHABLE|PUBLIC_KEY|SITE_KEY|ANON_KEY|CLIENT_ID|MEASUREMENT_ID|DSN|MAPS_KEY/i;

/** Whether the frontend build inlines this variable into the browser bundle. */
export function isPublicEnvName(name: string, publicNames: string[]): boolean {
  return publicNames.includes(name) || PUBLIC_ENV_PREFIXES.some((p) => name.startsWith(p));
}

function normalise(name: string): string {
  const bare = PUBLIC_ENV_PREFIXES.reduce((n, p) => (n.startsWith(p) ? n.slice(p.length) : n), name);
  return bare.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * The frontend guard of the plan: whatever the frontend build makes public is
 * downloaded by every visitor, so a public variable may not be one of the
 * server's secrets, may not be named like a secret, and no value in the build
 * environment may look like a credential (it would also sit in the stack file
 * in clear). Values are never shown, only masked.
 *
 * This is a plan evaluator rather than a schema rule: the result is a finding
 * on the scorecard (all report formats, exit 1) instead of "bad input", and it
 * reuses the secret scanner's rules, which the standalone schema must not import.
 */
export async function frontendEnvFindings(config: PortalConfig): Promise<Finding[]> {
  const { env, publicNames } = config.secrets.frontend;
  const entries = Object.entries(env);
  if (entries.length === 0) {
    return [{ id: FRONTEND_ENV_FINDING, area: "secret-handling", status: "skip", severity: "info", message: "no frontend build environment declared (secrets.frontend.env)", mandatory: true }];
  }
  const serverSecrets = new Map(declaredSecretNames(config.secrets).map((s) => [normalise(s), s]));
  const findings: Finding[] = [];
  const fail = (name: string, value: string, message: string, fix: string, mandatory = true) =>
    findings.push({
      id: FRONTEND_ENV_FINDING,
      area: "secret-handling",
      status: "fail",
      severity: mandatory ? "critical" : "medium",
      mandatory,
      message,
      target: `${KEY_PATH}.${name}`,
      evidence: `${name}=${maskSecret(value)}`,
      fix,
    });

  let publicCount = 0;
  for (const [name, value] of entries) {
    const isPublic = isPublicEnvName(name, publicNames);
    // Listed in publicNames: the user states the value is meant for browsers (a publishable key).
    const markedPublic = publicNames.includes(name);
    if (isPublic) publicCount++;
    const server = serverSecrets.get(normalise(name));
    if (isPublic && server) {
      fail(name, value, `${name} is public (inlined into the browser bundle) but names the server secret "${server}"`, `Remove ${name} from secrets.frontend.env; the server reads ${server} from Secrets Manager and the browser must call the API instead.`);
    } else if (isPublic && SECRET_NAME.test(name)) {
      fail(name, value, `${name} is public (inlined into the browser bundle) and its name says it holds a secret`, `Remove ${name} from the frontend build; keep the value server-side (secrets.fromConfig) and expose only what the browser may see.`);
    } else if (isPublic && !markedPublic && MAYBE_SECRET_NAME.test(name) && !PUBLIC_BY_DESIGN.test(name)) {
      fail(
        name,
        value,
        `${name} is public and named like a key or token: make sure it is a publishable one`,
        `If it is a secret, move it server-side; if it is public by design (a publishable or anon key), add it to secrets.frontend.publicNames to record that.`,
        false,
      );
    }
    // The generic "random value under a secret-sounding name" rule adds nothing when the name was
    // judged already (failed, or advisory for key/token names), or is public by design or by the
    // user's word (web API keys such as Firebase's are random and meant for browsers).
    const judgedByName = findings.some((f) => f.target === `${KEY_PATH}.${name}`);
    const skipGeneric = judgedByName || markedPublic || PUBLIC_BY_DESIGN.test(name);
    const hits = await scanText(`${name}=${value}`, `${KEY_PATH}.${name}`, { origin: isPublic ? "bundle" : "repo" });
    for (const hit of hits.filter((h) => !(skipGeneric && h.ruleId === "launch-ready/secret-assignment"))) {
      fail(
        name,
        value,
        `${name} holds a value that looks like a ${hit.kind}${isPublic ? " and would ship in the browser bundle" : " in the stack file, in clear"}`,
        `Rotate that credential (it is in the stack file's git history), remove it from secrets.frontend.env and set it with \`pulumi config set --secret\` for the server instead.`,
      );
    }
  }
  if (findings.every((f) => f.mandatory === false)) {
    findings.push({
      id: FRONTEND_ENV_FINDING,
      area: "secret-handling",
      status: "pass",
      severity: "info",
      mandatory: true,
      message: `frontend build environment: ${publicCount} public variable(s) of ${entries.length}, none a secret`,
      target: KEY_PATH,
    });
  }
  return findings;
}

export const frontendEnvEvaluator: PlanEvaluator = (_plan, config) => frontendEnvFindings(config);
