import { z } from "zod";

/**
 * The verify file (CLI.md, "The verify file"): what only a tester has — test
 * accounts, tenant-owned resource ids, budgets. Everything is optional: with
 * `--stack` the routes, CORS origins, rate limits and email domain come from
 * the stack config, and a key written here overrides what the stack says.
 * Values `${NAME}` are read from the environment (config-file.ts).
 */

const path = z
  .string({ error: "expected a path such as /api/orders" })
  .regex(/^\/[^\s#]*$/, { error: "expected a path that starts with / (no spaces, no #), such as /api/orders" });

const method = z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"], { error: "expected one of GET, POST, PUT, PATCH, DELETE" });
const stateChangingMethod = z.enum(["POST", "PUT", "PATCH", "DELETE"], { error: "expected one of POST, PUT, PATCH, DELETE" });

const baseUrl = z
  .string({ error: "expected a URL such as https://app.example.com" })
  .regex(/^https?:\/\/[^\s/?#]+\/?$/i, { error: "expected an http(s) origin with no path, such as https://app.example.com" });

const origin = z
  .string({ error: "expected an origin such as https://app.example.com" })
  .regex(/^https?:\/\/[^\s/?#]+$/i, { error: "expected an origin with scheme and host and no path or trailing slash, such as https://app.example.com" });

const positiveInt = (what: string, max: number) =>
  z
    .number({ error: `expected a whole number of ${what}` })
    .int({ error: `expected a whole number of ${what}` })
    .min(1, { error: `must be at least 1 ${what}` })
    .max(max, { error: `must be at most ${max} ${what}` });

const jsonBody = z.record(z.string(), z.unknown(), { error: "expected a JSON object (key: value pairs)" });

/** One account name from `accounts:`, e.g. buyerA. */
const accountName = z.string({ error: "expected the name of an account listed under accounts:, such as buyerA" }).min(1);

const RoutesSchema = z
  .object({
    /** Marketing pages, reachable logged out and indexable. @default the stack's routes.public, else ["/"] */
    public: z.array(path).optional(),
    /** Portal pages and API routes that must refuse a logged-out visitor. @default the stack's portal and API routes */
    protected: z.array(path).optional(),
    /** Admin pages. @default the stack's routes.admin */
    admin: z.array(path).optional(),
    /** @default the stack's routes.health, else /api/health */
    health: path.optional(),
    /** Where logged-out visitors are sent. @default the stack's routes.loginPage, else /login */
    loginPage: path.optional(),
    /** How a test account signs in. `${email}`, `${password}` (any account field) are filled from the account. */
    login: z
      .object({
        /** @default the stack's sensitiveEndpoints.login.path, else /api/auth/login */
        path: path.optional(),
        /** @default POST */
        method: method.default("POST"),
        /** JSON body. @default { email: "${email}", password: "${password}" } */
        body: jsonBody.optional(),
        /** Name of the session cookie. @default the first cookie the login sets whose name looks like a session (sid, session, auth, token) */
        sessionCookie: z.string().min(1).optional(),
      })
      .strict()
      .optional(),
    /** @default { path: /api/auth/logout, method: POST } */
    logout: z.object({ path, method: method.default("POST") }).strict().optional(),
    /** Where a page gets its CSRF token and the header it goes back in. @default none (then the csrf check sends no token at all) */
    csrf: z
      .object({
        tokenUrl: path,
        /** @default X-CSRF-Token */
        header: z.string().min(1).default("X-CSRF-Token"),
      })
      .strict()
      .optional(),
  })
  .strict();

const AccountSchema = z
  .object({
    email: z.string({ error: "expected the account's login email" }).min(3, { error: "expected the account's login email" }),
    password: z.string({ error: 'expected a password; write it as "${ENV_VAR}" so it comes from the environment' }).min(1, { error: "must not be empty" }),
    /** Tenant (organisation) the account belongs to; two accounts in different tenants make the isolation check. */
    tenant: z.string().min(1).optional(),
  })
  .loose();

/** Resources account `owner` has; every other account must not reach them. */
const TenantResourceSchema = z
  .object({
    owner: accountName,
    /** Detail, update, delete, invoice/file-download paths of the owner's records. */
    paths: z.array(path).optional(),
    /** @default [GET] */
    methods: z.array(method).min(1, { error: "list at least one method, such as GET" }).optional(),
    /** A list endpoint whose response must never include `ids` for another account. */
    list: path.optional(),
    /** The owner's record ids (appear in lists, and are swapped into query strings and bodies). */
    ids: z.array(z.string().min(1)).optional(),
    /** Requests that name the owner's ids in a JSON body (exports, bulk actions). */
    requests: z.array(z.object({ method: stateChangingMethod, path, body: jsonBody }).strict()).optional(),
  })
  .strict()
  .refine((r) => Boolean(r.paths?.length || r.list || r.requests?.length), { error: "give paths, list or requests: what the owner has that others must not reach" })
  .refine((r) => !r.list || Boolean(r.ids?.length), { error: "a list needs ids: the owner's record ids that must never appear in another account's list", path: ["ids"] });

const RateLimitSchema = z
  .object({
    path,
    /** @default POST */
    method: method.default("POST"),
    /** Requests allowed before a 429 is due. */
    budget: positiveInt("requests", 1000),
    /** JSON body; login and password reset default to the first account's email (and a wrong password). */
    body: jsonBody.optional(),
    /** Send the requests with this account's session (invites, exports). @default none for login and password reset, else the first account */
    as: accountName.optional(),
  })
  .strict();

export const VerifyFileSchema = z
  .object({
    /** The portal's origin. @default https://<app host> of the stack; `--url` overrides both */
    baseUrl: baseUrl.optional(),
    /** Bound on every request, in milliseconds. @default 10000 */
    timeoutMs: positiveInt("milliseconds", 120_000).optional(),
    routes: RoutesSchema.optional(),
    /** Test accounts, normally two in different tenants. Passwords come from "${ENV_VAR}". */
    accounts: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, { error: "expected an account name such as buyerA" }), AccountSchema).optional(),
    tenantResources: z.array(TenantResourceSchema).optional(),
    cors: z
      .object({
        /** @default the stack's cors.allowedOrigins, else the portal's own origin */
        allowedOrigins: z.array(origin).optional(),
        /** An origin that must never be allowed. @default https://evil.launch-ready.invalid */
        disallowedOrigin: origin.optional(),
      })
      .strict()
      .optional(),
    csrf: z
      .object({
        /** A state-changing request the csrf check replays without a token. @default the first PUT/PATCH/POST of tenantResources, else logout */
        probe: z.object({ method: stateChangingMethod, path, body: jsonBody.optional(), as: accountName.optional() }).strict().optional(),
      })
      .strict()
      .optional(),
    /** @default the stack's sensitiveEndpoints (login, password reset, invite, export) */
    rateLimits: z.array(RateLimitSchema).optional(),
    latency: z
      .object({
        /** @default the first public route, the health route and the protected API routes without wildcards */
        endpoints: z.array(path).min(1, { error: "list at least one endpoint, such as /api/health" }).optional(),
        /** @default 500 */
        p95Ms: positiveInt("milliseconds", 60_000).optional(),
        /** Requests per endpoint. @default 100 */
        requests: positiveInt("requests", 5000).optional(),
        /** Concurrent connections. @default 4 */
        connections: positiveInt("connections", 64).optional(),
        /** Session used for the load (protected endpoints). @default the first account */
        as: accountName.optional(),
      })
      .strict()
      .optional(),
    health: z.object({ /** @default 1000 */ maxMs: positiveInt("milliseconds", 60_000).optional() }).strict().optional(),
    session: z.object({ /** Longest acceptable session cookie lifetime. @default 86400 (one day) */ maxLifetimeSeconds: positiveInt("seconds", 31_536_000).optional() }).strict().optional(),
    tls: z
      .object({
        /** Plain-HTTP address that must redirect to HTTPS. @default http://<host of baseUrl> */
        httpUrl: z.string().regex(/^http:\/\/[^\s/?#]+\/?$/i, { error: "expected an http:// origin such as http://app.example.com" }).optional(),
        /** Warn when the certificate expires within this many days. @default 14 */
        minDaysLeft: positiveInt("days", 365).optional(),
      })
      .strict()
      .optional(),
    inputValidation: z
      .object({
        /** Paths whose last segment is an id (malformed ids go there). @default the tenantResources paths */
        idPaths: z.array(path).optional(),
        /** Where wrong-type, broken and oversized JSON bodies go. @default the first PUT/PATCH of tenantResources, else the login route */
        payload: z.object({ method: stateChangingMethod, path, as: accountName.optional() }).strict().optional(),
      })
      .strict()
      .optional(),
    email: z
      .object({
        /** @default the stack's email.sendingDomain */
        domain: z.string().min(1).optional(),
        /** host:port of a DNS server to ask instead of the system resolver. */
        dnsServer: z.string().regex(/^[^\s:]+:\d{1,5}$/, { error: "expected host:port, such as 127.0.0.1:5353" }).optional(),
        /** DKIM selectors to look up. */
        selectors: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type VerifyFile = z.infer<typeof VerifyFileSchema>;
export type VerifyAccount = z.infer<typeof AccountSchema>;
export type TenantResource = z.infer<typeof TenantResourceSchema>;
export type RateLimitSpec = z.infer<typeof RateLimitSchema>;
