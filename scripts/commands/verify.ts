import * as fs from "node:fs";
import { Option, type Command } from "commander";
import { EXIT, UsageError } from "../lib/errors";
import { hasBlockingFailure } from "../lib/findings";
import { emit, formatOption, outputOption, useColour, type OutputFlags } from "../lib/output";
import { renderFindings } from "../lib/reports";
import { CHECK_IDS, type CheckId } from "../verify/check";
import { loadVerifyFile } from "../verify/config-file";
import type { EmailChecker } from "../verify/email-checker";
import type { BundleScanner } from "../verify/bundle-scanner";
import type { Progress } from "../verify/progress";
import { runVerify } from "../verify/run-verify";
import { resolveTarget } from "../verify/target";

export interface VerifyFlags extends OutputFlags {
  stack?: string;
  url?: string;
  config?: string;
  ca?: string;
  only?: string;
  timeout?: string;
  dnsServer?: string;
  project?: string;
}

/** What the lead (or a test) plugs into verify: issue 4's email checker, issue 5's scanner. */
export interface VerifyPlugins {
  emailChecker?: EmailChecker;
  scanBundle?: BundleScanner;
  progress?: Progress;
  env?: NodeJS.ProcessEnv;
}

export function registerVerify(program: Command, plugins: VerifyPlugins = {}): void {
  program
    .command("verify")
    .description("live checks against a running portal: auth boundary, tenant isolation, sessions, input validation, CORS/CSRF, rate limits, bundle secrets, headers, caching, TLS, p95 latency, health, email DNS")
    .option("--stack <stack>", "take targets, routes, CORS origins, rate limits and email domain from stacks/Pulumi.<stack>.yaml (base URL https://<app host>)")
    .option("--url <url>", "the portal's origin, e.g. https://app.example.com (overrides the stack's and the verify file's)")
    .option("--config <file>", "verify file: test accounts (passwords as ${ENV_VAR}), tenant-owned resources, budgets")
    .option("--ca <file>", "PEM file of a private CA to trust besides the system roots")
    .addOption(new Option("--only <ids>", `comma-separated check ids to run (${CHECK_IDS.join(", ")})`))
    .option("--dns-server <host:port>", "DNS server the email checks ask (default: the verify file's email.dnsServer, else the system resolver)")
    .option("--timeout <ms>", "bound on every request in milliseconds (default 10000, or timeoutMs in the verify file)")
    .addOption(new Option("--project <dir>", "folder holding Pulumi.yaml and the stacks (default: launch-ready's own)").hideHelp())
    .addOption(formatOption())
    .addOption(outputOption())
    .action(async (flags: VerifyFlags) => {
      process.exitCode = await runVerifyCommand(flags, plugins);
    });
}

function parseOnly(only: string | undefined): CheckId[] | undefined {
  if (!only) return undefined;
  const ids = only.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !(CHECK_IDS as string[]).includes(id));
  if (unknown.length > 0) throw new UsageError(`--only: unknown check id(s) ${unknown.join(", ")}; allowed: ${CHECK_IDS.join(", ")}`);
  return ids as CheckId[];
}

export async function runVerifyCommand(flags: VerifyFlags, plugins: VerifyPlugins = {}): Promise<number> {
  if (!flags.stack && !flags.url && !flags.config) throw new UsageError("verify needs --stack S or --url URL (or a --config file with baseUrl): which portal to check");
  const only = parseOnly(flags.only);
  let ca: string | undefined;
  if (flags.ca) {
    try {
      ca = fs.readFileSync(flags.ca, "utf8");
    } catch (e) {
      throw new UsageError(`--ca ${flags.ca}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (!ca.includes("-----BEGIN CERTIFICATE-----")) throw new UsageError(`--ca ${flags.ca}: expected a PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  let timeout: number | undefined;
  if (flags.timeout !== undefined) {
    timeout = Number(flags.timeout);
    if (!Number.isInteger(timeout) || timeout < 100 || timeout > 120_000) throw new UsageError(`--timeout ${flags.timeout}: expected a whole number of milliseconds between 100 and 120000`);
  }
  const loaded = flags.config ? loadVerifyFile(flags.config, plugins.env ?? process.env) : undefined;
  const target = resolveTarget({ stack: flags.stack, url: flags.url, file: loaded?.config, projectDir: flags.project });
  if (timeout !== undefined) target.timeoutMs = timeout;
  if (flags.dnsServer) {
    if (!/^[A-Za-z0-9.:[\]-]+$/.test(flags.dnsServer)) throw new UsageError(`--dns-server ${flags.dnsServer}: expected HOST or HOST:PORT, such as 127.0.0.1:5353`);
    target.email.dnsServer = flags.dnsServer;
  }

  const result = await runVerify({ target, ca, only, emailChecker: plugins.emailChecker, scanBundle: plugins.scanBundle, progress: plugins.progress, secrets: loaded?.secrets });
  const ctx = { title: `launch-ready verify ${target.source} (${target.origin})`, tool: "launch-ready verify" };
  const text = flags.format === "json" ? JSON.stringify({ target: target.origin, findings: result.findings, measurements: result.measurements, durationMs: Math.round(result.durationMs) }, null, 2) : renderFindings(flags.format, result.findings, ctx, useColour(flags));
  emit(text, flags);
  return hasBlockingFailure(result.findings) ? EXIT.findings : EXIT.ok;
}
