import * as tls from "node:tls";
import { Agent, Headers, getSetCookies, request, type Cookie } from "undici";

/**
 * The only way the verifier talks HTTP. It refuses any URL whose origin is
 * not the target's (plus the plain-HTTP twin the tls check asks for a
 * redirect), bounds every request by a timeout, never follows redirects
 * (checks judge them) and reads at most `maxBodyBytes` of a body.
 */

export class OutsideOriginError extends Error {
  constructor(url: string, allowed: string[]) {
    super(`refused to send a request to ${url}: only ${allowed.join(" and ")} may be contacted`);
    this.name = "OutsideOriginError";
  }
}

export interface HttpResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  /** Every Set-Cookie, parsed. */
  cookies: Cookie[];
  body: string;
  /** Milliseconds from sending to the last body byte. */
  ms: number;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and buffers as they are. */
  body?: unknown;
  /** Cookie header value (a session). */
  cookie?: string;
  timeoutMs?: number;
}

export interface HttpClientOptions {
  origin: string;
  /** Extra origins allowed (the tls check's http:// twin). */
  alsoAllowed?: string[];
  timeoutMs: number;
  /** PEM of a private CA to trust besides the system roots. */
  ca?: string;
  /** false only after the tls check proved the certificate untrusted, so the rest can still run. */
  verifyCertificates?: boolean;
  maxBodyBytes?: number;
  userAgent?: string;
}

export class HttpClient {
  readonly origin: string;
  readonly timeoutMs: number;
  readonly ca?: string;
  private readonly allowed: string[];
  private readonly agent: Agent;
  private readonly maxBodyBytes: number;
  private readonly userAgent: string;
  readonly verifyCertificates: boolean;

  constructor(opts: HttpClientOptions) {
    this.origin = new URL(opts.origin).origin;
    this.allowed = [this.origin, ...(opts.alsoAllowed ?? []).map((o) => new URL(o).origin)];
    this.timeoutMs = opts.timeoutMs;
    this.ca = opts.ca;
    this.verifyCertificates = opts.verifyCertificates !== false;
    this.maxBodyBytes = opts.maxBodyBytes ?? 5 * 1024 * 1024;
    this.userAgent = opts.userAgent ?? "launch-ready-verify/0.1";
    this.agent = new Agent({
      connect: {
        timeout: opts.timeoutMs,
        rejectUnauthorized: this.verifyCertificates,
        ...(opts.ca ? { ca: [...tls.rootCertificates, opts.ca] } : {}),
      },
      keepAliveTimeout: 2_000,
    });
  }

  /** A copy that skips certificate verification (same origin rules, same timeouts). */
  insecure(): HttpClient {
    return new HttpClient({ origin: this.origin, alsoAllowed: this.allowed.slice(1), timeoutMs: this.timeoutMs, ca: this.ca, verifyCertificates: false, maxBodyBytes: this.maxBodyBytes, userAgent: this.userAgent });
  }

  /** Resolves a path against the target and enforces the origin rule. */
  resolve(pathOrUrl: string): URL {
    const url = new URL(pathOrUrl, this.origin);
    if (!this.allowed.includes(url.origin)) throw new OutsideOriginError(url.href, this.allowed);
    return url;
  }

  isAllowed(pathOrUrl: string): boolean {
    try {
      this.resolve(pathOrUrl);
      return true;
    } catch {
      return false;
    }
  }

  async send(pathOrUrl: string, opts: RequestOptions = {}): Promise<HttpResponse> {
    const url = this.resolve(pathOrUrl);
    const headers: Record<string, string> = { "user-agent": this.userAgent, accept: "*/*", ...lowerKeys(opts.headers ?? {}) };
    if (opts.cookie) headers.cookie = opts.cookie;
    let body: string | Buffer | undefined;
    if (opts.body !== undefined) {
      if (typeof opts.body === "string" || Buffer.isBuffer(opts.body)) body = opts.body;
      else {
        body = JSON.stringify(opts.body);
        headers["content-type"] ??= "application/json";
      }
    }
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const started = performance.now();
    const res = await request(url, {
      method: (opts.method ?? "GET") as "GET",
      headers,
      body,
      dispatcher: this.agent,
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      if (size + buf.length > this.maxBodyBytes) {
        chunks.push(buf.subarray(0, this.maxBodyBytes - size));
        res.body.destroy();
        break;
      }
      chunks.push(buf);
      size += buf.length;
    }
    const flat: Record<string, string> = {};
    const h = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (v === undefined) continue;
      const values = Array.isArray(v) ? v : [v];
      flat[k.toLowerCase()] = values.join(k.toLowerCase() === "set-cookie" ? "\n" : ", ");
      for (const one of values) h.append(k, one);
    }
    return { url: url.href, status: res.statusCode, headers: flat, cookies: getSetCookies(h), body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started };
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}

function lowerKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

/** A short, secret-free description of a network error for evidence and messages. */
export function describeNetworkError(err: unknown, timeoutMs: number): string {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e?.cause?.code ?? e?.code;
  if (e?.name === "TimeoutError" || e?.name === "AbortError" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT") {
    return `no answer within ${timeoutMs} ms`;
  }
  const message = e?.cause?.message ?? e?.message ?? String(err);
  return code ? `${code}: ${message}` : message;
}
