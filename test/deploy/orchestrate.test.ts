import { describe, expect, it } from "vitest";
import type { Colour } from "../../stacks/schema/deploy";
import type { Finding } from "../../scripts/lib/findings";
import { promote, rollback } from "../../scripts/deploy/orchestrate";
import type { DeployChecks, StackOperations } from "../../scripts/deploy/types";

/**
 * The orchestration's failure paths that a real proxy cannot produce on
 * demand (an `up` that fails, a way back that fails), on an in-memory stack.
 * The happy and gate-failure paths run against real nginx in blue-green.test.ts.
 */
function memoryStack(opts: { active: Colour; failUpWhen?: (active: Colour, attempt: number) => boolean }) {
  const state = { file: opts.active, live: opts.active, ups: 0, log: [] as string[] };
  const ops: StackOperations = {
    stack: "memory",
    readActive: async () => state.file,
    writeActive: async (c) => {
      state.log.push(`write ${c}`);
      state.file = c;
    },
    up: async () => {
      state.ups++;
      state.log.push(`up ${state.file}`);
      if (opts.failUpWhen?.(state.file, state.ups)) throw new Error(`pulumi up failed: 429 Too Many Requests from the Cloudflare API`);
      state.live = state.file;
    },
    originTarget: (colour) => ({ colour, baseUrl: `https://${colour}.origin.test` }),
    publicUrl: () => "https://app.example.com",
  };
  return { ops, state };
}

const pass = (id: string): Finding => ({ id, area: "deployment-safety", status: "pass", severity: "critical", message: "ok", mandatory: true });
const fail = (id: string): Finding => ({ id, area: "deployment-safety", status: "fail", severity: "critical", message: "down", mandatory: true });

function gate(verify: (live: () => Colour) => Finding[], live: () => Colour): DeployChecks & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    preflight: async (o) => (calls.push(`preflight ${o.colour}`), [pass("health")]),
    verify: async () => (calls.push(`verify ${live()}`), verify(live)),
  };
}

describe("promote: failure paths", () => {
  it("an `up` that fails writes the old colour back, applies and verifies it", async () => {
    const { ops, state } = memoryStack({ active: "blue", failUpWhen: (c) => c === "green" });
    const checks = gate(() => [pass("health")], () => state.live);
    const report = await promote({ ops, checks, to: "green" });
    expect(report.outcome).toBe("rolled-back");
    expect(report.steps.map((s) => `${s.step}:${s.ok}`)).toEqual(["read:true", "preflight:true", "write:true", "up:false", "restore:true", "up-restore:true", "verify-restore:true"]);
    expect(report.steps[3].detail).toBe("pulumi up failed: 429 Too Many Requests from the Cloudflare API");
    expect(state.log).toEqual(["write green", "up green", "write blue", "up blue"]);
    expect([state.file, state.live]).toEqual(["blue", "blue"]);
    expect(checks.calls).toEqual(["preflight green", "verify blue"]);
  });

  it("reports rollback-failed when the way back does not verify either", async () => {
    const { ops, state } = memoryStack({ active: "blue" });
    const checks = gate(() => [fail("health")], () => state.live);
    const report = await promote({ ops, checks, to: "green" });
    expect(report.outcome).toBe("rollback-failed");
    expect(report.active).toBe("blue");
    expect(report.findings.map((f) => f.status)).toEqual(["pass", "fail", "fail"]);
  });

  it("reports rollback-failed when the way back cannot even be applied", async () => {
    const { ops, state } = memoryStack({ active: "blue", failUpWhen: (_c, attempt) => attempt === 2 });
    const checks = gate((live) => [live() === "green" ? fail("health") : pass("health")], () => state.live);
    const report = await promote({ ops, checks, to: "green" });
    expect(report.outcome).toBe("rollback-failed");
    expect(report.steps.map((s) => `${s.step}:${s.ok}`).slice(-2)).toEqual(["restore:true", "up-restore:false"]);
    expect(state.live).toBe("green");
  });

  it("does nothing when the colour is already active", async () => {
    const { ops, state } = memoryStack({ active: "green" });
    const checks = gate(() => [pass("health")], () => state.live);
    const report = await promote({ ops, checks, to: "green" });
    expect(report.outcome).toBe("already-active");
    expect(state.log).toEqual([]);
    expect(checks.calls).toEqual([]);
  });

  it("rollback promotes the other colour through the same gates and waits for the edge before verifying", async () => {
    const { ops, state } = memoryStack({ active: "green" });
    const checks = gate(() => [pass("health")], () => state.live);
    const started = Date.now();
    const lines: string[] = [];
    const report = await rollback({ ops, checks, settleMs: 200, log: (l) => lines.push(l) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect([report.action, report.from, report.to, report.outcome]).toEqual(["rollback", "green", "blue", "promoted"]);
    expect(checks.calls).toEqual(["preflight blue", "verify blue"]);
    expect(lines).toContain("     waiting 0.2 s for the edge to apply the change");
  });
});
