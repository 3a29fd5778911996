import type { Finding } from "../../lib/findings";
import type { LiveCheck } from "../check";
import { finding } from "../check";
import type { HttpResponse } from "../http";
import { cookieHeader } from "../sessions";
import { isFinding, sessionFor } from "./needs-session";

/** Why a signed-in response could be stored or served by a shared cache (CDN, proxy), if it could. */
export function sharedCacheRisk(res: HttpResponse): string[] {
  const cc = (res.headers["cache-control"] ?? "").toLowerCase();
  const problems: string[] = [];
  if (!/\b(private|no-store)\b/.test(cc)) problems.push(`Cache-Control "${res.headers["cache-control"] ?? "(none)"}" (want private or no-store)`);
  if (/\bpublic\b|\bs-maxage\b/.test(cc)) problems.push("marked cacheable by shared caches");
  const status = (res.headers["cf-cache-status"] ?? "").toUpperCase();
  if (status === "HIT" || status === "STALE" || status === "UPDATING" || status === "REVALIDATED") problems.push(`cf-cache-status: ${status} (served from Cloudflare's cache)`);
  if (/\bHIT\b/i.test(res.headers["x-cache"] ?? "")) problems.push(`X-Cache: ${res.headers["x-cache"]}`);
  return problems;
}

/** Authenticated responses are private/no-store and never served from a shared cache. */
export const cacheSafetyCheck: LiveCheck = {
  id: "cache-safety",
  title: "signed-in responses are never cached by shared caches",
  async run(ctx) {
    const routes = ctx.target.routes.protected.slice(0, 4);
    if (routes.length === 0) return [finding("cache-safety", "skip", { message: "no protected routes known: list routes.protected in the verify file" })];
    const session = await sessionFor(ctx, "cache-safety");
    if (isFinding(session)) return [session];
    const findings: Finding[] = [];
    const ok: string[] = [];
    for (const route of routes) {
      // Twice: a shared cache shows itself on the second request.
      await ctx.http.send(route, { cookie: cookieHeader(session) });
      const res = await ctx.http.send(route, { cookie: cookieHeader(session) });
      if (res.status >= 300) continue;
      const problems = sharedCacheRisk(res);
      if (problems.length > 0) {
        findings.push(
          finding("cache-safety", "fail", {
            severity: "high",
            message: `the signed-in response of ${route} can be served to other users from a shared cache`,
            target: res.url,
            evidence: problems.join("; "),
            fix: "Send Cache-Control: private, no-store on every authenticated response, and bypass the Cloudflare cache for portal and API paths (a cache rule with cache: false for /app/* and /api/*, or when a session cookie is present).",
          }),
        );
      } else ok.push(`${route}: ${res.headers["cache-control"]}`);
    }
    if (findings.length === 0 && ok.length === 0) return [finding("cache-safety", "warn", { severity: "low", message: "no protected route answered a signed-in request with 2xx, so caching could not be judged", mandatory: false })];
    if (findings.length === 0) findings.push(finding("cache-safety", "pass", { message: `${ok.length} signed-in response(s) are private/no-store and not served from a cache`, target: ctx.target.origin, evidence: ok.join("; ") }));
    return findings;
  },
};
