import type { Finding, ScorecardArea, Severity } from "../lib/findings";
import type { BundleScanner } from "./bundle-scanner";
import type { EmailChecker } from "./email-checker";
import type { HttpClient } from "./http";
import type { Sessions } from "./sessions";
import type { VerifyTarget } from "./target";

/** Live check ids (CLI.md, "Live check ids"), each with the scorecard row it reports under. */
export const CHECK_AREAS = {
  "auth-boundary": "authentication",
  "tenant-isolation": "authorization",
  "session-cookies": "session-security",
  "session-logout": "session-security",
  "input-validation": "input-validation",
  cors: "cors-csrf",
  csrf: "cors-csrf",
  "rate-limit": "rate-limiting",
  "secrets-in-bundle": "secret-handling",
  "security-headers": "edge-tls",
  "cache-safety": "edge-tls",
  tls: "edge-tls",
  "latency-p95": "performance",
  health: "deployment-safety",
  indexing: "edge-tls",
  "email-spf": "email-dns",
  "email-dkim": "email-dns",
  "email-dmarc": "email-dns",
} as const satisfies Record<string, ScorecardArea>;
export type CheckId = keyof typeof CHECK_AREAS;
export const CHECK_IDS = Object.keys(CHECK_AREAS) as CheckId[];

/** What every check gets: the resolved target, the origin-bound HTTP client and the test sessions. */
export interface VerifyContext {
  target: VerifyTarget;
  /** The client to use now (an insecure twin once the tls check found the certificate untrusted). */
  http: HttpClient;
  sessions: Sessions;
  scanBundle: BundleScanner;
  emailChecker?: EmailChecker;
  /** Latency figures the latency-p95 check measured, for benchmarks and JSON consumers. */
  measurements: Record<string, unknown>;
}

export interface LiveCheck {
  id: CheckId | "email";
  title: string;
  run(ctx: VerifyContext): Promise<Finding[]>;
}

/** A finding of a live check: area from the id; live checks are required unless they say otherwise. */
export function finding(
  id: CheckId,
  status: Finding["status"],
  fields: { severity?: Severity; message: string; target?: string; evidence?: string; fix?: string; mandatory?: boolean },
): Finding {
  const f: Finding = {
    id,
    area: CHECK_AREAS[id],
    status,
    severity: fields.severity ?? (status === "pass" || status === "skip" ? "info" : "high"),
    message: fields.message,
    mandatory: fields.mandatory ?? true,
  };
  if (fields.target) f.target = fields.target;
  if (fields.evidence) f.evidence = fields.evidence;
  if (fields.fix) f.fix = fields.fix;
  return f;
}

/** Shortens a response body for evidence (never more than a line). */
export function snippet(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
