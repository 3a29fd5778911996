import type { Command } from "commander";
import { EXIT } from "../lib/errors";
import { emit, formatOption, outputOption, useColour } from "../lib/output";
import { diffStack } from "../diff/diff-stack";
import { diffToJson, renderDiffMarkdown, renderDiffTable } from "../diff/render-diff";

interface DiffFlags {
  stack: string;
  base: string;
  format: "table" | "json" | "md";
  output?: string;
  failOnReplace?: boolean;
}

export function registerDiff(program: Command): void {
  program
    .command("diff")
    .description("what changes between the stack file at a git revision and now: added, removed, updated (with input keys) and replace-likely resources, planned offline (no credentials)")
    .requiredOption("--stack <stack>", "stack name: dev, staging, prod (stacks/Pulumi.<stack>.yaml)")
    .requiredOption("--base <ref>", "git revision of the stack file to compare with, e.g. HEAD~1, main, a tag")
    .option("--fail-on-replace", "exit 1 when a resource is likely to be replaced (for CI)")
    .addOption(formatOption(["table", "json", "md"]))
    .addOption(outputOption())
    .action(async (flags: DiffFlags) => {
      process.exitCode = await runDiffCommand(flags);
    });
}

export async function runDiffCommand(flags: DiffFlags): Promise<number> {
  const diff = await diffStack({ stack: flags.stack, base: flags.base });
  const text = flags.format === "json" ? diffToJson(diff) : flags.format === "md" ? renderDiffMarkdown(diff) : renderDiffTable(diff, useColour({ format: "table", output: flags.output }));
  emit(text, { format: "table", output: flags.output });
  return flags.failOnReplace && diff.replaced.length > 0 ? EXIT.findings : EXIT.ok;
}
