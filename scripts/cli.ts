#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { PortalConfigError } from "../stacks/schema";
import { EXIT, MissingDependencyError, UnreachableError, UsageError } from "./lib/errors";
import { DuplicateUrnError, ProgramError } from "./plan/run-offline";
import { PolicyRuntimeError } from "./check/evaluate-pack";

type Register = (program: Command) => void;

/**
 * The installed bin runs through tsx's CommonJS hook, where import() of a .ts
 * file is not hooked; vitest and `tsx` itself run through ESM, where require()
 * of a .ts file is not. Take whichever this process has.
 */
const viaRequire = typeof require !== "undefined" && Boolean(require.extensions?.[".ts"]);
function load<T>(viaEsm: () => Promise<T>, viaCjs: () => unknown): Promise<T> {
  return viaRequire ? Promise.resolve(viaCjs() as T) : viaEsm();
}

/**
 * Every command, loaded on demand: a command pulls in what it needs (the
 * Pulumi SDK for plan, secretlint for scan-secrets, autocannon for verify),
 * so one command does not pay for the others' start-up.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  plan: async () => (await load(() => import("./commands/plan"), () => require("./commands/plan"))).registerPlan,
  check: async () => (await load(() => import("./commands/check"), () => require("./commands/check"))).registerCheck,
  diff: async () => (await load(() => import("./commands/diff"), () => require("./commands/diff"))).registerDiff,
  verify: async () => {
    const { registerVerify } = await load(() => import("./commands/verify"), () => require("./commands/verify"));
    // The live verifier reuses the email checker for email-spf/dkim/dmarc.
    const emailChecker = async (opts: Parameters<typeof import("./email-dns/check").checkEmailDns>[0]) => (await load(() => import("./email-dns/check"), () => require("./email-dns/check"))).checkEmailDns(opts);
    return (program) => registerVerify(program, { emailChecker });
  },
  "email-dns": async () => (await load(() => import("./commands/email-dns"), () => require("./commands/email-dns"))).registerEmailDns,
  "scan-secrets": async () => (await load(() => import("./commands/scan-secrets"), () => require("./commands/scan-secrets"))).registerScanSecrets,
  // deploy registers both deploy and rollback.
  deploy: async () => (await load(() => import("./commands/deploy"), () => require("./commands/deploy"))).registerDeploy,
  rollback: async () => (await load(() => import("./commands/deploy"), () => require("./commands/deploy"))).registerDeploy,
};

/**
 * Builds the `launch-ready` command line with the commands `argv` names
 * (all of them for `--help` or an unknown command, so commander can list
 * them or suggest the right one).
 */
export async function buildCli(argv: string[] = []): Promise<Command> {
  const program = new Command("launch-ready")
    .description("Make a marketplace client portal ready for production traffic.")
    .showHelpAfterError()
    .exitOverride();
  const named = argv.find((a) => !a.startsWith("-"));
  const loaders = named && named in COMMANDS ? [COMMANDS[named]] : [...new Set(Object.values(COMMANDS))];
  const registered = new Set<Register>();
  for (const load of loaders) {
    const register = await load();
    if (registered.has(register)) continue;
    registered.add(register);
    register(program);
  }
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
  try {
    const program = await buildCli(argv);
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
