/**
 * Offline plan benchmark: launch-ready's runner against a bare Pulumi mock run
 * of the same resources, measured in the same session.
 *
 *   npm run bench            (3 runs per case; BENCH_RUNS=5 for more)
 *
 * Each run is a fresh process: "run" is the program run inside it (SDK loaded,
 * plan built), "process" the whole command including Node and module start-up,
 * "peak" the process's maximum resident memory.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

interface Sample {
  runMs: number;
  processMs: number;
  peakRssMb: number;
  resources: number;
}

const runs = Number(process.env.BENCH_RUNS ?? 3);
const cases = (process.env.BENCH_CASES ?? "dev,prod,synthetic:1000,synthetic:5000").split(",");
const worker = path.join(__dirname, "plan-worker.ts");
const tsx = require.resolve("tsx/cli");

function measure(mode: string, scenario: string): Sample {
  const t = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [tsx, worker, mode, scenario], { encoding: "utf8", timeout: 300_000, maxBuffer: 1 << 20 });
  const processMs = Number(process.hrtime.bigint() - t) / 1e6;
  if (res.status !== 0) throw new Error(`${mode} ${scenario} failed:\n${res.stderr}`);
  const line = res.stdout.trim().split("\n").pop()!;
  return { ...JSON.parse(line), processMs };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const fmtS = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const fmtMb = (mb: number) => `${Math.round(mb)} MB`;

console.log(`offline plan benchmark — median of ${runs} runs per case, each a fresh process (node ${process.version})\n`);
const header = ["case", "resources", "launch-ready run", "process", "peak", "bare mock run", "process", "peak", "speed-up"];
const rows: string[][] = [];
for (const scenario of cases) {
  const ours: Sample[] = [];
  const bare: Sample[] = [];
  // Interleave so machine load affects both sides alike.
  for (let i = 0; i < runs; i++) {
    ours.push(measure("launch-ready", scenario));
    bare.push(measure("bare", scenario));
  }
  const o = { run: median(ours.map((s) => s.runMs)), proc: median(ours.map((s) => s.processMs)), rss: median(ours.map((s) => s.peakRssMb)) };
  const b = { run: median(bare.map((s) => s.runMs)), proc: median(bare.map((s) => s.processMs)), rss: median(bare.map((s) => s.peakRssMb)) };
  rows.push([scenario, String(ours[0].resources), fmtS(o.run), fmtS(o.proc), fmtMb(o.rss), fmtS(b.run), fmtS(b.proc), fmtMb(b.rss), `${(b.run / o.run).toFixed(2)}x`]);
  console.error(`  done: ${scenario}`);
}
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
console.log(line(header));
for (const r of rows) console.log(line(r));
console.log("\ntargets: example stack plan < 2 s; 5,000 resources < 5 s and < 1 GB");
