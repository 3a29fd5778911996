// Offline diff speed on the prod example: median wall time of
// `launch-ready diff --stack prod --base HEAD~1` (a deploy commit that flips
// deploy.active) against a baseline measured in the same run: one offline
// plan of the same stack. The diff plans twice and reads git, so ~2x is the
// floor. Run: npm run bench:diff [-- --runs N]
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { withActiveColour } from "../scripts/deploy/stack-file";
import { diffStack } from "../scripts/diff/diff-stack";
import { planStack, PROJECT_ROOT } from "../scripts/plan/plan-stack";

const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 9;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function main(): Promise<void> {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), "launch-ready-bench-diff-"));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.email=bench@launch-ready.test", "-c", "user.name=bench", "-c", "commit.gpgsign=false", ...args], { cwd: repo, stdio: "pipe" });
  try {
    git("init", "-q");
    fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(repo, "Pulumi.yaml"));
    fs.mkdirSync(path.join(repo, "stacks"));
    const file = path.join(repo, "stacks", "Pulumi.prod.yaml");
    fs.copyFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.prod.yaml"), file);
    git("add", "-A");
    git("commit", "-q", "-m", "prod");
    fs.writeFileSync(file, withActiveColour(fs.readFileSync(file, "utf8"), "green"));
    git("commit", "-q", "-am", "deploy green");

    const plan = async () => planStack({ stack: "prod", projectDir: repo });
    const diff = async () => diffStack({ stack: "prod", base: "HEAD~1", projectDir: repo });
    // Warm up module loading and the JIT for both before measuring.
    await plan();
    const check = await diff();
    const planMs: number[] = [];
    const diffMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Interleaved, so machine noise hits both series alike.
      let t = performance.now();
      await plan();
      planMs.push(performance.now() - t);
      t = performance.now();
      await diff();
      diffMs.push(performance.now() - t);
    }
    const p = median(planMs);
    const d = median(diffMs);
    console.log(`offline diff, prod example (${check.updated.length} updated, ${check.unchanged} unchanged), ${RUNS} runs`);
    console.log(`  baseline: one offline plan   median ${p.toFixed(1)} ms  (min ${Math.min(...planMs).toFixed(1)}, max ${Math.max(...planMs).toFixed(1)})`);
    console.log(`  diff --base HEAD~1           median ${d.toFixed(1)} ms  (min ${Math.min(...diffMs).toFixed(1)}, max ${Math.max(...diffMs).toFixed(1)})`);
    console.log(`  ratio diff / plan            ${(d / p).toFixed(2)}x`);
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
