import { randomBytes } from "node:crypto";
import type { Finding } from "../../lib/findings";
import type { LiveCheck, VerifyContext } from "../check";
import { finding } from "../check";
import type { RateLimitTarget } from "../target";
import { fillBody } from "../sessions";
import { isFinding, sessionFor } from "./needs-session";

/** An address that can never receive mail (RFC 2606 .invalid): invites and resets go nowhere. */
const PROBE_EMAIL = "launch-ready-probe@example.invalid";

function isLogin(ctx: VerifyContext, t: RateLimitTarget): boolean {
  return t.path === ctx.target.routes.login.path;
}
function isReset(t: RateLimitTarget): boolean {
  return /reset|forgot|recover/i.test(t.path) || t.name === "passwordReset";
}

/** Login with a wrong password for the first test account; reset for its email; anything else as a signed-in test account. */
async function requestFor(ctx: VerifyContext, t: RateLimitTarget): Promise<{ body?: unknown; cookie?: string; headers: Record<string, string> } | Finding> {
  const firstAccount = ctx.sessions.accountNames()[0];
  const email = firstAccount ? ctx.target.accounts[firstAccount].email : PROBE_EMAIL;
  if (isLogin(ctx, t)) {
    // The portal's own login body (routes.login.body), with a password that is certainly wrong.
    const account = firstAccount ? ctx.target.accounts[firstAccount] : { email };
    return { body: t.body ?? fillBody(ctx.target.routes.login.body, { ...account, password: `wrong-${randomBytes(6).toString("hex")}` }), headers: {} };
  }
  if (isReset(t)) return { body: t.body ?? { email }, headers: {} };
  const session = await sessionFor(ctx, "rate-limit", t.as);
  if (isFinding(session)) return session;
  const auth = await ctx.sessions.authHeaders(session);
  return { body: t.method === "GET" ? undefined : (t.body ?? { email: PROBE_EMAIL }), cookie: auth.cookie, headers: auth.headers };
}

/**
 * Repeated login / password-reset / invite / export requests are answered
 * 429 with Retry-After within the configured budget. At most budget + 1
 * requests per endpoint, from one test account; runs last so the limits it
 * trips do not disturb the other checks.
 */
export const rateLimitCheck: LiveCheck = {
  id: "rate-limit",
  title: "login, reset, invite and export are throttled",
  async run(ctx) {
    const findings: Finding[] = [];
    for (const t of ctx.target.rateLimits) {
      const url = ctx.http.resolve(t.path).href;
      const req = await requestFor(ctx, t);
      if (isFinding(req)) {
        findings.push({ ...req, target: url });
        continue;
      }
      const statuses: number[] = [];
      let limited: { at: number; retryAfter?: string } | undefined;
      for (let i = 1; i <= t.budget + 1; i++) {
        const res = await ctx.http.send(t.path, { method: t.method, cookie: req.cookie, headers: req.headers, body: req.body });
        statuses.push(res.status);
        if (res.status === 429) {
          limited = { at: i, retryAfter: res.headers["retry-after"] };
          break;
        }
      }
      const counts = summarise(statuses);
      const evidence = `${statuses.length} × ${t.method} ${t.path} (budget ${t.budget}): ${counts}`;
      if (!limited) {
        findings.push(
          finding("rate-limit", "fail", {
            severity: isLogin(ctx, t) || isReset(t) ? "high" : "medium",
            message: `${t.method} ${t.path} was never throttled: ${t.budget + 1} requests in a row, no 429`,
            target: url,
            evidence,
            fix: `Throttle ${t.path} per client IP (and per account) to ${t.budget} requests per period, answering 429 with Retry-After: a Cloudflare rate limiting rule (the stack's sensitiveEndpoints) plus an app-level limiter.`,
          }),
        );
      } else if (!limited.retryAfter) {
        findings.push(finding("rate-limit", "warn", { severity: "low", message: `${t.method} ${t.path} is throttled (429 at request ${limited.at}) but without Retry-After`, target: url, evidence, fix: "Send Retry-After with every 429 (RFC 6585 §4) so clients back off instead of hammering.", mandatory: false }));
      } else {
        findings.push(finding("rate-limit", "pass", { message: `${t.method} ${t.path} answers 429 (Retry-After: ${limited.retryAfter}) at request ${limited.at} of budget ${t.budget}`, target: url, evidence }));
      }
    }
    if (findings.length === 0) findings.push(finding("rate-limit", "skip", { message: "no rate-limited endpoints known: use --stack, or list rateLimits in the verify file" }));
    return findings;
  },
};

function summarise(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${n}×${s}`).join(", ");
}
