import type { Finding } from "../../lib/findings";
import type { LiveCheck } from "../check";
import { finding, snippet } from "../check";
import { knownPrivateMarkers, leakedMarkers, markersFromJson } from "../private-data";
import { cookieHeader } from "../sessions";

const FIX =
  "Enforce the session at the server boundary of every protected page and API route (middleware that runs before any data is loaded, including server-side rendering): answer 401/403 for APIs and redirect pages to the login page, with an empty body.";

/** Every protected page and API route, requested logged out, is rejected or redirected to login — and leaks nothing. */
export const authBoundaryCheck: LiveCheck = {
  id: "auth-boundary",
  title: "protected routes refuse logged-out visitors",
  async run(ctx) {
    const { target, http, sessions } = ctx;
    const routes = [...new Set([...target.routes.protected, ...target.routes.admin])];
    if (routes.length === 0) return [finding("auth-boundary", "skip", { message: "no protected routes known: list routes.protected in the verify file" })];
    const account = sessions.accountNames()[0];
    const session = account ? await sessions.get(account).catch(() => undefined) : undefined;
    const baseMarkers = knownPrivateMarkers(target);
    const findings: Finding[] = [];
    const passed: string[] = [];
    for (const route of routes) {
      const url = http.resolve(route).href;
      // What this route shows a signed-in user tells what a leak would look like.
      const markers = [...baseMarkers];
      if (session) {
        const signedIn = await http.send(route, { cookie: cookieHeader(session) });
        if (signedIn.status < 300) markers.push(...markersFromJson(signedIn.body));
      }
      const res = await http.send(route);
      const leaks = leakedMarkers(res.body, [...new Set(markers)]);
      const location = res.headers.location ?? "";
      const evidence = `logged out: ${res.status}${location ? ` → ${location}` : ""}; body: ${snippet(res.body, 80) || "(empty)"}`;
      if (leaks.length > 0) {
        findings.push(finding("auth-boundary", "fail", { severity: "critical", message: `${route} shows private data to a logged-out visitor (${res.status})`, target: url, evidence: `${evidence}; contains ${leaks.length} private value(s) such as ${leaks[0]}`, fix: FIX }));
      } else if (res.status === 401 || res.status === 403) {
        passed.push(`${route} ${res.status}`);
      } else if (res.status >= 300 && res.status < 400) {
        let to: URL | undefined;
        try {
          to = new URL(location, url);
        } catch {
          to = undefined;
        }
        const toLogin = to && (to.origin !== target.origin || to.pathname.startsWith(target.routes.loginPage) || /log-?in|sign-?in|auth/i.test(to.pathname));
        if (toLogin) passed.push(`${route} ${res.status} → ${to!.pathname}`);
        else findings.push(finding("auth-boundary", "warn", { severity: "medium", message: `${route} redirects a logged-out visitor to ${location || "nowhere"}, not to the login page`, target: url, evidence, fix: FIX, mandatory: false }));
      } else if (res.status === 404) {
        findings.push(finding("auth-boundary", "warn", { severity: "low", message: `${route} was not found (404): list real protected routes in the verify file (routes.protected) so the check proves something`, target: url, evidence, mandatory: false }));
      } else if (res.status < 300) {
        findings.push(finding("auth-boundary", "fail", { severity: "critical", message: `${route} answers ${res.status} to a logged-out visitor instead of 401/403 or a redirect to login`, target: url, evidence, fix: FIX }));
      } else {
        findings.push(finding("auth-boundary", "fail", { severity: "medium", message: `${route} answers ${res.status} to a logged-out visitor: an error is not a rejection`, target: url, evidence, fix: FIX }));
      }
    }
    if (passed.length > 0) findings.unshift(finding("auth-boundary", "pass", { message: `${passed.length} protected route(s) refuse logged-out visitors and leak nothing`, target: target.origin, evidence: passed.join("; ") }));
    return findings;
  },
};
