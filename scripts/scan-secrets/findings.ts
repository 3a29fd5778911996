import type { Finding } from "../lib/findings";
import type { HitOrigin, SecretHit } from "./text-scan";

/** Finding ids of the scanner: what a browser downloads vs what the repository holds. */
export type SecretFindingId = "secrets-in-bundle" | "secrets-in-repo";

export function findingIdFor(origin: HitOrigin): SecretFindingId {
  return origin === "bundle" || origin === "page" ? "secrets-in-bundle" : "secrets-in-repo";
}

/** What was looked at, so a clean scan still says so (a pass finding per scope). */
export interface ScanScope {
  id: SecretFindingId;
  /** Path, URL, or "git history of <dir>". */
  target: string;
  /** e.g. "212 files", "3 scripts and 2 source maps", "48 commits". */
  what: string;
}

const FIX: Record<HitOrigin, string> = {
  repo: "Rotate it now (treat it as burned), move it server-side (`pulumi config set --secret <key>` → AWS Secrets Manager) and delete it from the file; it stays in git history until the history is rewritten (git filter-repo).",
  history:
    "It was committed, so every clone has it even though it may be gone from the tree: rotate it now, then rewrite the history (git filter-repo --replace-text) if the repository is shared.",
  bundle:
    "Every visitor downloads this file: rotate the credential now, keep it server-side (read it from Secrets Manager in the API, never through NEXT_PUBLIC_/VITE_/REACT_APP_ variables) and rebuild without it.",
  page: "Every visitor downloads this: rotate the credential now, keep it server-side (read it from Secrets Manager in the API, never through NEXT_PUBLIC_/VITE_/REACT_APP_ variables) and redeploy without it.",
};

/** The hits of one scope (a path's source files, its build output, the history, a page). */
export interface ScopedHits {
  scope: ScanScope;
  hits: SecretHit[];
}

/**
 * One failing finding per distinct secret and place (masked evidence only),
 * and a passing finding for each scope where nothing was found.
 */
export function findingsFromHits(parts: ScopedHits[]): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const { scope, hits } of parts) {
    let failed = 0;
    for (const hit of hits) {
      const key = `${hit.fingerprint}\u0000${hit.source}`;
      if (seen.has(key)) continue;
      seen.add(key);
      failed++;
      const where = hit.line ? `${hit.source}:${hit.line}:${hit.column}` : hit.source;
      findings.push({
        id: scope.id,
        area: "secret-handling",
        status: "fail",
        severity: hit.severity,
        mandatory: true,
        message: `${hit.kind} in ${where}${hit.origin === "history" ? " (git history)" : ""}`,
        target: where,
        evidence: `${hit.masked}, rule ${hit.ruleId}, fingerprint ${hit.fingerprint}`,
        fix: FIX[hit.origin],
      });
    }
    if (failed === 0) {
      findings.push({
        id: scope.id,
        area: "secret-handling",
        status: "pass",
        severity: "info",
        mandatory: true,
        message: `no secrets found in ${scope.what} (${scope.target})`,
        target: scope.target,
      });
    }
  }
  return findings;
}
