import type { Finding } from "../../lib/findings";
import type { LiveCheck } from "../check";
import { finding } from "../check";
import type { HttpResponse } from "../http";

const FIX =
  "Answer CORS from an explicit allowlist (the stack's cors.allowedOrigins): echo Access-Control-Allow-Origin only for a listed origin, with Vary: Origin; never reflect the request's Origin, never allow \"null\", never combine * with Access-Control-Allow-Credentials.";

function reflected(res: HttpResponse, origin: string): string | undefined {
  const acao = res.headers["access-control-allow-origin"];
  const credentials = (res.headers["access-control-allow-credentials"] ?? "").toLowerCase() === "true";
  if (acao === origin) return `Access-Control-Allow-Origin: ${acao}${credentials ? " with credentials" : ""}`;
  if (acao === "*" && credentials) return "Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true";
  return undefined;
}

/** A disallowed Origin is never reflected, never * with credentials; allowed origins work. */
export const corsCheck: LiveCheck = {
  id: "cors",
  title: "CORS allowlist: no reflection, no * with credentials",
  async run({ target, http }) {
    const routes = [...new Set([...target.routes.protected.filter((r) => r.startsWith("/api")), target.routes.health])].slice(0, 3);
    const findings: Finding[] = [];
    const checked: string[] = [];
    const bad = target.cors.disallowedOrigin;
    for (const route of routes) {
      const url = http.resolve(route).href;
      const attempts: [string, () => Promise<HttpResponse>, string][] = [
        [`GET with Origin: ${bad}`, () => http.send(route, { headers: { origin: bad } }), bad],
        [`preflight from ${bad}`, () => http.send(route, { method: "OPTIONS", headers: { origin: bad, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" } }), bad],
        ["GET with Origin: null", () => http.send(route, { headers: { origin: "null" } }), "null"],
      ];
      const allowedHere: string[] = [];
      for (const [label, send, origin] of attempts) {
        const res = await send();
        const why = reflected(res, origin);
        if (why) allowedHere.push(`${label} → ${res.status}; ${why}`);
        else checked.push(`${route} ${label} → ACAO ${res.headers["access-control-allow-origin"] ?? "(none)"}`);
      }
      if (allowedHere.length > 0) {
        findings.push(finding("cors", "fail", { severity: "high", message: `${route} lets a disallowed origin read its responses${allowedHere.some((e) => e.includes("credentials")) ? " with the user's cookies" : ""} (${allowedHere.length} of ${attempts.length} attempts)`, target: url, evidence: allowedHere.join("; "), fix: FIX }));
      }
    }
    // Allowed origins (other than the portal itself, which needs no CORS) must get through a preflight.
    const api = routes[0];
    for (const allowed of target.cors.allowedOrigins.filter((o) => o !== target.origin)) {
      if (!api) break;
      const res = await http.send(api, { method: "OPTIONS", headers: { origin: allowed, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
      const acao = res.headers["access-control-allow-origin"];
      if (acao !== allowed) {
        findings.push(finding("cors", "fail", { severity: "low", message: `the allowed origin ${allowed} is refused by a preflight to ${api}`, target: http.resolve(api).href, evidence: `preflight → ${res.status}; Access-Control-Allow-Origin: ${acao ?? "(none)"}`, fix: "Add the origin to the API's CORS allowlist, or remove it from cors.allowedOrigins.", mandatory: false }));
      } else checked.push(`${api} preflight from allowed ${allowed} → ACAO ${acao}`);
    }
    if (!findings.some((f) => f.status === "fail" && f.mandatory !== false)) {
      findings.unshift(finding("cors", "pass", { message: `no disallowed origin is reflected on ${routes.length} API route(s)`, target: target.origin, evidence: checked.join("; ") }));
    }
    return findings;
  },
};
