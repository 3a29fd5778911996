import { performance } from "node:perf_hooks";
import * as hdr from "hdr-histogram-js";
import { Agent, request, type Dispatcher } from "undici";
import type { GateCheckId } from "../../stacks/schema/deploy";
import type { Finding } from "../lib/findings";
import type { DeployChecks, OriginTarget } from "./types";

/** A live check a gate can run against a URL (the live verifier plugs its checks in here). */
export type GateCheck = (baseUrl: string, hostHeader?: string) => Promise<Finding[]>;

export interface HttpGateOptions {
  healthPath: string;
  /** p95 bound in ms (deploy.gates.p95Ms). */
  p95Ms: number;
  /** Requests in the p95 sample (deploy.gates.samples). */
  samples: number;
  /** Checks run against the public URL after the switch (deploy.gates.checks). */
  checks: GateCheckId[];
  /** Requests in flight at once while sampling. @default 4 */
  concurrency?: number;
  /** Per-request timeout. @default 5000 */
  timeoutMs?: number;
  /** PEM of a CA to trust for origin TLS (e.g. Cloudflare Origin CA). */
  originCa?: string;
  /** Extra live checks by id, e.g. from the live verifier; they override the built-in ones. */
  extraChecks?: Partial<Record<GateCheckId, GateCheck>>;
}

interface Sample {
  ok: boolean;
  status?: number;
  ms: number;
  error?: string;
}

/**
 * The built-in deploy gate: the health endpoint must answer 2xx, and the p95
 * of a small, bounded sample must stay under the bound (the checklist's
 * "p95 under 500 ms"). Other live checks come in through `extraChecks`; a gate
 * the user asked for that nobody implements fails, so it is never skipped
 * silently.
 */
export class HttpGate implements DeployChecks {
  private readonly opts: Required<Omit<HttpGateOptions, "originCa" | "extraChecks">> & Pick<HttpGateOptions, "originCa" | "extraChecks">;

  constructor(opts: HttpGateOptions) {
    this.opts = { concurrency: 4, timeoutMs: 5000, ...opts };
  }

  /** Gate ids with no implementation here (reported as failures before anything changes). */
  missingChecks(): GateCheckId[] {
    return this.opts.checks.filter((id) => id !== "health" && id !== "latency-p95" && !this.opts.extraChecks?.[id]);
  }

  async preflight(origin: OriginTarget): Promise<Finding[]> {
    const missing: Finding[] = this.missingChecks().map((id) => ({
      id,
      area: "deployment-safety",
      status: "fail",
      severity: "high",
      message: `deploy.gates.checks lists ${id}, but no implementation of it is installed: the gate cannot run, so the deploy does not start`,
      fix: `remove ${id} from deploy.gates.checks, or run the deploy with the live verifier that provides it`,
      mandatory: true,
    }));
    const dispatcher = this.dispatcher(origin.hostHeader);
    try {
      const findings = [...missing, ...(await this.health(origin.baseUrl, origin.hostHeader, dispatcher, `${origin.colour} origin`))];
      findings.push(...(await this.latency(origin.baseUrl, origin.hostHeader, dispatcher, `${origin.colour} origin`)));
      return findings;
    } finally {
      await dispatcher.close();
    }
  }

  async verify(publicUrl: string): Promise<Finding[]> {
    const findings: Finding[] = [];
    const dispatcher = this.dispatcher();
    try {
      for (const id of this.opts.checks) {
        const extra = this.opts.extraChecks?.[id];
        if (extra) findings.push(...(await extra(publicUrl)));
        else if (id === "health") findings.push(...(await this.health(publicUrl, undefined, dispatcher, "public URL")));
        else if (id === "latency-p95") findings.push(...(await this.latency(publicUrl, undefined, dispatcher, "public URL")));
      }
    } finally {
      await dispatcher.close();
    }
    return findings;
  }

  private dispatcher(servername?: string): Agent {
    return new Agent({
      connections: this.opts.concurrency,
      connect: { ...(servername ? { servername } : {}), ...(this.opts.originCa ? { ca: this.opts.originCa } : {}) },
    });
  }

  private async once(url: string, hostHeader: string | undefined, dispatcher: Dispatcher): Promise<Sample> {
    const started = performance.now();
    try {
      const res = await request(url, {
        method: "GET",
        dispatcher,
        headers: { ...(hostHeader ? { host: hostHeader } : {}), "user-agent": "launch-ready-deploy-gate" },
        headersTimeout: this.opts.timeoutMs,
        bodyTimeout: this.opts.timeoutMs,
      });
      await res.body.dump();
      return { ok: res.statusCode >= 200 && res.statusCode < 300, status: res.statusCode, ms: performance.now() - started };
    } catch (e) {
      return { ok: false, ms: performance.now() - started, error: (e as { code?: string }).code ?? (e as Error).message };
    }
  }

  private async health(baseUrl: string, hostHeader: string | undefined, dispatcher: Dispatcher, what: string): Promise<Finding[]> {
    const url = new URL(this.opts.healthPath, baseUrl).toString();
    const s = await this.once(url, hostHeader, dispatcher);
    const evidence = s.error ? `GET ${url} → ${s.error}` : `GET ${url} → ${s.status} in ${Math.round(s.ms)} ms`;
    return [
      s.ok
        ? { id: "health", area: "deployment-safety", status: "pass", severity: "critical", message: `the ${what} answers its health endpoint`, target: url, evidence, mandatory: true }
        : {
            id: "health",
            area: "deployment-safety",
            status: "fail",
            severity: "critical",
            message: `the ${what} does not answer its health endpoint with 2xx`,
            target: url,
            evidence,
            fix: `make ${this.opts.healthPath} answer 200 on the ${what} (or point deploy.switch.healthPath at the real health endpoint)`,
            mandatory: true,
          },
    ];
  }

  /** p95 of `samples` requests, `concurrency` at a time; any failed request fails the check too. */
  private async latency(baseUrl: string, hostHeader: string | undefined, dispatcher: Dispatcher, what: string): Promise<Finding[]> {
    const url = new URL(this.opts.healthPath, baseUrl).toString();
    const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
    let failed = 0;
    let next = 0;
    const worker = async () => {
      while (next < this.opts.samples) {
        next++;
        const s = await this.once(url, hostHeader, dispatcher);
        if (!s.ok) failed++;
        histogram.recordValue(Math.max(1, Math.round(s.ms)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency, this.opts.samples) }, worker));
    const p95 = histogram.getValueAtPercentile(95);
    histogram.destroy();
    const evidence = `p95 ${p95} ms over ${this.opts.samples} requests to ${url} (${failed} failed); bound ${this.opts.p95Ms} ms`;
    const pass = p95 <= this.opts.p95Ms && failed === 0;
    return [
      {
        id: "latency-p95",
        area: "performance",
        status: pass ? "pass" : "fail",
        severity: "high",
        message: pass ? `the ${what} answers within the p95 bound` : `the ${what} is over the p95 bound or failed requests`,
        target: url,
        evidence,
        fix: pass ? undefined : `find what slowed the ${what} down before sending it traffic, or raise deploy.gates.p95Ms if the bound is wrong`,
        mandatory: true,
      },
    ];
  }
}
