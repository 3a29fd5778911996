import * as fs from "node:fs";
import { Option, type Command } from "commander";
import { COLOURS, switchHealthPath, type Colour } from "../../stacks/schema/deploy";
import { EXIT, UsageError } from "../lib/errors";
import { emit, formatOption, outputOption, useColour, type OutputFlags } from "../lib/output";
import { PROJECT_ROOT, readStackPortal } from "../plan/stack-config";
import { HttpGate } from "../deploy/http-gate";
import { promote, rollback, succeeded, type DeployReport } from "../deploy/orchestrate";
import { PulumiStackOperations, requirePulumiCli } from "../deploy/pulumi-stack";
import { renderDeployReport } from "../deploy/render-report";

interface DeployFlags extends OutputFlags {
  stack: string;
  to?: Colour;
  originCa?: string;
}

export function registerDeploy(program: Command): void {
  const common = (cmd: Command) =>
    cmd
      .requiredOption("--stack <stack>", "stack name: dev, staging, prod (stacks/Pulumi.<stack>.yaml)")
      .option("--origin-ca <file>", "PEM of a CA to trust for the origins' TLS during preflight (e.g. the Cloudflare Origin CA root)")
      .addOption(formatOption())
      .addOption(outputOption());
  common(
    program
      .command("deploy")
      .description("blue/green switch: preflight the target origin, set deploy.active, pulumi up, verify the public URL; roll back by itself when a gate fails (needs the Pulumi CLI)")
      .addOption(new Option("--to <colour>", "the colour to promote").choices([...COLOURS]).makeOptionMandatory()),
  ).action(async (flags: DeployFlags) => {
    process.exitCode = await runDeployCommand("deploy", flags);
  });
  common(
    program.command("rollback").description("switch back to the other colour the same way (preflight, pulumi up, verify) (needs the Pulumi CLI)"),
  ).action(async (flags: DeployFlags) => {
    process.exitCode = await runDeployCommand("rollback", flags);
  });
}

/** The real thing: the stack file of this project and `pulumi up` through the Automation API. */
export async function runDeployCommand(action: "deploy" | "rollback", flags: DeployFlags, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // Before reading or changing anything: without the CLI there is no `pulumi up`, so stop here (exit 3).
  requirePulumiCli(env);
  const { config, stackFile } = readStackPortal(flags.stack);
  let originCa: string | undefined;
  if (flags.originCa) {
    try {
      originCa = fs.readFileSync(flags.originCa, "utf8");
    } catch (e) {
      throw new UsageError(`--origin-ca ${flags.originCa}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  const ops = new PulumiStackOperations({
    stack: flags.stack,
    projectDir: PROJECT_ROOT,
    stackFile,
    config,
    onOutput: (line) => process.stderr.write(line),
  });
  const gates = config.deploy.gates;
  const checks = new HttpGate({ healthPath: switchHealthPath(config.deploy, config.routes.health), p95Ms: gates.p95Ms, samples: gates.samples, checks: gates.checks, originCa });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const settleMs = gates.settleSeconds * 1000;
  const report: DeployReport = action === "deploy" ? await promote({ ops, checks, to: flags.to!, log, settleMs }) : await rollback({ ops, checks, log, settleMs });
  emit(renderDeployReport(flags.format, report, useColour(flags)), flags);
  return succeeded(report) ? EXIT.ok : EXIT.findings;
}
