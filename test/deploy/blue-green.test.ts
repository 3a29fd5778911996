import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { HttpGate } from "../../scripts/deploy/http-gate";
import { promote, rollback } from "../../scripts/deploy/orchestrate";
import { renderDeployReport } from "../../scripts/deploy/render-report";
import { PROJECT_ROOT } from "../../scripts/plan/plan-stack";
import { coloursAfter, startLoad } from "./load";
import { freePort, NginxStackOperations } from "./nginx-stack";
import { startOrigin, type Origin, type OriginBehaviour } from "./origin-server";

const HEALTH = "/api/health";
// Generous bound: the test machine is shared; the slow green is far above it.
const P95_MS = 1000;
const SLOW_MS = 2000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/**
 * A real blue/green setup on loopback: two Node origins, nginx in front of
 * them, and a copy of the dev example stack file (with test gates) that the
 * orchestration edits exactly as it edits the real one.
 */
async function setup(green: OriginBehaviour) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "launch-ready-bluegreen-"));
  fs.chmodSync(dir, 0o755);
  const blueOrigin = await startOrigin("blue", {}, HEALTH);
  const greenOrigin = await startOrigin("green", green, HEALTH);
  const doc = parseDocument(fs.readFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.dev.yaml"), "utf8"));
  doc.setIn(["config", "launch-ready:portal", "deploy", "gates"], doc.createNode({ checks: ["health", "latency-p95"], p95Ms: P95_MS, samples: 10 }));
  const stackFile = path.join(dir, "Pulumi.dev.yaml");
  fs.writeFileSync(stackFile, doc.toString());
  const ops = new NginxStackOperations({
    stack: "dev",
    stackFile,
    dir,
    proxyPort: await freePort(),
    originPorts: { blue: blueOrigin.port, green: greenOrigin.port },
    healthPath: HEALTH,
  });
  cleanups.push(async () => {
    await ops.stop();
    await blueOrigin.close();
    await greenOrigin.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await ops.start();
  const checks = new HttpGate({ healthPath: HEALTH, p95Ms: P95_MS, samples: 10, concurrency: 5, checks: ["health", "latency-p95"] });
  const active = () => parseDocument(fs.readFileSync(stackFile, "utf8")).getIn(["config", "launch-ready:portal", "deploy", "active"]);
  return { ops, checks, stackFile, active, origins: { blue: blueOrigin, green: greenOrigin } as Record<string, Origin> };
}

/** Runs a deploy step while a bounded concurrent load hits the public URL; returns when the load has stopped. */
async function underLoad<T>(publicUrl: string, run: () => Promise<T>) {
  const load = startLoad(publicUrl);
  await sleep(300);
  const result = await run();
  const done = Date.now();
  await sleep(300);
  return { result, stats: await load.stop(), done };
}

describe("blue/green on a real nginx in front of two real origins", () => {
  it("promotes a healthy green: traffic moves to green, no request fails; rollback brings blue back", async () => {
    const { ops, checks, active } = await setup({});
    const { result: report, stats, done } = await underLoad(ops.publicUrl(), () => promote({ ops, checks, to: "green" }));

    expect(report.outcome).toBe("promoted");
    expect(report.steps.map((s) => [s.step, s.ok])).toEqual([
      ["read", true],
      ["preflight", true],
      ["write", true],
      ["up", true],
      ["verify", true],
    ]);
    expect(report.findings.map((f) => `${f.id}:${f.status}`)).toEqual(["health:pass", "latency-p95:pass", "health:pass", "latency-p95:pass"]);
    expect(active()).toBe("green");
    expect(ops.applied).toEqual(["green"]);
    expect(stats.failures).toEqual([]);
    expect(stats.failed).toBe(0);
    expect(stats.total).toBeGreaterThan(30);
    expect(stats.byColour.blue).toBeGreaterThan(0);
    expect(stats.byColour.green).toBeGreaterThan(0);
    const afterSwitch = coloursAfter(stats, done);
    expect(afterSwitch.length).toBeGreaterThan(10);
    expect(new Set(afterSwitch)).toEqual(new Set(["green"]));

    const { result: undo, stats: backStats, done: undone } = await underLoad(ops.publicUrl(), () => rollback({ ops, checks }));
    expect([undo.action, undo.from, undo.to, undo.outcome]).toEqual(["rollback", "green", "blue", "promoted"]);
    expect(active()).toBe("blue");
    expect(backStats.failed).toBe(0);
    expect(backStats.total).toBeGreaterThan(30);
    expect(new Set(coloursAfter(backStats, undone))).toEqual(new Set(["blue"]));
  });

  it("rolls back by itself when green fails its gate after the switch: traffic back on blue, no request fails", async () => {
    // Green answers fast when probed directly (passes preflight) but is slow behind the proxy.
    const { ops, checks, active, origins } = await setup({ slowBehindProxyMs: SLOW_MS });
    const { result: report, stats, done } = await underLoad(ops.publicUrl(), () => promote({ ops, checks, to: "green" }));

    expect(report.outcome).toBe("rolled-back");
    expect(report.steps.map((s) => [s.step, s.ok])).toEqual([
      ["read", true],
      ["preflight", true],
      ["write", true],
      ["up", true],
      ["verify", false],
      ["restore", true],
      ["up-restore", true],
      ["verify-restore", true],
    ]);
    const latency = report.findings.filter((f) => f.id === "latency-p95").map((f) => f.status);
    expect(latency).toEqual(["pass", "fail", "pass"]);
    expect(report.findings.find((f) => f.status === "fail")!.evidence).toMatch(/^p95 \d+ ms over 10 requests to http:\/\/127\.0\.0\.1:\d+\/api\/health \(0 failed\); bound 1000 ms$/);
    expect(report.active).toBe("blue");
    expect(active()).toBe("blue");
    const table = renderDeployReport("table", report);
    expect(table).toMatch(/^launch-ready deploy --stack dev --to green: blue → green\n/);
    expect(table).toContain("rolled back: a gate failed after the switch; the previous colour takes traffic again and passes its gates (active: blue)");
    expect(table).toMatch(/FAIL  verify +\d+ ms  http:\/\/127\.0\.0\.1:\d+: latency-p95 \(p95 \d+ ms over 10 requests/);
    expect(JSON.parse(renderDeployReport("json", report))).toMatchObject({ stack: "dev", action: "deploy", from: "blue", to: "green", outcome: "rolled-back", active: "blue" });
    expect(ops.applied).toEqual(["green", "blue"]);
    // Green did take production traffic before the gate caught it.
    expect(origins.green.served.proxied).toBeGreaterThan(0);
    expect(stats.byColour.green).toBeGreaterThan(0);
    expect(stats.total).toBeGreaterThan(30);
    expect(stats.failures).toEqual([]);
    expect(stats.failed).toBe(0);
    const afterRollback = coloursAfter(stats, done);
    expect(afterRollback.length).toBeGreaterThan(10);
    expect(new Set(afterRollback)).toEqual(new Set(["blue"]));
  });

  it("refuses to switch to a green whose health endpoint fails preflight, and changes nothing", async () => {
    const { ops, checks, stackFile, origins } = await setup({ healthStatus: 503 });
    const before = fs.readFileSync(stackFile, "utf8");
    const { result: report, stats } = await underLoad(ops.publicUrl(), () => promote({ ops, checks, to: "green" }));

    expect(report.outcome).toBe("refused");
    expect(report.steps.map((s) => s.step)).toEqual(["read", "preflight"]);
    expect(report.findings.find((f) => f.id === "health")).toMatchObject({
      status: "fail",
      message: "the green origin does not answer its health endpoint with 2xx",
      evidence: expect.stringMatching(/^GET http:\/\/127\.0\.0\.1:\d+\/api\/health → 503 in \d+ ms$/),
    });
    expect(fs.readFileSync(stackFile, "utf8")).toBe(before);
    expect(ops.applied).toEqual([]);
    expect(origins.green.served.proxied).toBe(0);
    expect(stats.failed).toBe(0);
    expect(Object.keys(stats.byColour)).toEqual(["blue"]);
  });

  it("refuses a gate that nothing implements before changing anything", async () => {
    const { ops, stackFile } = await setup({});
    const before = fs.readFileSync(stackFile, "utf8");
    const checks = new HttpGate({ healthPath: HEALTH, p95Ms: P95_MS, samples: 5, checks: ["health", "tenant-isolation"] });
    const report = await promote({ ops, checks, to: "green" });
    expect(report.outcome).toBe("refused");
    expect(report.findings[0]).toMatchObject({ id: "tenant-isolation", status: "fail", fix: expect.stringContaining("remove tenant-isolation from deploy.gates.checks") });
    expect(fs.readFileSync(stackFile, "utf8")).toBe(before);
  });
});
