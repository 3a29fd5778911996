import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { otherColour, type Colour } from "../../stacks/schema/deploy";
import { hasBlockingFailure, type Finding } from "../lib/findings";
import type { DeployChecks, StackOperations } from "./types";

export type DeployOutcome =
  /** The target colour takes traffic and passed its gates. */
  | "promoted"
  /** The target colour was already active: nothing changed. */
  | "already-active"
  /** Preflight failed: nothing changed. */
  | "refused"
  /** A gate failed after the switch; the old colour is back and passes its gates. */
  | "rolled-back"
  /** A gate failed and the way back failed too: a person must act now. */
  | "rollback-failed";

export interface DeployStep {
  step: "read" | "preflight" | "write" | "up" | "verify" | "restore" | "up-restore" | "verify-restore";
  ok: boolean;
  detail: string;
  ms: number;
}

export interface DeployReport {
  stack: string;
  action: "deploy" | "rollback";
  from: Colour;
  to: Colour;
  outcome: DeployOutcome;
  /** The colour taking traffic when the command ended (as far as the stack file says). */
  active: Colour;
  steps: DeployStep[];
  /** Every gate result, in order: preflight, verify, and after a rollback the re-verify. */
  findings: Finding[];
}

export interface DeployOptions {
  ops: StackOperations;
  checks: DeployChecks;
  /** The colour to promote; rollback passes the standby colour. */
  to: Colour;
  action?: "deploy" | "rollback";
  /** Wait after each `up` before verifying, so the edge serves the change (deploy.gates.settleSeconds). @default 0 */
  settleMs?: number;
  /** Progress lines for a person watching (stderr). */
  log?: (line: string) => void;
}

export function succeeded(report: DeployReport): boolean {
  return report.outcome === "promoted" || report.outcome === "already-active";
}

/**
 * Blue/green promotion with a verification gate:
 * preflight the target origin → write `deploy.active` → up → verify the
 * public URL. When a gate fails after the switch, the old colour is written
 * back, applied and verified again. Every step is recorded for the report.
 */
export async function promote(opts: DeployOptions): Promise<DeployReport> {
  const { ops, checks, to } = opts;
  const log = opts.log ?? (() => {});
  const steps: DeployStep[] = [];
  const findings: Finding[] = [];
  const timed = async <T>(step: DeployStep["step"], run: () => Promise<T>, describe: (r: T) => { ok: boolean; detail: string }): Promise<T> => {
    const started = performance.now();
    try {
      const result = await run();
      const { ok, detail } = describe(result);
      steps.push({ step, ok, detail, ms: Math.round(performance.now() - started) });
      log(`${ok ? "ok  " : "FAIL"} ${step}: ${detail}`);
      return result;
    } catch (e) {
      const detail = (e as Error).message;
      steps.push({ step, ok: false, detail, ms: Math.round(performance.now() - started) });
      log(`FAIL ${step}: ${detail}`);
      throw e;
    }
  };

  const from = await timed("read", () => ops.readActive(), (c) => ({ ok: true, detail: `${ops.stack}: deploy.active is ${c}` }));
  const report = (outcome: DeployOutcome, active: Colour): DeployReport => ({ stack: ops.stack, action: opts.action ?? "deploy", from, to, outcome, active, steps, findings });
  if (from === to) return report("already-active", from);

  const pre = await timed("preflight", () => checks.preflight(ops.originTarget(to)), (f) => gateResult(f, `${to} origin ${ops.originTarget(to).baseUrl}`));
  findings.push(...pre);
  if (hasBlockingFailure(pre)) return report("refused", from);

  // From here on the stack changes: any failure restores the old colour.
  let switched = false;
  try {
    await timed("write", () => ops.writeActive(to), () => ({ ok: true, detail: `deploy.active: ${from} → ${to}` }));
    switched = true;
    await timed("up", () => ops.up(), () => ({ ok: true, detail: `applied ${ops.stack} with ${to} active` }));
    await settle();
    const post = await timed("verify", () => checks.verify(ops.publicUrl()), (f) => gateResult(f, ops.publicUrl()));
    findings.push(...post);
    if (!hasBlockingFailure(post)) return report("promoted", to);
  } catch (e) {
    if (!switched) throw e;
    // up failed (or a check threw): fall through to the way back.
  }

  return restore(from);

  async function settle(): Promise<void> {
    if (!opts.settleMs) return;
    log(`     waiting ${(opts.settleMs / 1000).toFixed(opts.settleMs % 1000 ? 1 : 0)} s for the edge to apply the change`);
    await sleep(opts.settleMs);
  }

  async function restore(previous: Colour): Promise<DeployReport> {
    try {
      await timed("restore", () => ops.writeActive(previous), () => ({ ok: true, detail: `deploy.active: ${to} → ${previous} (rollback)` }));
      await timed("up-restore", () => ops.up(), () => ({ ok: true, detail: `applied ${ops.stack} with ${previous} active` }));
      await settle();
      const again = await timed("verify-restore", () => checks.verify(ops.publicUrl()), (f) => gateResult(f, ops.publicUrl()));
      findings.push(...again);
      return report(hasBlockingFailure(again) ? "rollback-failed" : "rolled-back", previous);
    } catch {
      return report("rollback-failed", previous);
    }
  }
}

/** `rollback`: promote the other colour, the same way and through the same gates. */
export async function rollback(opts: Omit<DeployOptions, "to" | "action">): Promise<DeployReport> {
  const current = await opts.ops.readActive();
  return promote({ ...opts, to: otherColour(current), action: "rollback" });
}

function gateResult(findings: Finding[], where: string): { ok: boolean; detail: string } {
  const failed = findings.filter((f) => f.status === "fail" && f.mandatory !== false);
  if (failed.length === 0) return { ok: true, detail: `${where}: ${findings.length} check(s) passed` };
  return { ok: false, detail: `${where}: ${failed.map((f) => `${f.id} (${f.evidence ?? f.message})`).join("; ")}` };
}
