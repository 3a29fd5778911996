import * as path from "node:path";
import { planStack, PROJECT_ROOT } from "../plan/plan-stack";
import { readProject, readStackConfig } from "../plan/stack-config";
import { comparePlans, type PlanDiff } from "./compare";
import { readFileAtRevision } from "./git-revision";

export interface StackDiffOptions {
  stack: string;
  /** git revision of the stack file to compare against. */
  base: string;
  projectDir?: string;
  env?: NodeJS.ProcessEnv;
}

export interface StackDiff extends PlanDiff {
  stack: string;
  base: string;
  stackFile: string;
}

/**
 * What `pulumi up` would change if the stack file went from its state at
 * `base` to its state now: both revisions are planned offline with the same
 * program and secret stand-ins, then compared by URN. No credentials, no CLI.
 */
export async function diffStack(opts: StackDiffOptions): Promise<StackDiff> {
  const projectDir = opts.projectDir ?? PROJECT_ROOT;
  const project = readProject(projectDir);
  const { file } = readStackConfig(project, opts.stack);
  const rel = path.relative(projectDir, file).split(path.sep).join("/");
  const baseText = readFileAtRevision(projectDir, opts.base, file);
  // One run at a time: the Pulumi runtime is process-global.
  const before = await planStack({ stack: opts.stack, projectDir, env: opts.env, stackFile: { text: baseText, label: `${rel}@${opts.base}` } });
  const after = await planStack({ stack: opts.stack, projectDir, env: opts.env });
  return { stack: opts.stack, base: opts.base, stackFile: rel, ...comparePlans(before.plan, after.plan) };
}
