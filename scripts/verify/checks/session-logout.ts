import type { LiveCheck } from "../check";
import { finding } from "../check";
import { cookieHeader } from "../sessions";
import { isFinding, sessionFor } from "./needs-session";

/** A session cookie replayed after logout is rejected: logout must end the session on the server, not just in the browser. */
export const sessionLogoutCheck: LiveCheck = {
  id: "session-logout",
  title: "logout invalidates the session on the server",
  async run(ctx) {
    const { target, http, sessions } = ctx;
    const probe = target.routes.protected.find((r) => r.startsWith("/api/")) ?? target.routes.protected[0];
    if (!probe) return [finding("session-logout", "skip", { message: "no protected route to replay the session against: list routes.protected in the verify file" })];
    const session = await sessionFor(ctx, "session-logout", undefined, true);
    if (isFinding(session)) return [session];
    const url = http.resolve(probe).href;
    const cookie = cookieHeader(session);
    const before = await http.send(probe, { cookie });
    if (before.status >= 300) {
      return [finding("session-logout", "warn", { severity: "medium", message: `${probe} refuses even a fresh session (${before.status}), so replay after logout proves nothing; pick a protected route the account can read`, target: url, mandatory: false })];
    }
    const { headers } = await sessions.authHeaders(session);
    const { path, method } = target.routes.logout;
    const out = await http.send(path, { method, cookie, headers });
    const after = await http.send(probe, { cookie });
    const evidence = `before logout ${before.status}; ${method} ${path} → ${out.status}; same cookie after logout → ${after.status}`;
    if (out.status >= 400) {
      return [finding("session-logout", "warn", { severity: "medium", message: `logout at ${method} ${path} failed (${out.status}); check routes.logout`, target: url, evidence, mandatory: false })];
    }
    if (after.status < 300) {
      return [
        finding("session-logout", "fail", {
          severity: "high",
          message: "a session cookie still works after logout: a stolen cookie outlives the user's logout",
          target: url,
          evidence,
          fix: "On logout, delete or revoke the session on the server (session store row, token denylist, rotated session version), not only the browser cookie; also expire sessions server-side after the idle timeout.",
        }),
      ];
    }
    return [finding("session-logout", "pass", { message: "a session cookie replayed after logout is rejected", target: url, evidence })];
  },
};
