import type { Finding } from "../../lib/findings";
import type { LiveCheck } from "../check";
import { finding } from "../check";
import { describeNetworkError } from "../http";
import { runLoad, type LoadResult } from "../load";
import { cookieHeader } from "../sessions";

const fmt = (r: LoadResult) => `p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, max ${r.max} ms over ${r.requests} requests`;

/** p95 under the bound on the main endpoints, under a small bounded load (autocannon + an HDR histogram). */
export const latencyP95Check: LiveCheck = {
  id: "latency-p95",
  title: "p95 under the bound on the main endpoints",
  async run(ctx) {
    const { target, http } = ctx;
    const { endpoints, p95Ms, requests, connections } = target.latency;
    const account = target.latency.as ?? ctx.sessions.accountNames()[0];
    const session = account ? await ctx.sessions.get(account).catch(() => undefined) : undefined;
    const headers: Record<string, string> = { "user-agent": "launch-ready-verify/0.1 (latency)" };
    if (session) headers.cookie = cookieHeader(session);
    const findings: Finding[] = [];
    const results: LoadResult[] = [];
    for (const endpoint of endpoints) {
      const url = http.resolve(endpoint).href;
      let r: LoadResult;
      try {
        r = await runLoad({ url, requests, connections, timeoutMs: http.timeoutMs, headers, ca: http.ca });
      } catch (e) {
        findings.push(finding("latency-p95", "fail", { message: `load on ${endpoint} failed: ${describeNetworkError(e, http.timeoutMs)}`, target: url }));
        continue;
      }
      results.push(r);
      const evidence = `${fmt(r)} (${connections} connections; ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts)`;
      if (r.requests === 0 || r.errors + r.timeouts > requests / 10) {
        findings.push(finding("latency-p95", "fail", { severity: "high", message: `${endpoint} failed under a small load (${r.errors} errors, ${r.timeouts} timeouts of ${requests})`, target: url, evidence, fix: "Find why requests fail or hang under 4 concurrent clients (connection pool, worker count, timeouts) before launch." }));
      } else if (r.p95 > p95Ms) {
        findings.push(
          finding("latency-p95", "fail", {
            severity: "high",
            message: `${endpoint} p95 is ${r.p95} ms, over the ${p95Ms} ms bound`,
            target: url,
            evidence,
            fix: "Profile the endpoint (slow queries, missing indexes, N+1 calls, cold caches), cache public responses at the edge, and re-run verify; the bar is p95 under 500 ms on the main endpoints.",
          }),
        );
      } else if (r.non2xx > r.requests / 2) {
        findings.push(finding("latency-p95", "warn", { severity: "low", message: `${endpoint} answered mostly non-2xx under load (${r.non2xx}/${r.requests}): the p95 ${r.p95} ms measures errors or redirects, not the page`, target: url, evidence, mandatory: false }));
      } else {
        findings.push(finding("latency-p95", "pass", { message: `${endpoint} p95 ${r.p95} ms (bound ${p95Ms} ms)`, target: url, evidence }));
      }
    }
    ctx.measurements["latency-p95"] = results;
    if (endpoints.length === 0) findings.push(finding("latency-p95", "skip", { message: "no endpoints to measure: list latency.endpoints in the verify file" }));
    return findings;
  },
};
