import type { Finding, Severity } from "../lib/findings";

export type EmailCheckId = "email-spf" | "email-dkim" | "email-dmarc";

/** A problem found in one record: `fail` blocks, `warn` is shown but passes. */
export interface RecordProblem {
  level: "fail" | "warn";
  message: string;
  fix: string;
}

/**
 * One finding per record checked: fail when any problem fails, warn when
 * only warnings, pass otherwise. Messages list every problem, worst first.
 */
export function recordFinding(args: {
  id: EmailCheckId;
  target: string;
  severity: Severity;
  problems: RecordProblem[];
  passMessage: string;
  evidence?: string;
}): Finding {
  const fails = args.problems.filter((p) => p.level === "fail");
  const warns = args.problems.filter((p) => p.level === "warn");
  const shown = [...fails, ...warns];
  const status = fails.length ? "fail" : warns.length ? "warn" : "pass";
  return {
    id: args.id,
    area: "email-dns",
    status,
    severity: status === "pass" ? "info" : fails.length ? args.severity : "low",
    message: shown.length ? shown.map((p) => p.message).join("; ") : args.passMessage,
    target: args.target,
    evidence: args.evidence,
    fix: shown.length ? [...new Set(shown.map((p) => p.fix))].join(" ") : undefined,
    mandatory: true,
  };
}

/** The character-strings of each TXT record joined (RFC 7208 §3.3, RFC 6376 §3.6.2.2). */
export function joinTxt(rows: unknown): string[] {
  if (!Array.isArray(rows)) return [];
  return rows.map((row) => (Array.isArray(row) ? row.join("") : String(row)));
}

export function isNoRecord(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === "ENOTFOUND" || code === "ENODATA";
}
