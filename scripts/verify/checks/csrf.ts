import type { LiveCheck, VerifyContext } from "../check";
import { finding } from "../check";
import { cookieHeader } from "../sessions";
import { isFinding, sessionFor } from "./needs-session";

interface Probe {
  method: string;
  path: string;
  body?: Record<string, unknown>;
  as?: string;
  /** Logout ends the session it is sent with: use a session of its own. */
  fresh: boolean;
}

function probeFor(ctx: VerifyContext): Probe {
  const { target } = ctx;
  if (target.csrfProbe) return { ...target.csrfProbe, fresh: false };
  for (const r of target.tenantResources) {
    const method = (r.methods ?? []).find((m) => m === "PUT" || m === "PATCH" || m === "POST");
    if (method && r.paths?.[0]) return { method, path: r.paths[0], body: {}, as: r.owner, fresh: false };
  }
  return { ...target.routes.logout, fresh: true };
}

/** A state-changing request with the session cookie, from a cross-site origin, without the token, is rejected. */
export const csrfCheck: LiveCheck = {
  id: "csrf",
  title: "cross-site state changes without a token are rejected",
  async run(ctx) {
    const probe = probeFor(ctx);
    const session = await sessionFor(ctx, "csrf", probe.as, probe.fresh);
    if (isFinding(session)) return [session];
    const url = ctx.http.resolve(probe.path).href;
    const evil = ctx.target.cors.disallowedOrigin;
    const forged = await ctx.http.send(probe.path, {
      method: probe.method,
      cookie: cookieHeader(session),
      headers: { origin: evil, referer: `${evil}/`, "sec-fetch-site": "cross-site" },
      body: probe.body ?? {},
    });
    const evidence = `${probe.method} ${probe.path} with the session cookie, Origin ${evil}, no token → ${forged.status}`;
    if (forged.status < 400) {
      return [
        finding("csrf", "fail", {
          severity: "high",
          message: `${probe.method} ${probe.path} accepted a cross-site request without a CSRF token (${forged.status})`,
          target: url,
          evidence,
          fix: "Require a CSRF token (synchronizer or double-submit) on every state-changing request that a cookie authenticates, and reject requests whose Origin is not the portal's; keep SameSite=Lax on the session cookie as a second layer.",
        }),
      ];
    }
    // The same request from the portal itself, with the token, must work, or the refusal proves nothing.
    const { headers } = await ctx.sessions.authHeaders(session);
    const genuine = await ctx.http.send(probe.path, { method: probe.method, cookie: cookieHeader(session), headers, body: probe.body ?? {} });
    if (genuine.status >= 400) {
      return [finding("csrf", "warn", { severity: "medium", message: `${probe.method} ${probe.path} also refuses the genuine request with its token (${genuine.status}), so the refusal proves nothing; set csrf.probe in the verify file`, target: url, evidence: `${evidence}; with token → ${genuine.status}`, mandatory: false })];
    }
    return [finding("csrf", "pass", { message: "a cross-site request without the token is rejected; the same request with the token works", target: url, evidence: `${evidence}; with token from the portal's origin → ${genuine.status}` })];
  },
};
