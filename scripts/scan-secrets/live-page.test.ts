import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanBundle, fakeSecrets } from "../../test/secrets/fake-secrets";
import { UnreachableError, UsageError } from "../lib/errors";
import { scanUrl, urlScanFindings } from "./scan";

const secrets = fakeSecrets("9");

/** What the local portal serves, by path; swapped per test. */
let routes: Record<string, { type: string; body: string; headers?: Record<string, string>; status?: number }> = {};
const requested: string[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requested.push(req.url ?? "");
    const route = routes[req.url ?? ""];
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(route.status ?? 200, { "content-type": route.type, ...route.headers }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const html = (body: string) => ({ type: "text/html", body: `<!doctype html><html><head><title>Portal</title></head><body>${body}</body></html>` });
const js = (body: string, headers?: Record<string, string>) => ({ type: "application/javascript", body, headers });
const map = (sources: string[], contents: string[]) => ({ type: "application/json", body: JSON.stringify({ version: 3, sources, sourcesContent: contents, mappings: "AAAA" }) });

describe("scanUrl", () => {
  it("follows scripts and source maps on the same origin and finds every seeded secret", async () => {
    requested.length = 0;
    routes = {
      "/": html(
        [
          `<script>window.__CONFIG__={stripeWebhook:"x"};${secrets.stripeWebhookSecret.line}</script>`,
          '<script type="module" src="/assets/app.js"></script>',
          "<script src='/assets/chunk.js?v=2'></script>",
          '<link rel="modulepreload" href="/assets/lazy.js">',
          '<script src="https://cdn.example.net/analytics.js"></script>',
          '<script src="//other.example.org/x.js"></script>',
        ].join("\n"),
      ),
      "/assets/app.js": js(`${cleanBundle()}\n${secrets.stripeLiveKey.line}\n//# sourceMappingURL=app.js.map`),
      "/assets/app.js.map": map(["../src/db.ts"], [secrets.postgresUrl.line]),
      "/assets/chunk.js?v=2": js(cleanBundle(), { SourceMap: "/maps/chunk.map" }),
      "/maps/chunk.map": map(["../src/gh.ts", "../src/cache.ts"], [secrets.githubToken.line, secrets.redisUrl.line]),
      "/assets/lazy.js": js(`${cleanBundle()}\n//# sourceMappingURL=https://elsewhere.example.com/lazy.js.map`),
    };
    const result = await scanUrl(`${base}/`);
    expect(result.url).toBe(`${base}/`);
    expect(result.visited).toEqual([`${base}/`, `${base}/assets/app.js`, `${base}/assets/app.js.map`, `${base}/assets/chunk.js?…`, `${base}/maps/chunk.map`, `${base}/assets/lazy.js`]);
    expect(result.skipped).toEqual([
      { item: "https://cdn.example.net/analytics.js", reason: "script on another origin (not the portal's bundle)" },
      { item: "http://other.example.org/x.js", reason: "script on another origin (not the portal's bundle)" },
      { item: "https://elsewhere.example.com/lazy.js.map", reason: "source map on another origin" },
    ]);
    // Nothing outside 127.0.0.1 was contacted: the server saw exactly the same-origin paths.
    expect(requested).toEqual(["/", "/assets/app.js", "/assets/app.js.map", "/assets/chunk.js?v=2", "/maps/chunk.map", "/assets/lazy.js"]);
    expect(result.hits.map((h) => [h.kind, h.source, h.origin])).toEqual([
      ["webhook signing secret (whsec_)", `${base}/`, "page"],
      ["Stripe live secret key", `${base}/assets/app.js`, "bundle"],
      ["PostgreSQL connection URL with a password", `${base}/assets/app.js.map → ../src/db.ts`, "bundle"],
      ["GitHub token", `${base}/maps/chunk.map → ../src/gh.ts`, "bundle"],
      ["redis connection URL with a password", `${base}/maps/chunk.map → ../src/cache.ts`, "bundle"],
    ]);
    const findings = urlScanFindings(result);
    expect(findings.map((f) => [f.id, f.status, f.mandatory])).toEqual(Array(5).fill(["secrets-in-bundle", "fail", true]));
    const text = JSON.stringify({ result, findings });
    for (const s of Object.values(secrets)) expect(text).not.toContain(s.value);
  });

  it("follows literal dynamic imports to lazy chunks on the same origin", async () => {
    routes = {
      "/": html('<script type="module" src="/assets/index.js"></script>'),
      "/assets/index.js": js(`${cleanBundle()};const Admin=()=>import("./admin-3f9a.js");const x=()=>import('https://cdn.example.net/lib.js');`),
      "/assets/admin-3f9a.js": js(`${cleanBundle()};import("./admin-3f9a.js");\n${secrets.sessionSecret.line}`),
    };
    const result = await scanUrl(`${base}/`);
    expect(result.visited).toEqual([`${base}/`, `${base}/assets/index.js`, `${base}/assets/admin-3f9a.js`]);
    expect(result.hits.map((h) => [h.kind, h.source])).toEqual([['hard-coded value for the secret-sounding name "sessionSecret"', `${base}/assets/admin-3f9a.js`]]);
  });

  it("passes a clean page with one pass finding", async () => {
    routes = {
      "/app": html('<script src="/static/main.js"></script>'),
      "/static/main.js": js(`${cleanBundle()}\n//# sourceMappingURL=main.js.map`),
      "/static/main.js.map": map(["../src/main.ts"], ["export const apiUrl = process.env.NEXT_PUBLIC_API_URL;"]),
    };
    const result = await scanUrl(`${base}/app`);
    expect(result.hits).toEqual([]);
    expect(urlScanFindings(result)).toEqual([
      {
        id: "secrets-in-bundle",
        area: "secret-handling",
        status: "pass",
        severity: "info",
        mandatory: true,
        message: `no secrets found in the page and 2 script(s)/source map(s) on its origin (${base}/app)`,
        target: `${base}/app`,
      },
    ]);
  });

  it("stays within its bounds: script count and bytes per response", async () => {
    const scripts = Array.from({ length: 5 }, (_, i) => `<script src="/s${i}.js"></script>`).join("");
    routes = { "/": html(scripts) };
    for (let i = 0; i < 5; i++) routes[`/s${i}.js`] = js(`${"x".repeat(2000)}\n${secrets.stripeLiveKey.line}`);
    const result = await scanUrl(`${base}/`, { maxResources: 2, maxBytes: 1500 });
    expect(result.visited).toEqual([`${base}/`, `${base}/s0.js`, `${base}/s1.js`]);
    expect(result.skipped.map((s) => s.reason)).toEqual([
      "only the first part was scanned (size limit)",
      "only the first part was scanned (size limit)",
      "more than 2 scripts and maps: not fetched",
      "more than 2 scripts and maps: not fetched",
      "more than 2 scripts and maps: not fetched",
    ]);
    // The key sits after the first 1500 bytes: never read, so not found.
    expect(result.hits).toEqual([]);
  });

  it("never shows a query string, which may carry a token, in its labels", async () => {
    const token = fakeSecrets("4").stripeLiveKey.value;
    routes = {
      "/": html(`<script src="/app.js?key=${token}"></script>`),
      [`/app.js?key=${token}`]: js(`${cleanBundle()}\n${secrets.githubToken.line}`),
    };
    const result = await scanUrl(`${base}/`);
    expect(result.visited).toEqual([`${base}/`, `${base}/app.js?…`]);
    expect(result.hits.map((h) => [h.kind, h.source])).toEqual([
      ["Stripe live secret key", `${base}/`],
      ["GitHub token", `${base}/app.js?…`],
    ]);
    expect(JSON.stringify(urlScanFindings(result))).not.toContain(token.slice(4));
  });

  it("follows a same-host redirect but refuses one to another host", async () => {
    routes = {
      "/old": { type: "text/plain", body: "", status: 301, headers: { location: "/new" } },
      "/new": html("<p>clean</p>"),
      "/away": { type: "text/plain", body: "", status: 302, headers: { location: "https://portal.example.com/" } },
    };
    expect((await scanUrl(`${base}/old`)).url).toBe(`${base}/new`);
    await expect(scanUrl(`${base}/away`)).rejects.toThrow(new UnreachableError(`${base}/away redirects to another host (portal.example.com); scan that URL directly if it is the portal`));
  });

  it("reports an unreachable page (exit 4) and a bad URL (exit 2)", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(scanUrl(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 })).rejects.toBeInstanceOf(UnreachableError);
    routes = {};
    await expect(scanUrl(`${base}/missing`)).rejects.toThrow(`${base}/missing answered HTTP 404: nothing to scan`);
    await expect(scanUrl("ftp://127.0.0.1/")).rejects.toBeInstanceOf(UsageError);
    await expect(scanUrl("not a url")).rejects.toThrow('--url "not a url" is not a URL');
  });
});
