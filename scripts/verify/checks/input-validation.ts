import type { Finding } from "../../lib/findings";
import type { LiveCheck, VerifyContext } from "../check";
import { finding, snippet } from "../check";
import type { HttpResponse } from "../http";
import { cookieHeader } from "../sessions";
import { isFinding, sessionFor } from "./needs-session";

/** Ids no handler should choke on: quotes, negatives, overflow, traversal, NUL, the literal "null". */
export const MALFORMED_IDS = ["%27%22%3Cx%3E", "-1", "9".repeat(40), "..%2F..%2F..%2Fetc%2Fpasswd", "%00", "null"];

/** Signs that an error page shows internals (Node, Python, Java, Ruby, PHP, SQL drivers). */
const LEAK_PATTERNS: [RegExp, string][] = [
  [/\bat [\w$.<>]+ \((?:[^()]*[\\/])?[^()]+\.(?:js|ts|mjs|cjs):\d+:\d+\)/, "a JavaScript stack trace"],
  [/\bat (?:[^\s()]*[\\/])[^\s()]+\.(?:js|ts|mjs|cjs):\d+:\d+/, "a JavaScript stack trace"],
  [/Traceback \(most recent call last\)/, "a Python traceback"],
  [/\bat [\w$.]+\([\w$]+\.java:\d+\)/, "a Java stack trace"],
  [/\.rb:\d+:in `/, "a Ruby backtrace"],
  [/(?:Fatal error|Stack trace):.*\.php/i, "a PHP error"],
  [/SQLSTATE\[|syntax error at or near|PG::|ORA-\d{5}|SQLITE_ERROR|MongoServerError/, "a database error"],
];

export function leaksInternals(body: string): string | undefined {
  return LEAK_PATTERNS.find(([re]) => re.test(body))?.[1];
}

const FIX =
  "Validate path ids and JSON bodies at the handler's edge (a schema: type, format, length, body size limit) and answer 400/404/413/422; catch everything else in one error handler that logs the details with a request id and returns a generic message without stack traces.";

/** Malformed ids, traversal strings, oversized and wrong-type payloads get 4xx — never 5xx or a stack trace. */
export const inputValidationCheck: LiveCheck = {
  id: "input-validation",
  title: "malformed ids and payloads get 4xx, never 5xx",
  async run(ctx) {
    const { target } = ctx;
    // Probes are grouped by the route they aim at, so one broken handler is one finding.
    const probes: { group: string; label: string; send: () => Promise<HttpResponse> }[] = [];
    const ids = new Set(target.tenantResources.flatMap((r) => r.ids ?? []));

    const idSession = await sessionFor(ctx, "input-validation", target.tenantResources[0]?.owner);
    const cookie = isFinding(idSession) ? undefined : cookieHeader(idSession);
    for (const path of target.inputValidation.idPaths.slice(0, 4)) {
      const segments = path.split("/");
      let at = segments.findIndex((s) => ids.has(s));
      if (at < 0) at = segments.length - 1;
      for (const bad of MALFORMED_IDS) {
        const probe = [...segments.slice(0, at), bad, ...segments.slice(at + 1)].join("/");
        probes.push({ group: `GET ${[...segments.slice(0, at), "{id}", ...segments.slice(at + 1)].join("/")}`, label: `GET ${probe}`, send: () => ctx.http.send(probe, { cookie }) });
      }
    }

    const payload = payloadTarget(ctx);
    if (payload) {
      const session = payload.as ? await sessionFor(ctx, "input-validation", payload.as) : undefined;
      const auth = session && !isFinding(session) ? await ctx.sessions.authHeaders(session) : { cookie: undefined, headers: {} };
      const json = { ...auth.headers, "content-type": "application/json" };
      const bodies: [string, string][] = [
        ["wrong-type JSON", JSON.stringify({ email: 12345, password: ["x"], note: { $gt: "" }, quantity: "lots", id: [1, 2] })],
        ["broken JSON", '{"note": "unterminated'],
        ["a 1 MiB body", JSON.stringify({ note: "A".repeat(1024 * 1024) })],
      ];
      for (const [what, body] of bodies) {
        probes.push({ group: `${payload.method} ${payload.path}`, label: `${payload.method} ${payload.path} with ${what}`, send: () => ctx.http.send(payload.path, { method: payload.method, cookie: auth.cookie, headers: json, body }) });
      }
    }
    if (probes.length === 0) return [finding("input-validation", "skip", { message: "nothing to probe: list tenantResources (or inputValidation.idPaths / inputValidation.payload) in the verify file" })];

    const findings: Finding[] = [];
    const failed = new Map<string, { evidence: string[]; leak?: string; statuses: Set<number> }>();
    let clean = 0;
    for (const p of probes) {
      const res = await p.send();
      const leak = leaksInternals(res.body);
      if (res.status >= 500 || leak) {
        const g = failed.get(p.group) ?? { evidence: [], statuses: new Set<number>() };
        g.evidence.push(`${p.label} → ${res.status}: ${snippet(res.body, 80) || "(empty)"}`);
        g.statuses.add(res.status);
        g.leak ??= leak;
        failed.set(p.group, g);
      } else clean++;
    }
    for (const [group, g] of failed) {
      findings.push(
        finding("input-validation", "fail", {
          severity: g.leak ? "high" : "medium",
          message: `${group}: ${g.evidence.length} malformed input(s) got ${[...g.statuses].join("/")}${g.leak ? ` with ${g.leak} in the body` : ""} instead of a 4xx`,
          target: `${target.origin}${group.split(" ")[1]}`,
          evidence: g.evidence.slice(0, 4).join("; ") + (g.evidence.length > 4 ? `; … ${g.evidence.length - 4} more` : ""),
          fix: FIX,
        }),
      );
    }
    if (clean === probes.length) findings.push(finding("input-validation", "pass", { message: `all ${probes.length} malformed ids and payloads got a clean answer (no 5xx, no stack trace)`, target: target.origin }));
    return findings;
  },
};

function payloadTarget(ctx: VerifyContext): { method: string; path: string; as?: string } | undefined {
  const { target } = ctx;
  if (target.inputValidation.payload) return { ...target.inputValidation.payload, as: target.inputValidation.payload.as ?? ctx.sessions.accountNames()[0] };
  for (const r of target.tenantResources) {
    const method = (r.methods ?? []).find((m) => m === "PUT" || m === "PATCH");
    if (method && r.paths?.[0]) return { method, path: r.paths[0], as: r.owner };
  }
  return { method: target.routes.login.method, path: target.routes.login.path };
}
