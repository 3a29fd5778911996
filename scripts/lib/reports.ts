import pc from "picocolors";
import { AREA_TITLES, type Finding, type FindingStatus, summarizeByArea } from "./findings";

/**
 * Report writers for the one findings model. Each takes the findings and a
 * title and returns text; the CLI decides where it goes (stdout or --output).
 */

export type ReportFormat = "table" | "json" | "md" | "sarif" | "junit";
export const REPORT_FORMATS: ReportFormat[] = ["table", "json", "md", "sarif", "junit"];

export interface ReportContext {
  /** e.g. "launch-ready plan --stack prod" */
  title: string;
  /** The tool's command, used as the SARIF/JUnit suite name. */
  tool: string;
}

const STATUS_ICON: Record<FindingStatus, string> = { pass: "PASS", fail: "FAIL", warn: "WARN", skip: "SKIP" };

function colourStatus(status: FindingStatus, text: string, colour: boolean): string {
  if (!colour) return text;
  return { pass: pc.green, fail: pc.red, warn: pc.yellow, skip: pc.dim }[status](text);
}

/** The terminal scorecard: one line per checklist row, then every non-passing finding with its fix. */
export function renderScorecard(findings: Finding[], ctx: ReportContext, colour = false): string {
  const out: string[] = [];
  out.push(`Scorecard — ${ctx.title}`);
  const rows = summarizeByArea(findings);
  if (rows.length === 0) out.push("  (no findings)");
  for (const row of rows) {
    const label = AREA_TITLES[row.area].padEnd(22);
    const counts = `${row.counts.pass} pass, ${row.counts.fail} fail, ${row.counts.warn} warn${row.counts.skip ? `, ${row.counts.skip} skip` : ""}`;
    out.push(`  ${colourStatus(row.status, STATUS_ICON[row.status], colour)}  ${label} ${counts}`);
  }
  const notable = findings.filter((f) => f.status === "fail" || f.status === "warn");
  if (notable.length > 0) {
    out.push("");
    for (const f of notable) {
      const level = f.status === "fail" && f.mandatory === false ? "advisory" : f.status;
      out.push(`  ${colourStatus(f.status, `[${level}]`, colour)} ${f.id} (${f.severity}): ${f.message}`);
      if (f.resource) out.push(`      resource: ${f.resource}`);
      if (f.target) out.push(`      target:   ${f.target}`);
      if (f.evidence) out.push(`      evidence: ${f.evidence}`);
      if (f.fix) out.push(`      fix:      ${f.fix}`);
    }
  }
  const failed = findings.filter((f) => f.status === "fail" && f.mandatory !== false).length;
  out.push("");
  out.push(`${findings.filter((f) => f.status === "pass").length} passed, ${failed} failed`);
  return out.join("\n");
}

export function renderJson(findings: Finding[]): string {
  return JSON.stringify({ findings }, null, 2);
}

function mdEscape(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function renderMarkdown(findings: Finding[], ctx: ReportContext): string {
  const out: string[] = [`# ${ctx.title}`, "", "| Area | Status | Pass | Fail | Warn |", "|---|---|---|---|---|"];
  for (const row of summarizeByArea(findings)) {
    out.push(`| ${AREA_TITLES[row.area]} | ${row.status} | ${row.counts.pass} | ${row.counts.fail} | ${row.counts.warn} |`);
  }
  out.push("", "## Findings", "", "| Status | Id | Severity | Message | Where | Fix |", "|---|---|---|---|---|---|");
  for (const f of findings) {
    out.push(`| ${f.status} | ${f.id} | ${f.severity} | ${mdEscape(f.message)} | ${mdEscape(f.resource ?? f.target ?? "")} | ${mdEscape(f.fix ?? "")} |`);
  }
  return out.join("\n") + "\n";
}

const SARIF_LEVEL: Record<FindingStatus, string> = { fail: "error", warn: "warning", pass: "none", skip: "none" };

/** SARIF 2.1.0 for code-scanning upload; passes are omitted (results are problems). */
export function renderSarif(findings: Finding[], ctx: ReportContext, artifactUri = "Pulumi.yaml"): string {
  const problems = findings.filter((f) => f.status === "fail" || f.status === "warn");
  const ruleIds = [...new Set(findings.map((f) => f.id))];
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "launch-ready",
            informationUri: "https://github.com/launch-ready/launch-ready",
            rules: ruleIds.map((id) => {
              const f = findings.find((x) => x.id === id)!;
              return { id, shortDescription: { text: `${AREA_TITLES[f.area]}: ${id}` }, properties: { area: f.area } };
            }),
          },
        },
        results: problems.map((f) => ({
          ruleId: f.id,
          level: f.status === "fail" && f.mandatory === false ? "warning" : SARIF_LEVEL[f.status],
          message: { text: [f.message, f.fix ? `Fix: ${f.fix}` : ""].filter(Boolean).join(" ") },
          locations: [
            {
              physicalLocation: physicalLocation(f, artifactUri),
              logicalLocations: [{ fullyQualifiedName: f.resource ?? f.target ?? ctx.tool }],
            },
          ],
          properties: { area: f.area, severity: f.severity, evidence: f.evidence },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}

/**
 * Where code scanning should pin a result: a finding about a file in the
 * repository (`src/config.ts:12:7`, from scan-secrets) points at that line;
 * everything else (resources, live targets) at the project file.
 */
function physicalLocation(f: Finding, fallbackUri: string): Record<string, unknown> {
  const m = f.target ? /^((?![a-z][a-z0-9+.-]*:\/\/)[^\s:]+):(\d+):(\d+)$/i.exec(f.target) : null;
  if (!m || m[1].startsWith("/") || m[1].includes("..")) return { artifactLocation: { uri: fallbackUri } };
  return { artifactLocation: { uri: m[1] }, region: { startLine: Number(m[2]), startColumn: Number(m[3]) } };
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JUnit XML: one testsuite per scorecard area, one testcase per finding. */
export function renderJunit(findings: Finding[], ctx: ReportContext): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failures = findings.filter((f) => f.status === "fail" && f.mandatory !== false).length;
  out.push(`<testsuites name="${xmlEscape(ctx.tool)}" tests="${findings.length}" failures="${failures}">`);
  for (const row of summarizeByArea(findings)) {
    const inArea = findings.filter((f) => f.area === row.area);
    const areaFailures = inArea.filter((f) => f.status === "fail" && f.mandatory !== false).length;
    const skipped = inArea.filter((f) => f.status === "skip").length;
    out.push(`  <testsuite name="${xmlEscape(row.area)}" tests="${inArea.length}" failures="${areaFailures}" skipped="${skipped}">`);
    for (const f of inArea) {
      const name = xmlEscape(`${f.id} ${f.resource ?? f.target ?? ""}`.trim());
      out.push(`    <testcase classname="${xmlEscape(row.area)}" name="${name}">`);
      if (f.status === "fail" && f.mandatory !== false) {
        out.push(`      <failure message="${xmlEscape(f.message)}">${xmlEscape([f.evidence, f.fix].filter(Boolean).join("\n"))}</failure>`);
      } else if (f.status === "skip") {
        out.push(`      <skipped message="${xmlEscape(f.message)}"/>`);
      } else if (f.status !== "pass") {
        out.push(`      <system-out>${xmlEscape(`${f.status}: ${f.message}`)}</system-out>`);
      }
      out.push("    </testcase>");
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return out.join("\n") + "\n";
}

export function renderFindings(format: ReportFormat, findings: Finding[], ctx: ReportContext, colour = false): string {
  switch (format) {
    case "table":
      return renderScorecard(findings, ctx, colour);
    case "json":
      return renderJson(findings);
    case "md":
      return renderMarkdown(findings, ctx);
    case "sarif":
      return renderSarif(findings, ctx);
    case "junit":
      return renderJunit(findings, ctx);
  }
}
