import { renderFindings, renderScorecard, type ReportFormat } from "../lib/reports";
import type { DeployReport } from "./orchestrate";

const OUTCOME_TEXT: Record<DeployReport["outcome"], string> = {
  promoted: "promoted: the new colour takes traffic and passed its gates",
  "already-active": "nothing to do: that colour already takes traffic",
  refused: "refused: the preflight failed, nothing was changed",
  "rolled-back": "rolled back: a gate failed after the switch; the previous colour takes traffic again and passes its gates",
  "rollback-failed": "ROLLBACK FAILED: a gate failed and the way back did not pass either — act now (see the steps below)",
};

export function deployReportToJson(report: DeployReport): string {
  return JSON.stringify(report, null, 2);
}

export function renderDeployReport(format: ReportFormat, report: DeployReport, colour = false): string {
  const title = `launch-ready ${report.action} --stack ${report.stack}${report.action === "deploy" ? ` --to ${report.to}` : ""}`;
  const ctx = { title, tool: `launch-ready ${report.action}` };
  if (format === "json") return deployReportToJson(report);
  if (format !== "table") return renderFindings(format, report.findings, ctx);
  const lines = [`${title}: ${report.from} → ${report.to}`, ""];
  for (const s of report.steps) lines.push(`  ${s.ok ? "ok  " : "FAIL"}  ${s.step.padEnd(14)} ${String(s.ms).padStart(6)} ms  ${s.detail}`);
  lines.push("", `${OUTCOME_TEXT[report.outcome]} (active: ${report.active})`, "", renderScorecard(report.findings, ctx, colour));
  return lines.join("\n");
}
