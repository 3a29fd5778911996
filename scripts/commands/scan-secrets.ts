import * as path from "node:path";
import type { Command } from "commander";
import { EXIT, UsageError } from "../lib/errors";
import { hasBlockingFailure, type Finding } from "../lib/findings";
import { emit, formatOption, outputOption, useColour, type OutputFlags } from "../lib/output";
import { renderFindings } from "../lib/reports";
import { findingsFromHits, scanGitHistory, scanPaths, scanUrl, urlScanFindings, type ScopedHits, type SkippedItem } from "../scan-secrets/scan";

export interface ScanSecretsFlags extends OutputFlags {
  gitHistory?: boolean;
  includeIgnored?: boolean;
  url?: string[];
}

export function registerScanSecrets(program: Command): void {
  program
    .command("scan-secrets")
    .description(
      "find credentials in a repository (working tree, and with --git-history every commit), a build output folder (JS bundles, source maps) or a live page's scripts; secrets are never printed, only masked",
    )
    .argument("[paths...]", "files or folders to scan (default: . unless --url is given)")
    .option("--git-history", "also scan every commit of every branch and tag (secrets committed and later removed)")
    .option("--include-ignored", "in a git work tree, also scan files .gitignore excludes (local .env files, ignored build folders inside PATH)")
    .option("--url <url>", "fetch this page and the scripts and source maps it loads from the same origin (repeatable)", collect, [])
    .addOption(formatOption())
    .addOption(outputOption())
    .action(async (paths: string[], flags: ScanSecretsFlags) => {
      process.exitCode = await runScanSecrets(paths, flags);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Runs the scan the flags describe; returns the exit code (1 when a secret is found). */
export async function runScanSecrets(paths: string[], flags: ScanSecretsFlags): Promise<number> {
  const urls = flags.url ?? [];
  const roots = paths.length === 0 && urls.length === 0 ? ["."] : paths;
  if (flags.gitHistory && roots.length === 0) throw new UsageError("--git-history needs a path inside a git repository (e.g. scan-secrets . --git-history)");

  const findings = await collectFindings(roots, urls, flags);
  const title = `launch-ready scan-secrets ${[...roots, ...(flags.gitHistory ? ["--git-history"] : []), ...urls.map((u) => `--url ${u}`)].join(" ")}`.trim();
  emit(renderFindings(flags.format, findings.findings, { title, tool: "launch-ready scan-secrets" }, useColour(flags)), flags);
  for (const s of findings.skipped) process.stderr.write(`note: skipped ${s.item}: ${s.reason}\n`);
  return hasBlockingFailure(findings.findings) ? EXIT.findings : EXIT.ok;
}

async function collectFindings(roots: string[], urls: string[], flags: ScanSecretsFlags): Promise<{ findings: Finding[]; skipped: SkippedItem[] }> {
  const parts: ScopedHits[] = [];
  const skipped: SkippedItem[] = [];
  const findings: Finding[] = [];

  if (roots.length) {
    const result = await scanPaths(roots, { includeIgnored: flags.includeIgnored });
    const target = roots.join(", ");
    parts.push({ scope: { id: "secrets-in-repo", target, what: `${result.scanned.repo} file(s)` }, hits: result.hits.filter((h) => h.origin === "repo") });
    if (result.scanned.bundle > 0) {
      parts.push({ scope: { id: "secrets-in-bundle", target, what: `${result.scanned.bundle} build output file(s)` }, hits: result.hits.filter((h) => h.origin === "bundle") });
    }
    skipped.push(...result.skipped);
  }
  if (flags.gitHistory) {
    for (const root of roots) {
      const dir = path.extname(root) && !root.endsWith(path.sep) ? path.dirname(root) : root;
      const history = await scanGitHistory(dir);
      if (history.truncated) skipped.push({ item: `git history of ${root}`, reason: "the log is longer than 256 MiB: older commits were not scanned" });
      parts.push({ scope: { id: "secrets-in-repo", target: `git history of ${root}`, what: `${history.commits} commit(s)` }, hits: history.hits });
    }
  }
  findings.push(...findingsFromHits(parts));
  for (const url of urls) {
    const page = await scanUrl(url);
    findings.push(...urlScanFindings(page));
    skipped.push(...page.skipped);
  }
  return { findings, skipped };
}
