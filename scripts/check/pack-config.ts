import * as fs from "node:fs";
import Ajv, { type ValidateFunction } from "ajv";
import type { EnforcementLevel, Policy } from "@pulumi/policy";
import { UsageError } from "../lib/errors";

/**
 * The policy-pack config file `pulumi preview --policy-pack-config FILE`
 * reads: per policy an enforcement level, or an object with
 * `enforcementLevel` and the policy's own properties; `all` sets the level
 * of every policy.
 */
export type PackConfigEntry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);
export type PackConfigFile = Record<string, PackConfigEntry>;

/** What a policy runs with after the engine has reconciled config, schema defaults and levels. */
export interface ResolvedPolicyConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}
export type ResolvedPackConfig = Record<string, ResolvedPolicyConfig>;

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export class PackConfigError extends UsageError {
  constructor(
    readonly problems: string[],
    where: string,
  ) {
    super(`${where} has ${problems.length} policy config problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}\nFix the policy-pack config and run again.`);
    this.name = "PackConfigError";
  }
}

export function readPackConfigFile(file: string): PackConfigFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`--pack-config ${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--pack-config ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new UsageError(`--pack-config ${file} must hold a JSON object keyed by policy name`);
  return parsed as PackConfigFile;
}

/** Merges config layers: later layers win per policy, properties merged key by key. */
export function mergePackConfig(...layers: (PackConfigFile | undefined)[]): PackConfigFile {
  const out: PackConfigFile = {};
  for (const layer of layers) {
    for (const [name, entry] of Object.entries(layer ?? {})) {
      const prev = out[name];
      const asObject = (e: PackConfigEntry | undefined) => (typeof e === "string" ? { enforcementLevel: e } : { ...(e ?? {}) });
      out[name] = { ...asObject(prev), ...asObject(entry) };
    }
  }
  return out;
}

/**
 * The engine's reconciliation, done offline: the level is config > `all` >
 * policy > pack > advisory; properties get the schema's defaults, then are
 * validated against the schema. Every problem is reported at once (exit 2).
 */
export function resolvePackConfig(policies: Policy[], packLevel: EnforcementLevel | undefined, config: PackConfigFile = {}, where = "the policy-pack config"): ResolvedPackConfig {
  const problems: string[] = [];
  const known = new Set(policies.map((p) => p.name));
  for (const name of Object.keys(config)) {
    if (name !== "all" && !known.has(name)) problems.push(`"${name}" is not a policy of this pack; known policies: ${[...known].join(", ")}`);
  }
  const levelOf = (entry: PackConfigEntry | undefined, at: string): EnforcementLevel | undefined => {
    const level = typeof entry === "string" ? entry : entry?.enforcementLevel;
    if (level === undefined) return undefined;
    if (!LEVELS.includes(level)) {
      problems.push(`${at}: enforcementLevel ${JSON.stringify(level)} is not one of ${LEVELS.join(", ")}`);
      return undefined;
    }
    return level;
  };
  const allLevel = levelOf(config.all, "all");
  const resolved: ResolvedPackConfig = {};
  for (const policy of policies) {
    const entry = config[policy.name];
    const enforcementLevel = levelOf(entry, policy.name) ?? allLevel ?? policy.enforcementLevel ?? packLevel ?? "advisory";
    const { enforcementLevel: _ignored, ...given } = typeof entry === "object" && entry !== null ? entry : {};
    const properties: Record<string, unknown> = structuredClone(given);
    const { schema, validate } = validatorFor(policy);
    if (!validate(properties)) {
      for (const err of validate.errors ?? []) {
        const key = err.instancePath.replace(/^\//, "").replace(/\//g, ".") || (err.params as { additionalProperty?: string; missingProperty?: string }).additionalProperty || (err.params as { missingProperty?: string }).missingProperty || "";
        const value = err.instancePath ? ` = ${JSON.stringify(valueAt(properties, err.instancePath))}` : "";
        const allowed = (err.params as { allowedValues?: unknown[] }).allowedValues;
        const detail = err.keyword === "additionalProperties" ? `unknown property; allowed: ${Object.keys(schema.properties).join(", ") || "none"}` : allowed ? `must be one of ${allowed.join(", ")}` : err.message;
        problems.push(`${policy.name}.${key}${value}: ${detail}`);
      }
    }
    resolved[policy.name] = { enforcementLevel, properties };
  }
  if (problems.length) throw new PackConfigError(problems, where);
  return resolved;
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const validators = new WeakMap<Policy, { schema: { properties: Record<string, unknown> }; validate: ValidateFunction }>();

/** The policy's config schema as the engine validates it (compiled once per policy object). */
function validatorFor(policy: Policy) {
  let v = validators.get(policy);
  if (!v) {
    const schema = { type: "object", properties: policy.configSchema?.properties ?? {}, required: policy.configSchema?.required ?? [], additionalProperties: false };
    v = { schema, validate: ajv.compile(schema) };
    validators.set(policy, v);
  }
  return v;
}

function valueAt(root: unknown, pointer: string): unknown {
  let v = root;
  for (const k of pointer.split("/").slice(1)) v = (v as Record<string, unknown> | undefined)?.[k];
  return v;
}
