import * as fs from "node:fs";
import { parse as parseYaml } from "yaml";
import { problemsFromZod, type ConfigProblem } from "../../stacks/schema/errors";
import { UsageError } from "../lib/errors";
import { VerifyFileSchema, type VerifyFile } from "./config-schema";

/** Every problem of a verify file at once; exit 2. Values that came from the environment are never shown. */
export class VerifyFileError extends UsageError {
  readonly problems: ConfigProblem[];
  constructor(file: string, problems: ConfigProblem[]) {
    const lines = problems.map((p) => `  - ${p.path}${p.value === undefined ? "" : ` = ${p.value}`}: ${p.message}`);
    super(`${file} has ${problems.length} ${problems.length === 1 ? "problem" : "problems"}:\n${lines.join("\n")}\nFix each key above and run again.`);
    this.name = "VerifyFileError";
    this.problems = problems;
  }
}

export interface LoadedVerifyFile {
  file: string;
  config: VerifyFile;
  /** Values substituted from the environment: scrubbed from anything printed. */
  secrets: string[];
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces `${NAME}` with the environment variable NAME everywhere except in
 * `routes.login.body`, whose placeholders (`${email}`, `${password}`) name
 * fields of the account that signs in and are filled at login time.
 */
export function substituteEnv(doc: unknown, env: NodeJS.ProcessEnv): { value: unknown; problems: ConfigProblem[]; secrets: string[] } {
  const problems: ConfigProblem[] = [];
  const secrets: string[] = [];
  const walk = (node: unknown, at: string[]): unknown => {
    if (at.join(".") === "routes.login.body") return node;
    if (typeof node === "string") {
      return node.replace(PLACEHOLDER, (whole, name: string) => {
        if (!ENV_NAME.test(name)) {
          problems.push({ path: at.join("."), value: JSON.stringify(node), message: `"${whole}" is not a valid placeholder; write \${NAME} with NAME an environment variable (letters, digits, _)` });
          return whole;
        }
        const value = env[name];
        if (value === undefined || value === "") {
          problems.push({ path: at.join("."), value: JSON.stringify(node), message: `environment variable ${name} is not set; export it before running verify (the value is never printed)` });
          return whole;
        }
        secrets.push(value);
        return value;
      });
    }
    if (Array.isArray(node)) return node.map((v, i) => walk(v, [...at, String(i)]));
    if (node && typeof node === "object") {
      return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, walk(v, [...at, k])]));
    }
    return node;
  };
  return { value: walk(doc, []), problems, secrets };
}

/** Parses a verify file: YAML, `${NAME}` from the environment, then the schema; all problems at once. */
export function parseVerifyFile(text: string, file: string, env: NodeJS.ProcessEnv = process.env): LoadedVerifyFile {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (e) {
    throw new UsageError(`${file} is not valid YAML: ${(e as Error).message}`);
  }
  if (typeof raw !== "object" || Array.isArray(raw)) throw new UsageError(`${file}: expected a mapping of keys (baseUrl, routes, accounts, ...) at the top level`);
  const substituted = substituteEnv(raw, env);
  const result = VerifyFileSchema.safeParse(substituted.value);
  // Problems quote the file as written (`${BUYER_A_PASSWORD}`), never the value from the environment.
  const problems = [...substituted.problems, ...(result.success ? [] : problemsFromZod(result.error, VerifyFileSchema, raw, "$").map(stripRoot))];
  if (problems.length > 0 || !result.success) throw new VerifyFileError(file, problems);
  checkReferences(result.data, problems);
  if (problems.length > 0) throw new VerifyFileError(file, problems);
  return { file, config: result.data, secrets: substituted.secrets };
}

function stripRoot(p: ConfigProblem): ConfigProblem {
  return { ...p, path: p.path.replace(/^\$\.?/, "") || "(top level)" };
}

/** Account names used by tenantResources, rateLimits, ... must exist under accounts. */
function checkReferences(config: VerifyFile, problems: ConfigProblem[]): void {
  const known = Object.keys(config.accounts ?? {});
  const check = (name: string | undefined, at: string) => {
    if (name !== undefined && !known.includes(name)) {
      problems.push({ path: at, value: JSON.stringify(name), message: `no account named "${name}"; accounts listed: ${known.join(", ") || "none (add an accounts: section)"}` });
    }
  };
  config.tenantResources?.forEach((r, i) => check(r.owner, `tenantResources.${i}.owner`));
  config.rateLimits?.forEach((r, i) => check(r.as, `rateLimits.${i}.as`));
  check(config.latency?.as, "latency.as");
  check(config.csrf?.probe?.as, "csrf.probe.as");
  check(config.inputValidation?.payload?.as, "inputValidation.payload.as");
}

export function loadVerifyFile(file: string, env: NodeJS.ProcessEnv = process.env): LoadedVerifyFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`--config ${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseVerifyFile(text, file, env);
}
