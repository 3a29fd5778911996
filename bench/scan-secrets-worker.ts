/**
 * One benchmark run in a fresh process: scan `count` synthetic source files
 * (one with a seeded secret every 100) either with launch-ready's scanText or
 * with secretlint's lintSource as shipped (same rules, profiler marks on),
 * yielding to the event loop between files as an I/O-driven scan does.
 * Prints one JSON line: { ms, hits }.
 */
import { lintSource } from "@secretlint/core";
import { creator as preset } from "@secretlint/secretlint-rule-preset-recommend";
import { LAUNCH_READY_RULES } from "../scripts/scan-secrets/rules";
import { scanText } from "../scripts/scan-secrets/text-scan";

const [mode, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 2000);

function file(i: number): string {
  const lines = [`import { helper${i} } from "./helper${i}";`, `export const value${i} = helper${i}(${i});`];
  for (let j = 0; j < 30; j++) lines.push(`export function f${i}_${j}(x: number) { return x * ${j} + ${i}; } // line ${j}`);
  // Assembled at run time: the repository holds no token.
  if (i % 100 === 0) lines.push(`const token = "${["gh", "p_", "wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pIN", String(i % 10), String(i % 10)].join("")}";`);
  return lines.join("\n");
}

async function main(): Promise<void> {
  const texts = Array.from({ length: count }, (_, i) => file(i));
  const config = { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: preset }, ...LAUNCH_READY_RULES.map((rule) => ({ id: rule.meta.id, rule }))] };
  let hits = 0;
  // Warm-up (module load, JIT) outside the timing.
  if (mode === "launch-ready") await scanText(texts[1], "warm.ts");
  else await lintSource({ source: { content: texts[1], filePath: "warm.ts", contentType: "text" }, options: { config } });
  const t = process.hrtime.bigint();
  for (let i = 0; i < texts.length; i++) {
    // Real scans wait on I/O between texts (file reads, fetches, git): the event
    // loop turns, and secretlint's PerformanceObserver gets to run, as it does here.
    await new Promise((resolve) => setImmediate(resolve));
    if (mode === "launch-ready") hits += (await scanText(texts[i], `src/f${i}.ts`)).length;
    else hits += (await lintSource({ source: { content: texts[i], filePath: `src/f${i}.ts`, contentType: "text" }, options: { config } })).messages.length;
  }
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  console.log(JSON.stringify({ ms, hits }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
