import type { Finding } from "../../lib/findings";
import type { LiveCheck } from "../check";
import { finding } from "../check";
import type { HttpResponse } from "../http";
import { cookieHeader } from "../sessions";

/** Disallow rules of the `User-agent: *` group (RFC 9309), as path prefixes. */
export function robotsDisallows(robots: string): string[] {
  const rules: string[] = [];
  let inStar = false;
  let lastWasAgent = false;
  for (const raw of robots.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, "").trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    if (key === "user-agent") {
      inStar = lastWasAgent ? inStar || m[2].trim() === "*" : m[2].trim() === "*";
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (inStar && key === "disallow" && m[2].trim()) rules.push(m[2].trim());
  }
  return rules;
}

function disallowed(path: string, rules: string[]): boolean {
  return rules.some((r) => path.startsWith(r.replace(/\*$/, "")));
}

function noindex(res: HttpResponse): boolean {
  if (/\bnoindex\b/i.test(res.headers["x-robots-tag"] ?? "")) return true;
  return /<meta[^>]+name=["']?robots["']?[^>]+content=["'][^"']*noindex/i.test(res.body);
}

/** Portal, API and admin responses carry noindex (or robots.txt disallows them); marketing pages do not. */
export const indexingCheck: LiveCheck = {
  id: "indexing",
  title: "only marketing pages are indexable",
  async run(ctx) {
    const { target, http } = ctx;
    const robotsRes = await http.send("/robots.txt");
    const rules = robotsRes.status === 200 ? robotsDisallows(robotsRes.body) : [];
    const account = ctx.sessions.accountNames()[0];
    const session = account ? await ctx.sessions.get(account).catch(() => undefined) : undefined;
    const findings: Finding[] = [];
    const good: string[] = [];
    const privateRoutes = [...new Set([...target.routes.protected, ...target.routes.admin])].slice(0, 6);
    const exposed: string[] = [];
    for (const route of privateRoutes) {
      const res = await http.send(route, { cookie: session ? cookieHeader(session) : undefined });
      if (noindex(res) || disallowed(route, rules)) good.push(`${route}: ${noindex(res) ? "noindex" : "robots.txt Disallow"}`);
      else exposed.push(`${route} → ${res.status}, X-Robots-Tag ${res.headers["x-robots-tag"] ?? "(none)"}`);
    }
    if (exposed.length > 0) {
      findings.push(
        finding("indexing", "fail", {
          severity: "medium",
          message: `${exposed.length} private route(s) may be indexed by search engines (no noindex, not disallowed in robots.txt)`,
          target: target.origin,
          evidence: `${exposed.join("; ")}; robots.txt ${robotsRes.status === 200 ? `disallows ${rules.join(" ") || "nothing"}` : `→ ${robotsRes.status}`}`,
          fix: "Send X-Robots-Tag: noindex, nofollow on every portal, API and admin response (Cloudflare: a response header transform rule on those paths) and keep private pages behind login.",
        }),
      );
    }
    for (const route of target.routes.public.slice(0, 4)) {
      const res = await http.send(route);
      if (res.status >= 400) continue;
      if (noindex(res) || disallowed(route, rules)) {
        findings.push(finding("indexing", "warn", { severity: "low", message: `the marketing page ${route} is hidden from search engines`, target: res.url, evidence: `X-Robots-Tag: ${res.headers["x-robots-tag"] ?? "(none)"}; robots.txt disallows ${rules.join(" ") || "nothing"}`, fix: "Remove noindex from marketing pages and do not disallow them in robots.txt.", mandatory: false }));
      } else good.push(`${route}: indexable`);
    }
    if (!findings.some((f) => f.status === "fail")) findings.unshift(finding("indexing", "pass", { message: "private routes carry noindex; marketing pages are indexable", target: target.origin, evidence: good.join("; ") }));
    return findings;
  },
};
