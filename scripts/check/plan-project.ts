import * as fs from "node:fs";
import * as path from "node:path";
import type { Plan, PlanNote } from "../plan/model";
import { ProgramError, runOffline } from "../plan/run-offline";
import { offlineSecretNotes, readProject, readStackConfig, resolveOfflineSecrets, toRuntimeConfig } from "../plan/stack-config";
import { MissingDependencyError, UsageError } from "../lib/errors";
import { loadPulumiSdk } from "../plan/sdk";

/** The part of tsx's CJS API we use (its types need moduleResolution node16+, the project uses node). */
interface TsxCjsApi {
  register(options: { namespace: string }): { require: (id: string, fromFile: string) => unknown; unregister: () => void };
}

/**
 * Loads a TypeScript (or JavaScript) Pulumi program the way the nodejs
 * language host does: tsx compiles .ts on the fly; the module may export its
 * outputs, `export =` a value, or export a (default) function that returns
 * them (an async one included).
 */
export function loadProgram(main: string): { program: () => Promise<unknown>; failure: () => Error | undefined } {
  const entry = resolveMain(main);
  let failure: Error | undefined;
  const program = async () => {
    // tsx's namespaced require compiles only what this program loads, and leaves our own loaders alone.
    const { register } = require("tsx/cjs/api") as TsxCjsApi;
    const api = register({ namespace: `launch-ready-check-${Date.now()}` });
    try {
      const mod = api.require(entry, __filename) as unknown;
      const fn = typeof mod === "function" ? mod : typeof (mod as { default?: unknown })?.default === "function" ? (mod as { default: () => unknown }).default : undefined;
      const result = fn ? await (fn as () => unknown)() : mod;
      return result && typeof result === "object" && "default" in result && Object.keys(result).length === 1 ? (result as { default: unknown }).default : result;
    } catch (e) {
      // Thrown inside the Pulumi runtime, the error would also surface as an unhandled rejection;
      // keep it and report it once the run is over. A program that fails is the project's problem: exit 2.
      failure = new ProgramError(`${path.relative(process.cwd(), entry) || entry} failed: ${String((e as Error)?.message ?? e).split("\n")[0]}`);
      return {};
    } finally {
      api.unregister();
    }
  };
  return { program, failure: () => failure };
}

function resolveMain(main: string): string {
  const candidates = [main, `${main}.ts`, `${main}.js`, path.join(main, "index.ts"), path.join(main, "index.js")];
  const found = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
  if (!found) throw new UsageError(`the program's main ${main} does not exist: set "main" in Pulumi.yaml or add index.ts`);
  return found;
}

/**
 * The offline plan of any Pulumi TypeScript project: its stack file's config
 * (secure values replaced by placeholders marked secret), its program run
 * under the mock runtime with the SDK from the project's own node_modules.
 */
export async function planProject(opts: { projectDir: string; stack: string; env?: NodeJS.ProcessEnv }): Promise<Plan> {
  const projectDir = path.resolve(opts.projectDir);
  const project = readProject(projectDir);
  const stackConfig = readStackConfig(project, opts.stack);
  try {
    loadPulumiSdk(projectDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw e;
    throw new MissingDependencyError(`${projectDir} cannot load @pulumi/pulumi: install the project's dependencies first (npm ci in that folder)`);
  }
  const offline = resolveOfflineSecrets(stackConfig.secureKeys, opts.env ?? process.env);
  const loaded = loadProgram(project.main);
  const run = await runOffline({
    project: project.name,
    stack: opts.stack,
    projectDir,
    config: toRuntimeConfig({ ...stackConfig.values, ...offline.values }),
    secretKeys: stackConfig.secureKeys,
    program: loaded.program,
  });
  const failure = loaded.failure();
  if (failure) throw failure;
  const notes: PlanNote[] = offlineSecretNotes(offline.secrets, stackConfig.secureKeys, opts.stack);
  for (const w of run.warnings) notes.push({ kind: "warning", message: w });
  return { stack: opts.stack, project: project.name, resources: run.resources, outputs: run.outputs, findings: [], notes };
}
