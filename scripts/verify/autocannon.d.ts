// The subset of autocannon 8's API the verifier and the bench use (the package ships no types).
declare module "autocannon" {
  import type { EventEmitter } from "node:events";
  import type { ConnectionOptions } from "node:tls";
  interface Options {
    url: string;
    connections?: number;
    amount?: number;
    duration?: number;
    /** Seconds before a request counts as a timeout. */
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    tlsOptions?: ConnectionOptions;
    servername?: string;
    histograms?: { latencies?: unknown };
    excludeErrorStats?: boolean;
    sampleInt?: number;
    skipAggregateResult?: boolean;
  }
  interface Result {
    latency: Record<string, number>;
    latencies?: string;
    errors: number;
    timeouts: number;
    non2xx: number;
    "2xx": number;
    duration: number;
    requests: { sent: number; total: number };
    statusCodeStats: Record<string, { count: number }>;
  }
  interface Instance extends EventEmitter {
    stop(): void;
  }
  function autocannon(opts: Options, cb: (err: Error | null, result: Result) => void): Instance;
  export = autocannon;
}
