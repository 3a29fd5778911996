import type { Finding } from "../lib/findings";
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
 * The default uses secretlint's recommended rules; the repository scanner
 * (`scan-secrets`) can be plugged in instead with the same signature.
 */
export type BundleScanner = (files: BundleFile[]) => Promise<Finding[]>;

type LintSource = typeof import("@secretlint/core").lintSource;
let loaded: Promise<{ lintSource: LintSource; creator: unknown }> | undefined;

/** secretlint is ESM-only: load it on first use. */
function loadSecretlint() {
  loaded ??= Promise.all([import("@secretlint/core"), import("@secretlint/secretlint-rule-preset-recommend")]).then(([core, preset]) => ({
    lintSource: core.lintSource,
    creator: preset.creator,
  }));
  return loaded;
}

export const secretlintBundleScanner: BundleScanner = async (files) => {
  const { lintSource, creator } = await loadSecretlint();
  const findings: Finding[] = [];
  for (const file of files) {
    const result = await lintSource({
      source: { filePath: file.url, content: file.text, ext: file.url.endsWith(".map") ? ".json" : ".js", contentType: "text" },
      options: {
        config: { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: creator as never }] },
        // secretlint replaces the matched value with **** in its messages.
        maskSecrets: true,
        noPhysicFilePath: true,
      },
    });
    for (const m of result.messages) {
      const rule = m.ruleId.replace(/^@secretlint\/secretlint-rule-/, "");
      findings.push(
        finding("secrets-in-bundle", "fail", {
          severity: "critical",
          message: `a credential (${rule}) ships to every browser in ${new URL(file.url).pathname}`,
          target: file.url,
          evidence: `${m.message} at line ${m.loc.start.line}, column ${m.loc.start.column + 1} (value masked)`,
          fix: "Treat the key as burned: rotate it now, move it to a server-side environment variable (never a NEXT_PUBLIC_/VITE_/REACT_APP_ one), and rebuild the bundle.",
        }),
      );
    }
  }
  return findings;
};
