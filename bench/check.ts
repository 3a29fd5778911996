// Benchmark of the policy pack: `check` on the prod example, and policy evaluation alone over
// 5,000 synthetic resources. Median of several runs, each against a baseline measured in the
// same run: the offline plan without the pack, and an evaluation with zero policies.
// Run: npm run bench:check   (never in parallel with tests: the machine's cores are shared)
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { POLICIES } from "../policies/all";
import { evaluatePack, type AnalyzedResource } from "../scripts/check/evaluate-pack";
import { resolvePackConfig } from "../scripts/check/pack-config";
import { runCheck, runPack } from "../scripts/check/run-check";
import { planStack } from "../scripts/plan/plan-stack";
import { HAPPY_CONFIG, happyStack } from "../test/policies/happy-stack";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SYNTHETIC = 5_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** `count` resources: copies of the happy-path portal (every policy type), each copy in its own zone. */
function syntheticResources(count: number): AnalyzedResource[] {
  const one = happyStack();
  const out: AnalyzedResource[] = [];
  for (let copy = 0; out.length < count; copy++) {
    const zone = copy.toString(16).padStart(32, "0");
    for (const r of one) {
      if (out.length >= count) break;
      const rename = (urn: string) => `${urn}-${copy}`;
      const inputs = JSON.parse(JSON.stringify(r.inputs).replaceAll("0123456789abcdef0123456789abcdef", zone));
      out.push({
        ...r,
        urn: rename(r.urn),
        name: `${r.name}-${copy}`,
        inputs,
        dependencies: r.dependencies.map(rename),
        propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map(rename)])),
      });
    }
  }
  return out;
}

async function main(): Promise<void> {
  console.log(`launch-ready policy pack benchmark — ${RUNS} runs each, median (min–max) in ms; node ${process.version}`);

  // 1. check --stack prod, against the offline plan alone.
  await runCheck({ stack: "prod" }); // warm-up: module loading and JIT
  const plan: number[] = [];
  const check: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    plan.push(await time(() => planStack({ stack: "prod" })));
    check.push(await time(() => runCheck({ stack: "prod" })));
  }
  const prod = await runCheck({ stack: "prod" });
  const row = (label: string, xs: number[]) => console.log(`  ${label.padEnd(46)} ${median(xs).toFixed(1).padStart(9)}  (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`);
  console.log(`\ncheck --stack prod (${prod.plan.resources.length} resources, ${POLICIES.length} policies)`);
  row("baseline: offline plan only", plan);
  row("check: plan + pack evaluation", check);
  console.log(`  pack overhead (median difference)              ${(median(check) - median(plan)).toFixed(1).padStart(9)}`);

  // 1b. The command line end to end (process start, module loading, plan, pack, report), against `--help`.
  const bin = path.resolve(__dirname, "../scripts/bin/launch-ready.cjs");
  const cli = (args: string[]) => time(async () => spawnSync(process.execPath, [bin, ...args], { stdio: "ignore", timeout: 120_000 }));
  const help: number[] = [];
  const cliCheck: number[] = [];
  const CLI_RUNS = Math.max(3, Math.ceil(RUNS / 2));
  for (let i = 0; i < CLI_RUNS; i++) {
    help.push(await cli(["--help"]));
    cliCheck.push(await cli(["check", "--stack", "prod", "--format", "json"]));
  }
  console.log(`
launch-ready check --stack prod as a process (${CLI_RUNS} runs)`);
  row("baseline: launch-ready --help", help);
  row("launch-ready check --stack prod --format json", cliCheck);

  // 2. Evaluation alone over 5,000 resources, against an evaluation with zero policies.
  const resources = syntheticResources(SYNTHETIC);
  const emptyConfig = resolvePackConfig([], "mandatory");
  await runPack(resources, HAPPY_CONFIG);
  const zero: number[] = [];
  const full: number[] = [];
  let diagnostics = 0;
  for (let i = 0; i < RUNS; i++) {
    zero.push(await time(() => evaluatePack({ packName: "launch-ready", policies: [], config: emptyConfig, resources })));
    full.push(
      await time(async () => {
        diagnostics = (await runPack(resources, HAPPY_CONFIG)).evaluation.diagnostics.length;
      }),
    );
  }
  console.log(`\npolicy evaluation alone, ${resources.length} synthetic resources (${diagnostics} violation(s))`);
  row("baseline: zero policies", zero);
  row(`all ${POLICIES.length} policies (config resolution included)`, full);
  console.log(`  per resource, all policies (median)             ${((median(full) * 1000) / resources.length).toFixed(1).padStart(9)} µs`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
