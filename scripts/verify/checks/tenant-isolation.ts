import type { Finding } from "../../lib/findings";
import type { LiveCheck, VerifyContext } from "../check";
import { finding } from "../check";
import type { TenantResource } from "../config-schema";
import type { HttpResponse } from "../http";
import { leakedMarkers } from "../private-data";
import { cookieHeader, type Session } from "../sessions";
import { isFinding, sessionFor } from "./needs-session";

const FIX =
  "Scope every query by the tenant (and user) taken from the session, in each handler: detail, update, delete, list, export and file download. Never trust ids or ownership fields sent by the client; answer 404 (or 403) for another tenant's record.";

/** Query parameters a portal might trust to pick whose records to return. */
const ID_PARAMS = ["id", "ids"];
const OWNER_PARAMS = ["tenantId", "accountId", "ownerId", "userId"];

interface Attempt {
  label: string;
  res: HttpResponse;
  /** Values that must not appear in the response. */
  markers: string[];
  /** A list may answer 200: it leaks only if it names the owner's ids. */
  list?: boolean;
}

async function send(ctx: VerifyContext, session: Session, method: string, path: string, body?: unknown): Promise<HttpResponse> {
  if (method === "GET") return ctx.http.send(path, { cookie: cookieHeader(session) });
  const { cookie, headers } = await ctx.sessions.authHeaders(session);
  // An empty JSON object for updates: harmless if refused, and enough to reach the handler.
  return ctx.http.send(path, { method, cookie, headers, body: method === "DELETE" ? body : (body ?? {}) });
}

/** For resources owned by account A, account B gets 403/404 and lists never include A's ids. */
export const tenantIsolationCheck: LiveCheck = {
  id: "tenant-isolation",
  title: "another tenant cannot reach an account's records",
  async run(ctx) {
    const { target, sessions } = ctx;
    if (target.tenantResources.length === 0) {
      return [finding("tenant-isolation", "skip", { message: "needs tenantResources in the verify file: records account A owns (detail/update/delete/export/download paths, a list endpoint and ids) and a second account in another tenant" })];
    }
    const findings: Finding[] = [];
    const refused: string[] = [];
    for (const r of target.tenantResources) {
      const otherName = sessions.otherThan(r.owner);
      if (!otherName) {
        findings.push(finding("tenant-isolation", "skip", { message: `needs a second account besides ${r.owner} (in another tenant) in the verify file` }));
        continue;
      }
      const owner = await sessionFor(ctx, "tenant-isolation", r.owner);
      const other = await sessionFor(ctx, "tenant-isolation", otherName);
      if (isFinding(owner) || isFinding(other)) {
        findings.push(...[owner, other].filter(isFinding));
        continue;
      }
      const markers = [...new Set([...(r.ids ?? []), target.accounts[r.owner].email])];
      const attempts: Attempt[] = [];
      await controls(ctx, r, owner, findings);
      for (const path of r.paths ?? []) {
        for (const method of r.methods ?? ["GET"]) {
          attempts.push({ label: `${method} ${path}`, res: await send(ctx, other, method, path), markers });
        }
      }
      if (r.list) {
        attempts.push({ label: `GET ${r.list}`, res: await send(ctx, other, "GET", r.list), markers: r.ids ?? [], list: true });
        const ownerTenant = target.accounts[r.owner].tenant;
        const swaps = [
          ...ID_PARAMS.map((p) => [p, r.ids![0]] as const),
          ...(ownerTenant ? OWNER_PARAMS.map((p) => [p, ownerTenant] as const) : []),
        ];
        for (const [param, value] of swaps) {
          const u = new URL(r.list, target.origin);
          u.searchParams.set(param, value);
          const path = `${u.pathname}${u.search}`;
          attempts.push({ label: `GET ${path}`, res: await send(ctx, other, "GET", path), markers: r.ids ?? [], list: true });
        }
      }
      for (const req of r.requests ?? []) {
        attempts.push({ label: `${req.method} ${req.path} (body names ${r.owner}'s ids)`, res: await send(ctx, other, req.method, req.path, req.body), markers });
      }
      for (const a of attempts) {
        const leaks = leakedMarkers(a.res.body, a.markers);
        const reached = a.list ? leaks.length > 0 : a.res.status < 400 || leaks.length > 0;
        const evidence = `as ${otherName}: ${a.label} → ${a.res.status}${leaks.length ? `; response contains ${r.owner}'s ${leaks.slice(0, 3).join(", ")}` : ""}`;
        if (reached) {
          findings.push(finding("tenant-isolation", "fail", { severity: "critical", message: `${otherName} reached ${r.owner}'s data: ${a.label} answered ${a.res.status}`, target: ctx.http.resolve(a.label.split(" ")[1]).href, evidence, fix: FIX }));
        } else if (a.res.status >= 500) {
          findings.push(finding("tenant-isolation", "warn", { severity: "medium", message: `${a.label} as ${otherName} failed with ${a.res.status}: not a leak, but not a clean refusal either`, evidence, fix: FIX, mandatory: false }));
        } else refused.push(`${a.label} → ${a.res.status}`);
      }
    }
    if (refused.length > 0 && !findings.some((f) => f.status === "fail")) {
      findings.unshift(finding("tenant-isolation", "pass", { message: `another tenant was refused on all ${refused.length} attempts (path, query and body id swaps)`, target: target.origin, evidence: refused.join("; ") }));
    }
    return findings;
  },
};

/** The owner must reach their own records, or the refusals above prove nothing. */
async function controls(ctx: VerifyContext, r: TenantResource, owner: Session, findings: Finding[]): Promise<void> {
  const gets = (r.methods ?? ["GET"]).includes("GET") ? (r.paths ?? []) : [];
  for (const path of gets.slice(0, 3)) {
    const res = await send(ctx, owner, "GET", path);
    if (res.status >= 300) {
      findings.push(finding("tenant-isolation", "warn", { severity: "medium", message: `${r.owner} cannot read their own ${path} (${res.status}): fix tenantResources, or the refusals prove nothing`, target: ctx.http.resolve(path).href, mandatory: false }));
    }
  }
  if (r.list && r.ids?.length) {
    const res = await send(ctx, owner, "GET", r.list);
    if (leakedMarkers(res.body, r.ids).length === 0) {
      findings.push(finding("tenant-isolation", "warn", { severity: "medium", message: `${r.owner}'s own list ${r.list} shows none of ids ${r.ids.join(", ")} (${res.status}): fix tenantResources, or the list check proves nothing`, target: ctx.http.resolve(r.list).href, mandatory: false }));
    }
  }
}
