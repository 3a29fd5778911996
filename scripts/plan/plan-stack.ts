import * as path from "node:path";
import { readPortalConfig } from "../../infra/config";
import { createPortal } from "../../infra/portal";
import { CONFIG_NAMESPACE, PORTAL_KEY, parsePortalConfig, type PortalConfig } from "../../stacks/schema";
import { monitoringSecretKeys } from "../../stacks/schema/monitoring";
import type { Finding } from "../lib/findings";
import type { Plan } from "./model";
import { runOffline } from "./run-offline";
import { PROJECT_ROOT, offlineSecretNotes, parseStackConfig, readProject, readStackConfig, resolveOfflineSecrets, toRuntimeConfig } from "./stack-config";

export { PROJECT_ROOT } from "./stack-config";

/**
 * Every config key the program reads as a secret: `secure:` values of the
 * stack file, the server secrets, and monitoring's webhook/PagerDuty keys.
 */
export function offlineSecretKeys(secureKeys: string[], config: PortalConfig): string[] {
  const fromPortal = [...config.secrets.fromConfig, ...monitoringSecretKeys(config.monitoring)].map((k) => `${CONFIG_NAMESPACE}:${k}`);
  return [...new Set([...secureKeys, ...fromPortal])];
}

/** Judges a finished plan; the policy pack plugs in here. */
export type PlanEvaluator = (plan: Plan, config: PortalConfig) => Finding[] | Promise<Finding[]>;

export interface PlanStackOptions {
  stack: string;
  /** Folder holding Pulumi.yaml and the stacks (default: launch-ready's own). */
  projectDir?: string;
  env?: NodeJS.ProcessEnv;
  evaluators?: PlanEvaluator[];
  /** Replace the stack file's portal object (used by diff to plan another revision). */
  portalOverride?: unknown;
  /** Plan this stack-file text instead of the file on disk (diff: the whole file at another revision). */
  stackFile?: { text: string; label: string };
}

export interface PlannedStack {
  plan: Plan;
  config: PortalConfig;
  stackFile: string;
}

/**
 * The offline plan of one stack of launch-ready's program: parse the stack
 * file once (all problems at once, exit 2), stand in for secrets, run the
 * same program `pulumi up` runs under the mock runtime, then judge it.
 */
export async function planStack(opts: PlanStackOptions): Promise<PlannedStack> {
  const project = readProject(opts.projectDir ?? PROJECT_ROOT);
  const stackConfig = opts.stackFile ? parseStackConfig(project, opts.stackFile.text, opts.stackFile.label) : readStackConfig(project, opts.stack);
  const portalKey = `${CONFIG_NAMESPACE}:${PORTAL_KEY}`;
  const rawPortal = opts.portalOverride ?? stackConfig.values[portalKey];
  const where = path.relative(process.cwd(), stackConfig.file) || stackConfig.file;
  const config = parsePortalConfig(rawPortal, where);

  const secretKeys = offlineSecretKeys(stackConfig.secureKeys, config);
  const offline = resolveOfflineSecrets(secretKeys, opts.env ?? process.env);
  const runtimeConfig = toRuntimeConfig({ ...stackConfig.values, [portalKey]: rawPortal, ...offline.values });

  const run = await runOffline({
    project: project.name,
    stack: opts.stack,
    config: runtimeConfig,
    secretKeys,
    program: () => createPortal(readPortalConfig()),
  });

  const notes = offlineSecretNotes(offline.secrets, stackConfig.secureKeys, opts.stack);
  for (const w of run.warnings) notes.push({ kind: "warning", message: w });

  const plan: Plan = { stack: opts.stack, project: project.name, resources: run.resources, outputs: run.outputs, findings: [], notes };
  for (const evaluate of opts.evaluators ?? []) plan.findings.push(...(await evaluate(plan, config)));
  return { plan, config, stackFile: stackConfig.file };
}
