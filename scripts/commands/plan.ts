import type { Command } from "commander";
import { EXIT } from "../lib/errors";
import { hasBlockingFailure } from "../lib/findings";
import { emit, formatOption, outputOption, useColour, type OutputFlags } from "../lib/output";
import { renderFindings } from "../lib/reports";
import { planToJson } from "../plan/model";
import { planStack, type PlanEvaluator } from "../plan/plan-stack";
import { renderNotes, renderSummary, renderTree } from "../plan/render-tree";
import { planEvaluators } from "../plan/evaluators";
import { writeZoneFile } from "../plan/zone-file";
import { writeHandover } from "../plan/handover";

interface PlanFlags extends OutputFlags {
  stack: string;
  /** Also write the planned DNS records as a zone file. */
  zoneFile?: string;
  /** Also write the launch handover document (Markdown) to this file. */
  handover?: string;
}

export function registerPlan(program: Command): void {
  program
    .command("plan")
    .description("run the program for a stack offline: resource tree, summary and scorecard (no cloud account, no Pulumi CLI)")
    .requiredOption("--stack <stack>", "stack name: dev, staging, prod (stacks/Pulumi.<stack>.yaml)")
    .addOption(formatOption())
    .addOption(outputOption())
    .option("--zone-file <file>", "also write the planned DNS records as a standard zone file")
    .option("--handover <file>", "also write the launch handover document (Markdown): monitoring, alert targets, rollback, DNS records, open warnings")
    .action(async (flags: PlanFlags) => {
      process.exitCode = await runPlanCommand(flags, planEvaluators());
    });
}

export async function runPlanCommand(flags: PlanFlags, evaluators: PlanEvaluator[]): Promise<number> {
  const planned = await planStack({ stack: flags.stack, evaluators });
  const { plan, config } = planned;
  if (flags.zoneFile) writeZoneFile(flags.zoneFile, plan, { origin: config.domain.apex, title: `launch-ready plan --stack ${flags.stack} --zone-file` });
  if (flags.handover) writeHandover(flags.handover, planned);
  const ctx = { title: `launch-ready plan --stack ${flags.stack}`, tool: "launch-ready plan" };
  let text: string;
  if (flags.format === "json") text = planToJson(plan);
  else if (flags.format === "table") {
    const colour = useColour(flags);
    text = [renderTree(plan), "", renderSummary(plan), "", renderNotes(plan), "", renderFindings("table", plan.findings, ctx, colour)]
      .filter((part, i, all) => part !== "" || (i > 0 && all[i - 1] !== ""))
      .join("\n");
  } else text = renderFindings(flags.format, plan.findings, ctx);
  emit(text, flags);
  return hasBlockingFailure(plan.findings) ? EXIT.findings : EXIT.ok;
}
