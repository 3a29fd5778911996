#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { PortalConfigError } from "../stacks/schema";
import { EXIT, MissingDependencyError, UnreachableError, UsageError } from "./lib/errors";
import { DuplicateUrnError, ProgramError } from "./plan/run-offline";
import { PolicyRuntimeError } from "./check/evaluate-pack";
import { registerPlan } from "./commands/plan";
import { registerEmailDns } from "./commands/email-dns";
import { registerDiff } from "./commands/diff";
import { registerDeploy } from "./commands/deploy";
import { registerCheck } from "./commands/check";
import { registerVerify } from "./commands/verify";
import { checkEmailDns } from "./email-dns/check";
import { registerScanSecrets } from "./commands/scan-secrets";

/** Builds the `launch-ready` command line; each command registers itself from its own file. */
export function buildCli(): Command {
  const program = new Command("launch-ready")
    .description("Make a marketplace client portal ready for production traffic.")
    .showHelpAfterError()
    .exitOverride();
  registerPlan(program);
  registerEmailDns(program);
  registerDiff(program);
  registerDeploy(program);
  registerCheck(program);
  // The live verifier reuses the email checker for email-spf/dkim/dmarc.
  registerVerify(program, { emailChecker: checkEmailDns });
  registerScanSecrets(program);
  return program;
}

/** Maps an error to the exit codes of CLI.md; user mistakes never print a stack trace. */
export function exitCodeFor(err: unknown): { code: number; message: string } {
  if (err instanceof PortalConfigError || err instanceof UsageError) return { code: EXIT.badInput, message: err.message };
  if (err instanceof DuplicateUrnError || err instanceof ProgramError) return { code: EXIT.badInput, message: err.message };
  if (err instanceof PolicyRuntimeError) return { code: EXIT.findings, message: err.message };
  if (err instanceof MissingDependencyError) return { code: EXIT.missingDependency, message: err.message };
  if (err instanceof UnreachableError) return { code: EXIT.unreachable, message: err.message };
  const e = err as Error;
  const detail = process.env.LAUNCH_READY_DEBUG ? `\n${e?.stack ?? ""}` : "\n(set LAUNCH_READY_DEBUG=1 for the stack trace)";
  return { code: EXIT.findings, message: `internal error: ${e?.message ?? String(err)}${detail}` };
}

export async function main(argv: string[]): Promise<number> {
  const program = buildCli();
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; everything else commander rejects is bad input.
      return err.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    const { code, message } = exitCodeFor(err);
    process.stderr.write(`launch-ready: ${message}\n`);
    return code;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
