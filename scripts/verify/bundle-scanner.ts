import type { Finding } from "../lib/findings";
import { scanText } from "../scan-secrets/text-scan";
import { finding } from "./check";

/** One file the browser downloads: a script, an inline script, a source map. */
export interface BundleFile {
  url: string;
  text: string;
}

/**
 * Scans what a page ships to the browser and returns one failing
 * `secrets-in-bundle` finding per credential found (none when clean). The
 * evidence names the rule, file and line, never the secret itself.
 */
export type BundleScanner = (files: BundleFile[]) => Promise<Finding[]>;

/**
 * The default: the same scanner as `launch-ready scan-secrets` (secretlint's
 * recommended rules plus launch-ready's: database URLs, webhook secrets,
 * Stripe keys), so a live page and a build folder are judged alike.
 */
export const secretlintBundleScanner: BundleScanner = async (files) => {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    for (const hit of await scanText(file.text, file.url, { origin: "page" })) {
      // The same key in a bundle and its source map is one leak.
      if (seen.has(hit.fingerprint)) continue;
      seen.add(hit.fingerprint);
      findings.push(
        finding("secrets-in-bundle", "fail", {
          severity: "critical",
          message: `a credential (${hit.kind}) ships to every browser in ${new URL(file.url).pathname}`,
          target: file.url,
          evidence: `${hit.masked} (rule ${hit.ruleId}) at line ${hit.line}, column ${hit.column} (value masked)`,
          fix: "Treat the key as burned: rotate it now, move it to a server-side environment variable (never a NEXT_PUBLIC_/VITE_/REACT_APP_ one), and rebuild the bundle.",
        }),
      );
    }
  }
  return findings;
};
