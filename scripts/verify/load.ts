import autocannon from "autocannon";
import * as hdr from "hdr-histogram-js";
import * as tls from "node:tls";

/**
 * A small, bounded load on one URL with autocannon. Every response time
 * autocannon measures is also recorded into an HDR histogram we keep, so p95
 * is read exactly (autocannon's own summary stops at p90 and p97.5).
 */
export interface LoadResult {
  url: string;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadOptions {
  url: string;
  requests: number;
  connections: number;
  timeoutMs: number;
  headers?: Record<string, string>;
  ca?: string;
  /** Hard stop, whatever happens. */
  maxSeconds?: number;
}

hdr.initWebAssemblySync();

/** Same histogram settings as autocannon's own (lib/histUtil.js), so both read the same percentiles. */
export function latencyHistogram(): hdr.Histogram {
  return hdr.build({ useWebAssembly: true, bitBucketSize: 64, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 10000, numberOfSignificantValueDigits: 5 });
}

export function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const latencies = latencyHistogram();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        amount: opts.requests,
        timeout: Math.max(1, Math.ceil(opts.timeoutMs / 1000)),
        headers: opts.headers,
        // autocannon notices the end of an `amount` run at its next sample tick (default 1 s).
        sampleInt: 50,
        tlsOptions: opts.ca ? { ca: [...tls.rootCertificates, opts.ca] } : {},
      },
      (err, result) => {
        clearTimeout(stopper);
        if (err) {
          latencies.destroy();
          reject(err);
          return;
        }
        const r: LoadResult = {
          url: opts.url,
          requests: latencies.totalCount,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          p50: latencies.getValueAtPercentile(50),
          p95: latencies.getValueAtPercentile(95),
          p99: latencies.getValueAtPercentile(99),
          max: latencies.maxValue,
        };
        latencies.destroy();
        resolve(r);
      },
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.recordValue(responseTime));
    const stopper = setTimeout(() => instance.stop(), (opts.maxSeconds ?? 30) * 1000);
  });
}
