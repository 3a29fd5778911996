/**
 * Benchmark of `launch-ready verify` against the hardened fixture portal.
 *
 * 1. Wall time of the full verify (all checks, product defaults for the
 *    latency load: 100 requests per endpoint, 4 connections), median of RUNS.
 *    Target: under 30 s.
 * 2. The p95 the verifier reports for /api/catalog against the p95 autocannon
 *    measures by itself on the same endpoint, same load, in the same run
 *    (read from autocannon's own HDR histogram, since its summary has no p95).
 *    Target: within 10 %.
 *
 * The fixture adds 20–50 ms to every API answer so latency has a shape worth
 * comparing (loopback alone answers in under a millisecond).
 * Run: npm run bench:verify  (RUNS=5 by default; do not run alongside tests)
 */
import autocannon from "autocannon";
import * as hdr from "hdr-histogram-js";
import * as tls from "node:tls";
import { loadVerifyFile } from "../scripts/verify/config-file";
import type { LoadResult } from "../scripts/verify/load";
import { silentProgress } from "../scripts/verify/progress";
import { runVerify } from "../scripts/verify/run-verify";
import { resolveTarget } from "../scripts/verify/target";
import { startPortalProcess } from "../test/fixtures/portal/child";
import { writeVerifyFile } from "../test/fixtures/portal/verify-file";

const RUNS = Number(process.env.RUNS ?? 5);
const ENDPOINT = "/api/catalog";
/** The product's default load per endpoint (4 connections); p95 is compared on a larger sample to tame the tail. */
const LOAD = { requests: 100, connections: 4 };
const COMPARE_REQUESTS = Number(process.env.COMPARE_REQUESTS ?? 400);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** autocannon alone: its own histogram, decoded, read at p95. */
function autocannonAlone(url: string, ca: string): Promise<{ p95: number; p90: number; p97_5: number; requests: number }> {
  hdr.initWebAssemblySync();
  return new Promise((resolve, reject) => {
    autocannon(
      { url, amount: COMPARE_REQUESTS, connections: LOAD.connections, sampleInt: 50, skipAggregateResult: true, tlsOptions: { ca: [...tls.rootCertificates, ca] } },
      (err, result) => {
        if (err) return reject(err);
        const h = hdr.decodeFromCompressedBase64(result.latencies!);
        const out = { p95: h.getValueAtPercentile(95), p90: h.getValueAtPercentile(90), p97_5: h.getValueAtPercentile(97.5), requests: h.totalCount };
        h.destroy();
        resolve(out);
      },
    );
  });
}

async function main(): Promise<void> {
  // The portal runs in its own process: a server sharing the load generator's event loop would skew latency.
  const portal = await startPortalProcess({ baseDelayMs: 20, jitterMs: 30 });
  const file = writeVerifyFile(portal, { latency: { endpoints: ["/", "/api/health", ENDPOINT, "/api/orders"], p95Ms: 500, ...LOAD } });
  const compareFile = writeVerifyFile(portal, { latency: { endpoints: [ENDPOINT], p95Ms: 500, requests: COMPARE_REQUESTS, connections: LOAD.connections } });
  const walls: number[] = [];
  const diffs: number[] = [];
  try {
    for (let run = 1; run <= RUNS; run++) {
      await portal.reset();
      const loaded = loadVerifyFile(file, portal.env);
      const target = resolveTarget({ url: portal.httpsUrl, file: loaded.config });
      const started = performance.now();
      const result = await runVerify({ target, ca: portal.caPem, progress: silentProgress, secrets: loaded.secrets });
      const wall = performance.now() - started;
      walls.push(wall);
      const failed = result.findings.filter((f) => f.status === "fail").map((f) => f.id);
      // The comparison: the verifier's latency check and autocannon alone, back to back on the same endpoint and load;
      // the order alternates between runs so neither side always gets the warmer (or busier) moment.
      const compare = loadVerifyFile(compareFile, portal.env);
      const viaVerifier = async () => {
        const measured = await runVerify({ target: resolveTarget({ url: portal.httpsUrl, file: compare.config }), ca: portal.caPem, progress: silentProgress, only: ["latency-p95"] });
        return (measured.measurements["latency-p95"] as LoadResult[])[0];
      };
      const viaAlone = () => autocannonAlone(`${portal.httpsUrl}${ENDPOINT}`, portal.caPem);
      let verifier: LoadResult;
      let alone: Awaited<ReturnType<typeof autocannonAlone>>;
      if (run % 2 === 1) {
        verifier = await viaVerifier();
        alone = await viaAlone();
      } else {
        alone = await viaAlone();
        verifier = await viaVerifier();
      }
      const diff = (Math.abs(verifier.p95 - alone.p95) / alone.p95) * 100;
      diffs.push(diff);
      console.log(
        `run ${run}: full verify ${(wall / 1000).toFixed(2)} s (${result.findings.length} findings, failed: ${failed.join(", ") || "none"}); ` +
          `${ENDPOINT} (${verifier.requests} requests) p95 verifier ${verifier.p95} ms vs autocannon alone ${alone.p95} ms (p90 ${alone.p90}, p97.5 ${alone.p97_5}; ${alone.requests} requests) → ${diff.toFixed(1)} %`,
      );
    }
  } finally {
    await portal.close();
  }
  const medWall = median(walls) / 1000;
  const medDiff = median(diffs);
  console.log("");
  console.log(`full verify of the hardened fixture: median ${medWall.toFixed(2)} s over ${RUNS} runs (min ${(Math.min(...walls) / 1000).toFixed(2)}, max ${(Math.max(...walls) / 1000).toFixed(2)}) — target < 30 s: ${medWall < 30 ? "met" : "MISSED"}`);
  console.log(`p95 verifier vs autocannon alone on ${ENDPOINT}: median difference ${medDiff.toFixed(1)} % (max ${Math.max(...diffs).toFixed(1)} %) — target within 10 %: ${medDiff <= 10 ? "met" : "MISSED"}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
