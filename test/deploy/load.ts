import { setTimeout as sleep } from "node:timers/promises";
import { Pool } from "undici";

export interface LoadStats {
  total: number;
  failed: number;
  /** The first few failures, for the assertion message. */
  failures: string[];
  byColour: Record<string, number>;
  /** Every answer: its colour and when its request started (Date.now()). */
  answers: { colour: string; startedAt: number }[];
}

/** Colours of the answers to requests started after `t` (the switch is done by then). */
export function coloursAfter(stats: LoadStats, t: number): string[] {
  return stats.answers.filter((a) => a.startedAt > t).map((a) => a.colour);
}

/**
 * A bounded concurrent load on the public URL while a deploy runs: a few
 * keep-alive connections, a short pause between requests, a hard cap on
 * requests and time. Every non-2xx answer or network error counts as failed.
 */
export function startLoad(baseUrl: string, opts: { concurrency?: number; pauseMs?: number; maxRequests?: number; maxMs?: number; path?: string } = {}) {
  const concurrency = opts.concurrency ?? 4;
  const maxRequests = opts.maxRequests ?? 20_000;
  const deadline = Date.now() + (opts.maxMs ?? 60_000);
  const pool = new Pool(baseUrl, { connections: concurrency });
  const stats: LoadStats = { total: 0, failed: 0, failures: [], byColour: {}, answers: [] };
  let stopping = false;
  const worker = async () => {
    while (!stopping && stats.total < maxRequests && Date.now() < deadline) {
      stats.total++;
      const startedAt = Date.now();
      try {
        const res = await pool.request({ path: opts.path ?? "/app/orders", method: "GET", headersTimeout: 10_000, bodyTimeout: 10_000 });
        await res.body.dump();
        const colour = String(res.headers["x-origin-colour"] ?? "none");
        stats.byColour[colour] = (stats.byColour[colour] ?? 0) + 1;
        stats.answers.push({ colour, startedAt });
        if (res.statusCode < 200 || res.statusCode >= 300) {
          stats.failed++;
          if (stats.failures.length < 5) stats.failures.push(`HTTP ${res.statusCode} from ${colour}`);
        }
      } catch (e) {
        stats.failed++;
        if (stats.failures.length < 5) stats.failures.push(String((e as { code?: string }).code ?? (e as Error).message));
      }
      await sleep(opts.pauseMs ?? 5);
    }
  };
  const running = Promise.all(Array.from({ length: concurrency }, worker));
  return {
    stats,
    async stop(): Promise<LoadStats> {
      stopping = true;
      await running;
      await pool.close();
      return stats;
    },
  };
}
