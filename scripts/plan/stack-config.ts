import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { CONFIG_NAMESPACE, PORTAL_KEY, parsePortalConfig, type PortalConfig } from "../../stacks/schema";
import { UsageError } from "../lib/errors";
import type { PlanNote } from "./model";

/** launch-ready's own project folder (where Pulumi.yaml is). */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** A Pulumi project as Pulumi.yaml describes it. */
export interface ProjectInfo {
  dir: string;
  name: string;
  main: string;
  stackConfigDir: string;
}

export function readProject(dir: string): ProjectInfo {
  const file = path.join(dir, "Pulumi.yaml");
  if (!fs.existsSync(file)) throw new UsageError(`no Pulumi.yaml in ${dir}: point --project at a Pulumi project folder`);
  let doc: Record<string, unknown>;
  try {
    doc = (parseYaml(fs.readFileSync(file, "utf8")) ?? {}) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`${file} is not valid YAML: ${(e as Error).message}`);
  }
  if (typeof doc.name !== "string") throw new UsageError(`${file}: the key "name" is missing; every Pulumi project needs a name`);
  const main = typeof doc.main === "string" ? doc.main : "index.ts";
  return {
    dir,
    name: doc.name,
    main: path.resolve(dir, main),
    stackConfigDir: path.resolve(dir, typeof doc.stackConfigDir === "string" ? doc.stackConfigDir : "."),
  };
}

/** A stack file, read without the Pulumi CLI. */
export interface StackConfig {
  file: string;
  /** Plain values by fully qualified key (`launch-ready:portal`), objects as parsed YAML. */
  values: Record<string, unknown>;
  /** Keys whose value is `secure:` ciphertext that cannot be decrypted offline. */
  secureKeys: string[];
}

/** Qualifies a stack-file key the way Pulumi does: a bare key belongs to the project. */
export function qualifyKey(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

export function readStackConfig(project: ProjectInfo, stack: string): StackConfig {
  if (!/^[A-Za-z0-9_.-]+$/.test(stack)) throw new UsageError(`--stack "${stack}" is not a valid stack name (letters, digits, -, _ and . only)`);
  const file = path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    const available = fs.existsSync(project.stackConfigDir)
      ? fs
          .readdirSync(project.stackConfigDir)
          .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
          .filter((s): s is string => Boolean(s))
      : [];
    throw new UsageError(`no stack file for --stack ${stack} (looked for ${path.relative(process.cwd(), file) || file}); stacks here: ${available.join(", ") || "none"}`);
  }
  return parseStackConfig(project, fs.readFileSync(file, "utf8"), file);
}

/**
 * A stack file's text (from disk, or from git for another revision), read
 * the way readStackConfig reads the file. `file` names it in messages.
 */
export function parseStackConfig(project: ProjectInfo, text: string, file: string): StackConfig {
  let doc: { config?: Record<string, unknown> } | null;
  try {
    doc = parseYaml(text) as typeof doc;
  } catch (e) {
    throw new UsageError(`${file} is not valid YAML: ${(e as Error).message}`);
  }
  const values: Record<string, unknown> = {};
  const secureKeys: string[] = [];
  for (const [key, value] of Object.entries(doc?.config ?? {})) {
    const full = qualifyKey(key, project.name);
    if (value && typeof value === "object" && !Array.isArray(value) && "secure" in value) secureKeys.push(full);
    else values[full] = value;
  }
  return { file, values, secureKeys };
}

/** Environment variable that supplies a secret offline: databaseUrl → LAUNCH_READY_SECRET_DATABASE_URL. */
export function secretEnvName(key: string): string {
  const bare = key.includes(":") ? key.slice(key.indexOf(":") + 1) : key;
  return `LAUNCH_READY_SECRET_${bare.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9]/g, "_").toUpperCase()}`;
}

export interface OfflineSecret {
  key: string;
  source: "env" | "placeholder";
  envName: string;
}

/**
 * Secrets cannot be decrypted without the CLI: each comes from its
 * environment variable when set, otherwise from a placeholder. Either way it
 * is marked secret, so it is masked like the real thing.
 */
export function resolveOfflineSecrets(keys: string[], env: NodeJS.ProcessEnv = process.env): { values: Record<string, string>; secrets: OfflineSecret[] } {
  const values: Record<string, string> = {};
  const secrets: OfflineSecret[] = [];
  for (const key of [...new Set(keys)]) {
    const envName = secretEnvName(key);
    const fromEnv = env[envName];
    values[key] = fromEnv ?? `offline-placeholder-for-${key.replace(/^.*:/, "")}`;
    secrets.push({ key, source: fromEnv === undefined ? "placeholder" : "env", envName });
  }
  return { values, secrets };
}

/** Pulumi's runtime wants every config value as a string; objects travel as JSON. */
export function toRuntimeConfig(values: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) out[k] = typeof v === "string" ? v : JSON.stringify(v);
  return out;
}

/**
 * A stack's portal config, parsed once (every problem at once, exit 2),
 * without running the program: for the commands that only need to know
 * what the stack describes (check's pack config, deploy, email-dns, verify).
 */
export function readStackPortal(stack: string, projectDir = PROJECT_ROOT): { config: PortalConfig; stackFile: string } {
  const stackConfig = readStackConfig(readProject(projectDir), stack);
  const where = path.relative(process.cwd(), stackConfig.file) || stackConfig.file;
  return { config: parsePortalConfig(stackConfig.values[`${CONFIG_NAMESPACE}:${PORTAL_KEY}`], where), stackFile: stackConfig.file };
}

/**
 * What the plan says about each stand-in secret: taken from the environment,
 * or a placeholder because a `secure:` value cannot be decrypted offline, or
 * because the key is not set in the stack file yet.
 */
export function offlineSecretNotes(secrets: OfflineSecret[], secureKeys: string[], stack: string): PlanNote[] {
  const inStackFile = new Set(secureKeys);
  return secrets.map((s) => ({
    kind: s.source === "env" ? "secret-from-env" : "secret-placeholder",
    message:
      s.source === "env"
        ? `${s.key}: taken from $${s.envName} (marked secret)`
        : inStackFile.has(s.key)
          ? `${s.key}: secure values cannot be decrypted offline; using a placeholder marked secret (set $${s.envName} to plan with a real value)`
          : `${s.key}: not set in the stack file yet (\`pulumi config set --secret ${s.key.replace(/^[^:]*:/, "")} … --stack ${stack}\` before \`pulumi up\`); using a placeholder marked secret (set $${s.envName} to plan with a real value)`,
  }));
}
