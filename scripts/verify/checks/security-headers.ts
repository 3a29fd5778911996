import type { Finding } from "../../lib/findings";
import type { LiveCheck, VerifyContext } from "../check";
import { finding } from "../check";
import type { HttpResponse } from "../http";
import { cookieHeader } from "../sessions";

/** Six months: the floor for HSTS preload lists and a sane minimum. */
const HSTS_MIN_SECONDS = 15_552_000;
const SAFE_REFERRER = new Set(["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"]);

/** Problems (fail) and softer concerns (warn) of one response's headers. */
export function judgeHeaders(res: HttpResponse, https: boolean): { problems: string[]; concerns: string[] } {
  const h = res.headers;
  const problems: string[] = [];
  const concerns: string[] = [];
  if (https) {
    const hsts = h["strict-transport-security"];
    const maxAge = Number(/max-age\s*=\s*"?(\d+)/i.exec(hsts ?? "")?.[1] ?? NaN);
    if (!hsts) problems.push("Strict-Transport-Security missing");
    else if (!(maxAge >= HSTS_MIN_SECONDS)) problems.push(`Strict-Transport-Security max-age=${Number.isNaN(maxAge) ? "?" : maxAge} (want >= ${HSTS_MIN_SECONDS})`);
  }
  if ((h["x-content-type-options"] ?? "").toLowerCase().trim() !== "nosniff") problems.push(`X-Content-Type-Options ${h["x-content-type-options"] ? `"${h["x-content-type-options"]}"` : "missing"} (want nosniff)`);
  const csp = h["content-security-policy"];
  const directives = new Map<string, string[]>();
  for (const part of (csp ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  const xfo = (h["x-frame-options"] ?? "").toUpperCase().trim();
  if (xfo !== "DENY" && xfo !== "SAMEORIGIN" && !directives.has("frame-ancestors")) problems.push("no frame protection (X-Frame-Options DENY/SAMEORIGIN or CSP frame-ancestors)");
  const referrer = (h["referrer-policy"] ?? "").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean).pop();
  if (!referrer) problems.push("Referrer-Policy missing");
  else if (!SAFE_REFERRER.has(referrer)) problems.push(`Referrer-Policy "${referrer}" leaks full URLs (want strict-origin-when-cross-origin or stricter)`);
  if (!csp) problems.push("Content-Security-Policy missing");
  else {
    const scripts = directives.get("script-src") ?? directives.get("default-src");
    if (!scripts) problems.push("Content-Security-Policy has neither script-src nor default-src");
    else {
      const wild = scripts.filter((s) => s === "*" || s === "http:" || s === "https:" || s === "data:");
      if (wild.length > 0) problems.push(`Content-Security-Policy allows scripts from ${wild.join(" ")}`);
      const hardened = scripts.some((s) => /^'(nonce-|sha256-|sha384-|sha512-|strict-dynamic)/.test(s));
      if (scripts.includes("'unsafe-inline'") && !hardened) concerns.push("Content-Security-Policy script source allows 'unsafe-inline'");
      if (scripts.includes("'unsafe-eval'")) concerns.push("Content-Security-Policy script source allows 'unsafe-eval'");
    }
  }
  return { problems, concerns };
}

async function pages(ctx: VerifyContext): Promise<{ label: string; res: HttpResponse }[]> {
  const out: { label: string; res: HttpResponse }[] = [];
  const first = ctx.target.routes.public[0] ?? "/";
  out.push({ label: "public page", res: await ctx.http.send(first) });
  const account = ctx.sessions.accountNames()[0];
  const app = ctx.target.routes.protected.find((r) => !r.startsWith("/api")) ?? ctx.target.routes.protected[0];
  if (account && app) {
    try {
      const session = await ctx.sessions.get(account);
      out.push({ label: "signed-in page", res: await ctx.http.send(app, { cookie: cookieHeader(session) }) });
    } catch {
      /* no session: the public page alone is judged; the session checks report the login problem */
    }
  }
  return out;
}

export const securityHeadersCheck: LiveCheck = {
  id: "security-headers",
  title: "HSTS, nosniff, frame protection, Referrer-Policy, CSP",
  async run(ctx) {
    const https = ctx.target.origin.startsWith("https:");
    const findings: Finding[] = [];
    for (const { label, res } of await pages(ctx)) {
      const { problems, concerns } = judgeHeaders(res, https);
      if (problems.length > 0) {
        findings.push(
          finding("security-headers", "fail", {
            severity: "medium",
            message: `the ${label} lacks security headers: ${problems.join("; ")}`,
            target: res.url,
            evidence: problems.join("; "),
            fix: "Send on every response: Strict-Transport-Security: max-age=31536000; includeSubDomains, X-Content-Type-Options: nosniff, X-Frame-Options: DENY (or CSP frame-ancestors 'none'), Referrer-Policy: strict-origin-when-cross-origin, and a Content-Security-Policy with script-src 'self' (Cloudflare: a response header transform rule).",
          }),
        );
      } else if (concerns.length > 0) {
        findings.push(finding("security-headers", "warn", { severity: "low", message: `the ${label}'s CSP is weak: ${concerns.join("; ")}`, target: res.url, evidence: concerns.join("; "), fix: "Replace 'unsafe-inline'/'unsafe-eval' with nonces or hashes.", mandatory: false }));
      } else {
        findings.push(finding("security-headers", "pass", { message: `the ${label} sends HSTS, nosniff, frame protection, Referrer-Policy and a CSP`, target: res.url }));
      }
    }
    return findings;
  },
};
