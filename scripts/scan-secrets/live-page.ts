import { request, type Dispatcher } from "undici";
import { UnreachableError, UsageError } from "../lib/errors";
import type { SkippedItem } from "./files";
import { decodeDataUrl, scanScript, scanSourceMap, sourceMappingUrlOf } from "./source-map";
import { scanText, type SecretHit } from "./text-scan";

export interface ScanUrlOptions {
  /** Scripts and source maps fetched at most (the page itself not counted). @default 50 */
  maxResources?: number;
  /** Bytes read per response; the rest is not scanned (noted). @default 10 MB */
  maxBytes?: number;
  /** Per request: time to headers and between body chunks. @default 10_000 ms */
  timeoutMs?: number;
  /** Whole scan. @default 60_000 ms */
  totalTimeoutMs?: number;
  /** undici dispatcher (e.g. an Agent trusting a test CA). */
  dispatcher?: Dispatcher;
}

export interface UrlScanResult {
  /** The page as finally fetched (after same-host redirects). URLs here and in hits are labels: query strings show as `?…`. */
  url: string;
  hits: SecretHit[];
  /** Every URL fetched and scanned, page first. */
  visited: string[];
  skipped: SkippedItem[];
}

interface Fetched {
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  truncated: boolean;
}

const MAX_REDIRECTS = 5;

/**
 * What a visitor's browser downloads from a live page: the HTML (inline
 * scripts included), every script it references on the same origin, the
 * chunks those import dynamically, and each script's source map (same
 * origin, or inline). Scripts on other origins
 * (CDNs, analytics) are listed as skipped: they are not the portal's bundle.
 * Bounded in count, size and time; an unreachable page is exit 4.
 */
export async function scanUrl(url: string, opts: ScanUrlOptions = {}): Promise<UrlScanResult> {
  let start: URL;
  try {
    start = new URL(url);
  } catch {
    throw new UsageError(`--url "${url}" is not a URL: give an http(s) address such as https://app.example.com/`);
  }
  if (start.protocol !== "http:" && start.protocol !== "https:") throw new UsageError(`--url "${url}": only http:// and https:// pages can be scanned`);

  const maxResources = opts.maxResources ?? 50;
  const deadline = Date.now() + (opts.totalTimeoutMs ?? 60_000);
  const get = (target: string) => fetchText(target, opts, deadline);

  // The page: follow redirects on the same host (http → https is fine), nowhere else.
  let page: Fetched;
  try {
    page = await get(start.href);
    for (let i = 0; i < MAX_REDIRECTS && page.status >= 300 && page.status < 400 && header(page, "location"); i++) {
      const next = new URL(header(page, "location")!, page.url);
      if (next.hostname !== start.hostname) throw new UnreachableError(`${url} redirects to another host (${next.host}); scan that URL directly if it is the portal`);
      page = await get(next.href);
    }
  } catch (e) {
    if (e instanceof UnreachableError || e instanceof UsageError) throw e;
    throw new UnreachableError(`cannot fetch ${url}: ${(e as Error).message}`);
  }
  if (page.status >= 400) throw new UnreachableError(`${page.url} answered HTTP ${page.status}: nothing to scan`);

  const origin = new URL(page.url).origin;
  const result: UrlScanResult = { url: labelOf(page.url), hits: [], visited: [labelOf(page.url)], skipped: [] };
  if (page.truncated) result.skipped.push({ item: labelOf(page.url), reason: `only the first ${opts.maxBytes ?? 10 * 1024 * 1024} bytes were scanned` });
  result.hits.push(...(await scanText(page.body, labelOf(page.url), { origin: "page" })));

  const queue: string[] = [];
  const queued = new Set<string>();
  for (const ref of scriptRefs(page.body)) {
    const abs = resolve(ref, page.url);
    if (!abs || queued.has(abs)) continue;
    queued.add(abs);
    if (new URL(abs).origin !== origin) result.skipped.push({ item: labelOf(abs), reason: "script on another origin (not the portal's bundle)" });
    else queue.push(abs);
  }

  let fetchedCount = 0;
  const budget = () => {
    if (fetchedCount >= maxResources) return `more than ${maxResources} scripts and maps: not fetched`;
    if (Date.now() > deadline) return "the scan's time budget ran out";
    return undefined;
  };

  // The queue grows while it is walked: chunks a script imports dynamically are fetched too.
  for (const scriptUrl of queue) {
    const over = budget();
    if (over) {
      result.skipped.push({ item: labelOf(scriptUrl), reason: over });
      continue;
    }
    fetchedCount++;
    const script = await fetchOrSkip(get, scriptUrl, result);
    if (!script) continue;
    result.hits.push(...(await scanScript(script.body, labelOf(scriptUrl), "bundle")));
    for (const ref of dynamicImports(script.body)) {
      const chunk = resolve(ref, scriptUrl);
      if (!chunk || queued.has(chunk) || new URL(chunk).origin !== origin) continue;
      queued.add(chunk);
      queue.push(chunk);
    }

    // Source map: the comment wins, then the SourceMap header (older X-SourceMap).
    const mapRef = sourceMappingUrlOf(script.body) ?? header(script, "sourcemap") ?? header(script, "x-sourcemap");
    if (!mapRef || decodeDataUrl(mapRef) !== undefined) continue; // inline maps were scanned with the script
    const mapUrl = resolve(mapRef, scriptUrl);
    if (!mapUrl || queued.has(mapUrl)) continue;
    queued.add(mapUrl);
    if (new URL(mapUrl).origin !== origin) {
      result.skipped.push({ item: labelOf(mapUrl), reason: "source map on another origin" });
      continue;
    }
    const overMap = budget();
    if (overMap) {
      result.skipped.push({ item: labelOf(mapUrl), reason: overMap });
      continue;
    }
    fetchedCount++;
    const map = await fetchOrSkip(get, mapUrl, result);
    if (map) result.hits.push(...(await scanSourceMap(map.body, labelOf(mapUrl), "bundle")));
  }
  return result;
}

async function fetchOrSkip(get: (u: string) => Promise<Fetched>, target: string, result: UrlScanResult): Promise<Fetched | undefined> {
  try {
    const res = await get(target);
    if (res.status >= 400 || res.status < 200 || res.status >= 300) {
      result.skipped.push({ item: labelOf(target), reason: `HTTP ${res.status}` });
      return undefined;
    }
    result.visited.push(labelOf(target));
    if (res.truncated) result.skipped.push({ item: labelOf(target), reason: "only the first part was scanned (size limit)" });
    return res;
  } catch (e) {
    result.skipped.push({ item: labelOf(target), reason: `not fetched: ${(e as Error).message}` });
    return undefined;
  }
}

/** `src` of every script, and `href` of module preloads (Vite, Next.js emit these for chunks). */
export function scriptRefs(html: string): string[] {
  const refs: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*?\bsrc\s*=\s*(?:"([^"]+)"|'([^']+)'|([^\s>]+))/gi)) refs.push(m[1] ?? m[2] ?? m[3]);
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    if (!/\brel\s*=\s*["']?(?:modulepreload|preload)\b/i.test(tag)) continue;
    if (/\brel\s*=\s*["']?preload\b/i.test(tag) && !/\bas\s*=\s*["']?script\b/i.test(tag)) continue;
    const href = /\bhref\s*=\s*(?:"([^"]+)"|'([^']+)'|([^\s>]+))/i.exec(tag);
    if (href) refs.push(href[1] ?? href[2] ?? href[3]);
  }
  return refs.map((r) => r.replace(/&amp;/g, "&"));
}

/**
 * How a URL is shown in hits, lists and reports: query strings can carry
 * tokens (`app.js?key=…`), so they are replaced by `?…`.
 */
export function labelOf(url: string): string {
  try {
    const u = new URL(url);
    const query = u.search ? "?…" : "";
    u.search = "";
    u.hash = "";
    return `${u.href}${query}`;
  } catch {
    return "(unparseable URL)";
  }
}

/**
 * Chunks a bundle loads later with a literal `import("./chunk-abc.js")`
 * (Vite, Rollup, esbuild output); they are part of the bundle even though the
 * HTML never names them. Paths resolve against the importing script.
 */
export function dynamicImports(script: string): string[] {
  const refs: string[] = [];
  for (const m of script.matchAll(/\bimport\(\s*(["'`])([^"'`\s]{1,300}?\.m?js)\1\s*\)/g)) refs.push(m[2]);
  return refs;
}

function resolve(ref: string, base: string): string | undefined {
  try {
    const u = new URL(ref, base);
    if (u.protocol !== "http:" && u.protocol !== "https:") return undefined;
    u.hash = "";
    return u.href;
  } catch {
    return undefined;
  }
}

function header(res: Fetched, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function fetchText(target: string, opts: ScanUrlOptions, deadline: number): Promise<Fetched> {
  const maxBytes = opts.maxBytes ?? 10 * 1024 * 1024;
  const timeout = Math.max(1, Math.min(opts.timeoutMs ?? 10_000, deadline - Date.now()));
  const res = await request(target, {
    method: "GET",
    headers: { "user-agent": "launch-ready scan-secrets", accept: "*/*" },
    headersTimeout: timeout,
    bodyTimeout: timeout,
    signal: AbortSignal.timeout(timeout * 2),
    dispatcher: opts.dispatcher,
  });
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of res.body) {
    const buf = chunk as Buffer;
    if (size + buf.length > maxBytes) {
      chunks.push(buf.subarray(0, maxBytes - size));
      truncated = true;
      res.body.destroy();
      break;
    }
    chunks.push(buf);
    size += buf.length;
  }
  return { url: target, status: res.statusCode, headers: res.headers as Fetched["headers"], body: Buffer.concat(chunks).toString("utf8"), truncated };
}
