/**
 * Secret scanner benchmark: launch-ready's scanText against secretlint's
 * lintSource as shipped (same rules), over the same synthetic files, measured
 * in the same session. The difference is secretlint's profiler, which keeps
 * every performance mark and searches them all on each new one (quadratic in
 * the number of texts); launch-ready switches its marks off.
 *
 *   npx tsx bench/scan-secrets.ts          (3 runs per case; BENCH_RUNS=5 for more)
 *   BENCH_FILES=250,500,1000,2000 npx tsx bench/scan-secrets.ts   (the baseline grows quadratically: 2000 files ≈ 90 s)
 *
 * Each run is a fresh process; the time is the scan loop only (after a warm-up).
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const runs = Number(process.env.BENCH_RUNS ?? 3);
const sizes = (process.env.BENCH_FILES ?? "250,500,1000").split(",").map(Number);
const worker = path.join(__dirname, "scan-secrets-worker.ts");
const tsx = require.resolve("tsx/cli");

function measure(mode: string, count: number): { ms: number; hits: number } {
  const res = spawnSync(process.execPath, [tsx, worker, mode, String(count)], { encoding: "utf8", timeout: 600_000 });
  if (res.status !== 0) throw new Error(`${mode} ${count} failed:\n${res.stderr}`);
  return JSON.parse(res.stdout.trim().split("\n").pop()!);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

console.log(`secret scanner benchmark — median of ${runs} runs per case, each a fresh process (node ${process.version})\n`);
console.log(["files", "launch-ready scanText", "per file", "secretlint lintSource (baseline)", "per file", "speed-up", "hits"].join(" | "));
for (const count of sizes) {
  const ours: number[] = [];
  const base: number[] = [];
  let hits = "";
  // Interleaved so machine load affects both sides alike.
  for (let i = 0; i < runs; i++) {
    const a = measure("launch-ready", count);
    const b = measure("secretlint", count);
    ours.push(a.ms);
    base.push(b.ms);
    hits = `${a.hits}/${b.hits}`;
  }
  const o = median(ours);
  const b = median(base);
  console.log([count, `${(o / 1000).toFixed(2)} s`, `${(o / count).toFixed(2)} ms`, `${(b / 1000).toFixed(2)} s`, `${(b / count).toFixed(2)} ms`, `${(b / o).toFixed(1)}x`, hits].join(" | "));
}
