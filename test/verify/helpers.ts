import { loadVerifyFile } from "../../scripts/verify/config-file";
import { runVerify, type VerifyOptions, type VerifyResult } from "../../scripts/verify/run-verify";
import { silentProgress } from "../../scripts/verify/progress";
import { resolveTarget } from "../../scripts/verify/target";
import type { RunningPortal } from "../fixtures/portal/server";
import { writeVerifyFile } from "../fixtures/portal/verify-file";

/** Runs the whole verifier against a fixture portal with the fixture's verify file. */
export async function verifyPortal(portal: RunningPortal, extra: Partial<VerifyOptions> = {}, overrides: Record<string, unknown> = {}): Promise<VerifyResult> {
  const loaded = loadVerifyFile(writeVerifyFile(portal, overrides), portal.env);
  const target = resolveTarget({ url: portal.httpsUrl, file: loaded.config });
  return runVerify({ target, ca: portal.caPem, progress: silentProgress, secrets: loaded.secrets, ...extra });
}

/** The ids of blocking failures, sorted and unique. */
export function failedIds(result: VerifyResult): string[] {
  return [...new Set(result.findings.filter((f) => f.status === "fail" && f.mandatory !== false).map((f) => f.id))].sort();
}
