import type { LiveCheck } from "../check";
import { finding } from "../check";
import { isFinding, sessionFor } from "./needs-session";

/** The session cookie is Secure, HttpOnly, SameSite Lax/Strict, with a bounded lifetime. */
export const sessionCookiesCheck: LiveCheck = {
  id: "session-cookies",
  title: "session cookie is Secure, HttpOnly, SameSite, short-lived",
  async run(ctx) {
    const session = await sessionFor(ctx, "session-cookies");
    if (isFinding(session)) return [session];
    const c = session.sessionCookie;
    const https = ctx.target.origin.startsWith("https:");
    const max = ctx.target.session.maxLifetimeSeconds;
    const lifetime = c.maxAge !== undefined ? c.maxAge : c.expires ? Math.round((new Date(c.expires).getTime() - Date.now()) / 1000) : undefined;
    const problems: string[] = [];
    if (!c.secure) problems.push(https ? "no Secure flag (sent over plain HTTP too)" : "no Secure flag");
    if (!c.httpOnly) problems.push("no HttpOnly flag (any injected script can steal it)");
    const sameSite = (c.sameSite ?? "").toLowerCase();
    if (sameSite !== "lax" && sameSite !== "strict") problems.push(`SameSite=${c.sameSite ?? "(unset)"} (want Lax or Strict)`);
    if (lifetime !== undefined && lifetime > max) problems.push(`lifetime ${lifetime} s exceeds ${max} s`);
    const attrs = [c.secure && "Secure", c.httpOnly && "HttpOnly", c.sameSite && `SameSite=${c.sameSite}`, lifetime !== undefined ? `lifetime ${lifetime} s` : "browser-session lifetime", c.path && `Path=${c.path}`]
      .filter(Boolean)
      .join("; ");
    const evidence = `cookie "${c.name}" (value not shown): ${attrs}`;
    const target = ctx.http.resolve(ctx.target.routes.login.path).href;
    if (problems.length > 0) {
      return [
        finding("session-cookies", "fail", {
          severity: c.httpOnly && c.secure ? "medium" : "high",
          message: `the session cookie "${c.name}" is not locked down: ${problems.join("; ")}`,
          target,
          evidence,
          fix: `Set the session cookie with Secure; HttpOnly; SameSite=Lax (or Strict); Path=/ and Max-Age of at most ${max} seconds (and expire it on the server too).`,
        }),
      ];
    }
    return [finding("session-cookies", "pass", { message: `the session cookie "${c.name}" is Secure, HttpOnly, SameSite=${c.sameSite} and short-lived`, target, evidence })];
  },
};
