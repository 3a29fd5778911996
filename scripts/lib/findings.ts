/**
 * One findings model for everything launch-ready judges: a policy violation
 * and a failed live check are the same record, so every report format is
 * written once (../../shared/design/CLI.md, "JSON shapes").
 */

export const SCORECARD_AREAS = [
  "authentication",
  "authorization",
  "session-security",
  "input-validation",
  "secret-handling",
  "rate-limiting",
  "cors-csrf",
  "email-dns",
  "deployment-safety",
  "monitoring-logs",
  "edge-tls",
  "performance",
] as const;
export type ScorecardArea = (typeof SCORECARD_AREAS)[number];

/** Human titles of the scorecard rows, in the checklist's order. */
export const AREA_TITLES: Record<ScorecardArea, string> = {
  authentication: "Authentication",
  authorization: "Authorization",
  "session-security": "Session security",
  "input-validation": "Input validation",
  "secret-handling": "Secret handling",
  "rate-limiting": "Rate limiting",
  "cors-csrf": "CORS and CSRF",
  "email-dns": "Email DNS setup",
  "deployment-safety": "Deployment safety",
  "monitoring-logs": "Monitoring and logs",
  "edge-tls": "Edge and TLS",
  performance: "Performance",
};

export type FindingStatus = "pass" | "fail" | "warn" | "skip";
export type Severity = "critical" | "high" | "medium" | "low" | "info";

export interface Finding {
  id: string;
  area: ScorecardArea;
  status: FindingStatus;
  severity: Severity;
  message: string;
  /** `type::name` of the resource a policy judged. */
  resource?: string;
  /** URL, host or domain a live check judged. */
  target?: string;
  evidence?: string;
  fix?: string;
  /** Whether a fail blocks (exit 1). Policies: enforcement level mandatory; live checks: required checks. */
  mandatory?: boolean;
}

/** Exit code 1 when any mandatory finding failed; warnings and advisories never fail a run. */
export function hasBlockingFailure(findings: Finding[]): boolean {
  return findings.some((f) => f.status === "fail" && f.mandatory !== false);
}

export interface AreaSummary {
  area: ScorecardArea;
  status: FindingStatus;
  counts: Record<FindingStatus, number>;
}

/** One row per scorecard area that has findings: fail beats warn beats pass beats skip. */
export function summarizeByArea(findings: Finding[]): AreaSummary[] {
  const rank: Record<FindingStatus, number> = { fail: 3, warn: 2, pass: 1, skip: 0 };
  const rows: AreaSummary[] = [];
  for (const area of SCORECARD_AREAS) {
    const inArea = findings.filter((f) => f.area === area);
    if (inArea.length === 0) continue;
    const counts: Record<FindingStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
    let status: FindingStatus = "skip";
    for (const f of inArea) {
      counts[f.status]++;
      const effective: FindingStatus = f.status === "fail" && f.mandatory === false ? "warn" : f.status;
      if (rank[effective] > rank[status]) status = effective;
    }
    rows.push({ area, status, counts });
  }
  return rows;
}
