import * as path from "node:path";
import { portalHosts } from "../../infra/hostnames";
import type { PortalConfig } from "../../stacks/schema";
import { RoutesSchema } from "../../stacks/schema/routes";
import { SensitiveEndpointsSchema } from "../../stacks/schema/sensitive-endpoints";
import { UsageError } from "../lib/errors";
import { readStackPortal } from "../plan/stack-config";
import type { VerifyAccount, VerifyFile, TenantResource } from "./config-schema";

/** launch-ready's own project folder (where Pulumi.yaml is). */

export interface RateLimitTarget {
  name: string;
  path: string;
  method: string;
  budget: number;
  body?: Record<string, unknown>;
  as?: string;
}

/** Everything the checks need, resolved once: stack config, then the verify file, then flags. */
export interface VerifyTarget {
  /** `https://app.example.com` — every request goes here and nowhere else. */
  baseUrl: string;
  origin: string;
  /** Plain-HTTP origin the tls check asks for a redirect (same host). */
  httpUrl: string;
  timeoutMs: number;
  routes: {
    public: string[];
    protected: string[];
    admin: string[];
    health: string;
    loginPage: string;
    login: { path: string; method: string; body: Record<string, unknown>; sessionCookie?: string };
    logout: { path: string; method: string };
    csrf?: { tokenUrl: string; header: string };
  };
  accounts: Record<string, VerifyAccount>;
  tenantResources: TenantResource[];
  cors: { allowedOrigins: string[]; disallowedOrigin: string };
  csrfProbe?: { method: string; path: string; body?: Record<string, unknown>; as?: string };
  rateLimits: RateLimitTarget[];
  latency: { endpoints: string[]; p95Ms: number; requests: number; connections: number; as?: string };
  health: { maxMs: number };
  session: { maxLifetimeSeconds: number };
  tls: { minDaysLeft: number };
  inputValidation: { idPaths: string[]; payload?: { method: string; path: string; as?: string } };
  email: { domain?: string; dnsServer?: string; selectors?: string[] };
  /** Where the target came from, for the report title. */
  source: string;
}

export interface ResolveOptions {
  stack?: string;
  url?: string;
  file?: VerifyFile;
  projectDir?: string;
}

/** Reads and parses a stack's portal config (no Pulumi program, no secrets needed). */
export function readPortalConfigForStack(stack: string, projectDir?: string): PortalConfig {
  return readStackPortal(stack, projectDir).config;
}

/** `/app/*` is probed as `/app`: a wildcard names a subtree, its root is the route a visitor meets. */
function concrete(route: string): string {
  const bare = route.replace(/\/?\*$/, "");
  return bare === "" ? "/" : bare;
}

function normaliseBase(url: string, flag: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${flag} ${url}: not a URL; expected an origin such as https://app.example.com`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new UsageError(`${flag} ${url}: expected an http:// or https:// URL`);
  if (parsed.username || parsed.password) throw new UsageError(`${flag}: credentials in the URL are not accepted; put test accounts in the verify file`);
  return parsed;
}

export function resolveTarget(opts: ResolveOptions): VerifyTarget {
  if (!opts.stack && !opts.url && !opts.file?.baseUrl) throw new UsageError("give --stack S or --url URL (or baseUrl in the verify file): which portal to verify");
  const portal = opts.stack ? readPortalConfigForStack(opts.stack, opts.projectDir) : undefined;
  const file = opts.file ?? {};
  const routeDefaults = portal?.routes ?? RoutesSchema.parse({});
  const sensitive = portal?.sensitiveEndpoints ?? SensitiveEndpointsSchema.parse({});

  const baseText = opts.url ?? file.baseUrl ?? (portal ? `https://${portalHosts(portal).app}` : undefined)!;
  const base = normaliseBase(baseText, opts.url ? "--url" : file.baseUrl ? "baseUrl" : "--stack");
  const origin = base.origin;

  // The plain-HTTP twin is the only other address verify contacts: it must be the same host.
  if (file.tls?.httpUrl && new URL(file.tls.httpUrl).hostname !== base.hostname) {
    throw new UsageError(`tls.httpUrl ${file.tls.httpUrl}: must be on the portal's host (${base.hostname}); verify never contacts another host`);
  }
  const healthRoute = file.routes?.health ?? routeDefaults.health;
  const protectedDefault = [...routeDefaults.portal, ...routeDefaults.api]
    .map(concrete)
    .filter((r) => r !== healthRoute);
  const protectedRoutes = file.routes?.protected ?? [...new Set(protectedDefault)];
  const publicRoutes = file.routes?.public ?? routeDefaults.public.map(concrete);

  const rateLimits: RateLimitTarget[] = file.rateLimits
    ? file.rateLimits.map((r) => ({ name: r.path, path: r.path, method: r.method, budget: r.budget, body: r.body, as: r.as }))
    : (Object.entries(sensitive) as [string, { path: string; methods: string[]; requests: number }][]).map(([name, e]) => ({
        name,
        path: e.path,
        method: e.methods[0],
        budget: e.requests,
      }));

  const allowedOrigins = file.cors?.allowedOrigins ?? (portal && portal.cors.allowedOrigins.length > 0 ? portal.cors.allowedOrigins : [origin]);
  const latencyDefault = [publicRoutes[0] ?? "/", healthRoute, ...protectedRoutes.filter((r) => r.startsWith("/api/"))].filter(Boolean);

  return {
    baseUrl: origin,
    origin,
    httpUrl: (file.tls?.httpUrl ?? `http://${base.hostname.includes(":") ? `[${base.hostname}]` : base.hostname}`).replace(/\/$/, ""),
    timeoutMs: file.timeoutMs ?? 10_000,
    routes: {
      public: publicRoutes,
      protected: protectedRoutes,
      admin: file.routes?.admin ?? routeDefaults.admin.map(concrete),
      health: healthRoute,
      loginPage: file.routes?.loginPage ?? routeDefaults.loginPage,
      login: {
        path: file.routes?.login?.path ?? sensitive.login.path,
        method: file.routes?.login?.method ?? "POST",
        body: file.routes?.login?.body ?? { email: "${email}", password: "${password}" },
        sessionCookie: file.routes?.login?.sessionCookie,
      },
      logout: file.routes?.logout ?? { path: "/api/auth/logout", method: "POST" },
      csrf: file.routes?.csrf,
    },
    accounts: file.accounts ?? {},
    tenantResources: file.tenantResources ?? [],
    cors: { allowedOrigins, disallowedOrigin: file.cors?.disallowedOrigin ?? "https://evil.launch-ready.invalid" },
    csrfProbe: file.csrf?.probe,
    rateLimits,
    latency: {
      endpoints: file.latency?.endpoints ?? [...new Set(latencyDefault)],
      p95Ms: file.latency?.p95Ms ?? 500,
      requests: file.latency?.requests ?? 100,
      connections: file.latency?.connections ?? 4,
      as: file.latency?.as,
    },
    health: { maxMs: file.health?.maxMs ?? 1000 },
    session: { maxLifetimeSeconds: file.session?.maxLifetimeSeconds ?? 86_400 },
    tls: { minDaysLeft: file.tls?.minDaysLeft ?? 14 },
    inputValidation: {
      idPaths: file.inputValidation?.idPaths ?? [...new Set(file.tenantResources?.flatMap((r) => r.paths ?? []) ?? [])],
      payload: file.inputValidation?.payload,
    },
    email: { domain: file.email?.domain ?? portal?.email.sendingDomain, dnsServer: file.email?.dnsServer, selectors: file.email?.selectors },
    source: opts.stack ? `--stack ${opts.stack}` : `--url ${origin}`,
  };
}
