import * as path from "node:path";
import { PACK_ENFORCEMENT, PACK_NAME, POLICIES } from "../../policies/all";
import type { LaunchReadyPolicy } from "../../policies/lib/kit";
import type { PortalConfig } from "../../stacks/schema";
import type { Finding } from "../lib/findings";
import type { Plan } from "../plan/model";
import { planStack, PROJECT_ROOT, type PlanEvaluator } from "../plan/plan-stack";
import { evaluatePack, type AnalyzedResource, type PackEvaluation } from "./evaluate-pack";
import { mergePackConfig, resolvePackConfig, type PackConfigFile, type ResolvedPackConfig } from "./pack-config";
import { planProject } from "./plan-project";
import { packConfigFromPortal } from "./portal-pack-config";
import { evaluationToFindings } from "./to-findings";

export interface PackRun {
  evaluation: PackEvaluation;
  findings: Finding[];
  config: ResolvedPackConfig;
}

/** Evaluates the launch-ready pack (or another policy list) over plan resources with the engine's semantics. */
export async function runPack(resources: AnalyzedResource[], packConfig: PackConfigFile = {}, opts: { policies?: LaunchReadyPolicy[]; where?: string } = {}): Promise<PackRun> {
  const policies = opts.policies ?? POLICIES;
  const config = resolvePackConfig(policies, PACK_ENFORCEMENT, packConfig, opts.where);
  const evaluation = await evaluatePack({ packName: PACK_NAME, policies, config, resources });
  return { evaluation, findings: evaluationToFindings(evaluation, policies, config, resources), config };
}

/** The plan-time judge `plan` runs: the pack with the config the stack's PortalConfig claims. */
export function policyPackEvaluator(): PlanEvaluator {
  return async (plan: Plan, config: PortalConfig) => (await runPack(plan.resources, packConfigFromPortal(config))).findings;
}

export interface CheckOptions {
  stack: string;
  /** Another Pulumi project; default launch-ready's own. */
  projectDir?: string;
  /** The --policy-pack-config file's content, layered over what the stack claims. */
  packConfig?: PackConfigFile;
  env?: NodeJS.ProcessEnv;
}

export interface CheckResult extends PackRun {
  plan: Plan;
  /** The config layer derived from the stack (launch-ready's own project only). */
  claimed: PackConfigFile;
}

function isOwnProject(dir: string | undefined): boolean {
  return dir === undefined || path.resolve(dir) === PROJECT_ROOT;
}

/** `launch-ready check`: plan the project offline, then evaluate the pack. */
export async function runCheck(opts: CheckOptions): Promise<CheckResult> {
  let plan: Plan;
  let claimed: PackConfigFile = {};
  if (isOwnProject(opts.projectDir)) {
    const planned = await planStack({ stack: opts.stack, env: opts.env });
    plan = planned.plan;
    claimed = packConfigFromPortal(planned.config);
  } else {
    plan = await planProject({ projectDir: opts.projectDir!, stack: opts.stack, env: opts.env });
  }
  const run = await runPack(plan.resources, mergePackConfig(claimed, opts.packConfig));
  plan.findings = run.findings;
  return { ...run, plan, claimed };
}
