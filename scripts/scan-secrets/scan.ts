/**
 * The secret scanner's public API, for `launch-ready scan-secrets` and for
 * other commands (the live verifier's `secrets-in-bundle` check):
 *
 *   scanText(text, sourceName, opts?)  → Promise<SecretHit[]>
 *   scanUrl(url, opts?)                → Promise<UrlScanResult>
 *   scanPaths(paths, opts?)            → Promise<PathScanResult>
 *   scanGitHistory(dir, opts?)         → Promise<HistoryScanResult>
 *   findingsFromHits(parts)            → Finding[]   (area secret-handling)
 *   urlScanFindings(result)            → Finding[]   (id secrets-in-bundle)
 *
 * Hits never hold a secret: only a masked form (first few characters and the
 * length) and a fingerprint.
 */
import type { Finding } from "../lib/findings";
import { findingsFromHits } from "./findings";
import type { UrlScanResult } from "./live-page";

export { scanText, secretlintEngine, type HitOrigin, type ScanTextOptions, type SecretHit } from "./text-scan";
export { scanUrl, scriptRefs, type ScanUrlOptions, type UrlScanResult } from "./live-page";
export { scanPaths, originOfFile, IGNORE_FILE, type PathScanOptions, type PathScanResult, type SkippedItem } from "./files";
export { scanGitHistory, type HistoryScanOptions, type HistoryScanResult } from "./git-history";
export { scanSourceMap, scanScript, sourceMappingUrlOf, decodeDataUrl } from "./source-map";
export { findingsFromHits, findingIdFor, type ScanScope, type ScopedHits, type SecretFindingId } from "./findings";
export { maskSecret, fingerprint } from "./mask";

/** The `secrets-in-bundle` findings of a live page scan: one fail per secret, or one pass. */
export function urlScanFindings(result: UrlScanResult): Finding[] {
  const scripts = result.visited.length - 1;
  return findingsFromHits([
    { scope: { id: "secrets-in-bundle", target: result.url, what: `the page and ${scripts} script(s)/source map(s) on its origin` }, hits: result.hits },
  ]);
}
