import * as path from "node:path";
import { Option, type Command } from "commander";
import { runCheck } from "../check/run-check";
import { readPackConfigFile } from "../check/pack-config";
import { packConfigFromPortal } from "../check/portal-pack-config";
import { EXIT, UsageError } from "../lib/errors";
import { hasBlockingFailure } from "../lib/findings";
import { emit, formatOption, outputOption, useColour, type OutputFlags } from "../lib/output";
import { renderFindings } from "../lib/reports";
import { PROJECT_ROOT, readStackPortal } from "../plan/stack-config";

interface CheckFlags extends OutputFlags {
  stack: string;
  project?: string;
  packConfig?: string;
  emitPackConfig?: boolean;
}

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("run the launch-ready policy pack offline against a Pulumi TypeScript project (default: this one); exit 1 on any mandatory violation")
    .requiredOption("--stack <stack>", "stack name (the project's Pulumi.<stack>.yaml)")
    .option("--project <dir>", "folder of the Pulumi project to check (default: launch-ready's own)")
    .option("--pack-config <file>", "policy-pack config JSON, the same file `pulumi preview --policy-pack-config` takes (layered over what the stack claims)")
    .addOption(new Option("--emit-pack-config", "print the policy-pack config this stack's portal config claims (JSON for --policy-pack-config) and exit"))
    .addOption(formatOption())
    .addOption(outputOption())
    .action(async (flags: CheckFlags) => {
      process.exitCode = await runCheckCommand(flags);
    });
}

/** The pack config a launch-ready stack claims, without running the program. */
export function claimedPackConfigFor(stack: string): Record<string, unknown> {
  return packConfigFromPortal(readStackPortal(stack).config);
}

export async function runCheckCommand(flags: CheckFlags): Promise<number> {
  const own = flags.project === undefined || path.resolve(flags.project) === PROJECT_ROOT;
  if (flags.emitPackConfig) {
    if (!own) throw new UsageError("--emit-pack-config derives the config from launch-ready's portal config; it cannot be used with --project (write the JSON by hand for another project)");
    emit(JSON.stringify(claimedPackConfigFor(flags.stack), null, 2), flags);
    return EXIT.ok;
  }
  const packConfig = flags.packConfig ? readPackConfigFile(flags.packConfig) : undefined;
  const result = await runCheck({ stack: flags.stack, projectDir: flags.project, packConfig });
  const target = own ? "" : ` --project ${flags.project}`;
  const ctx = { title: `launch-ready check${target} --stack ${flags.stack}`, tool: "launch-ready check" };
  emit(renderFindings(flags.format, result.findings, ctx, useColour(flags)), flags);
  return hasBlockingFailure(result.findings) ? EXIT.findings : EXIT.ok;
}
