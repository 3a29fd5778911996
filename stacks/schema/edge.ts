import { z } from "zod";
import { domainName, emailAddress } from "./primitives";

/**
 * The Cloudflare edge in front of the portal: zone TLS, DNS hygiene,
 * redirects, WAF, the general API rate limit, cache, response headers and
 * the admin Access application. Every default is the safe choice; every key
 * that weakens security is accepted only when written explicitly, and the
 * plan prints a warning for it.
 */

const onOff = (what: string) => z.boolean({ error: `expected true or false (${what})` });

const TlsSchema = z
  .object({
    /**
     * Cloudflare → origin encryption. `strict` validates the origin certificate;
     * `full` encrypts without validating it (weaker: warned). `flexible` and `off`
     * send traffic to the origin in clear and are refused.
     * @default "strict"
     */
    sslMode: z.enum(["strict", "full"], { error: "expected strict (or full, which skips origin certificate validation); flexible and off are refused because they send traffic to the origin unencrypted" }).default("strict"),
    /**
     * Oldest TLS version visitors may use. TLS 1.0/1.1 are deprecated (RFC 8996) and refused.
     * @default "1.2"
     */
    minTlsVersion: z.enum(["1.2", "1.3"], { error: "expected 1.2 or 1.3 (TLS 1.0 and 1.1 are deprecated by RFC 8996)" }).default("1.2"),
    /** Offer TLS 1.3. @default true */
    tls13: onOff("offer TLS 1.3").default(true),
    /** Redirect every http:// request to https:// at the edge. @default true */
    alwaysUseHttps: onOff("redirect HTTP to HTTPS").default(true),
    /** Rewrite http:// links in pages to https:// (avoids mixed content). @default true */
    automaticHttpsRewrites: onOff("rewrite http links").default(true),
    /** Strict-Transport-Security (RFC 6797), sent by the edge on every HTTPS response. */
    hsts: z
      .object({
        /** @default true */
        enabled: onOff("send HSTS").default(true),
        /**
         * max-age in seconds; at least one year (31536000) unless you accept a warning.
         * @default 31536000
         */
        maxAgeSeconds: z.number({ error: "expected a number of seconds" }).int({ error: "expected a whole number of seconds" }).min(0, { error: "must be 0 or more seconds" }).max(63_072_000, { error: "must be at most 63072000 seconds (two years)" }).default(31_536_000),
        /** includeSubDomains. @default true */
        includeSubdomains: onOff("includeSubDomains").default(true),
        /**
         * preload. Only when asked: submitting to the browser preload list is hard to undo.
         * @default false
         */
        preload: onOff("HSTS preload").default(false),
      })
      .strict()
      .prefault({}),
    /**
     * Authenticated origin pulls: Cloudflare presents a client certificate to the
     * origin so the origin can refuse anything that bypasses the edge.
     * @default false
     */
    authenticatedOriginPulls: onOff("authenticated origin pulls").default(false),
  })
  .strict()
  .prefault({});

const SecuritySchema = z
  .object({
    /**
     * Cloudflare's security level (how eagerly visitors with a poor IP reputation are challenged).
     * `low` and `essentially_off` are weaker and warned.
     * @default "medium"
     */
    level: z.enum(["essentially_off", "low", "medium", "high", "under_attack"], { error: "expected one of medium, high, under_attack (or low, essentially_off, which are warned)" }).default("medium"),
    /** Browser Integrity Check (blocks requests with headers typical of abusive bots). @default true */
    browserIntegrityCheck: onOff("browser integrity check").default(true),
  })
  .strict()
  .prefault({});

const caaIssuer = z
  .string({ error: "expected a certificate authority's CAA domain, such as letsencrypt.org" })
  .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { error: "expected a CA's CAA issuer domain such as letsencrypt.org, pki.goog or ssl.com" });

const DnsHygieneSchema = z
  .object({
    /**
     * Certificate authorities allowed to issue for the zone (CAA, RFC 8659). The
     * default lists the CAs Cloudflare's Universal SSL uses, so edge certificates
     * keep renewing. An empty list removes CAA (warned).
     * @default ["letsencrypt.org", "pki.goog", "ssl.com"]
     */
    caaIssuers: z
      .array(caaIssuer)
      .refine((list) => new Set(list).size === list.length, { error: "list each certificate authority once: Cloudflare refuses identical CAA records" })
      .default(["letsencrypt.org", "pki.goog", "ssl.com"]),
    /** Where CAs report refused issuance (CAA iodef), e.g. security@example.com. @default none */
    caaReportEmail: emailAddress.optional(),
    /** Sign the zone (DNSSEC). The DS record must then be added at the registrar. @default true */
    dnssec: onOff("DNSSEC").default(true),
    /**
     * A proxied wildcard record `*.<apex>` pointing at the app host. Off by default:
     * a wildcard answers for every name, widening what the edge serves (warned).
     * @default false
     */
    wildcard: onOff("wildcard record").default(false),
  })
  .strict()
  .prefault({});

const RedirectSchema = z
  .object({
    /**
     * The canonical marketing host: `apex` redirects www → apex, `www` redirects apex → www.
     * @default "apex"
     */
    canonicalHost: z.enum(["apex", "www"], { error: "expected apex (www redirects to the apex) or www (the apex redirects to www)" }).default("apex"),
    /** 301 (permanent) or 308 (permanent, keeps the method). @default 301 */
    statusCode: z.union([z.literal(301), z.literal(308)], { error: "expected 301 or 308 (a permanent redirect)" }).default(301),
  })
  .strict()
  .prefault({});

const countryCode = z
  .string({ error: "expected a two-letter country code such as RU" })
  .regex(/^(?:[A-Z]{2}|T1)$/, { error: "expected an ISO 3166-1 alpha-2 country code in capitals, such as RU (or T1 for Tor)" });
const asn = z
  .number({ error: "expected an AS number such as 64496" })
  .int({ error: "expected a whole AS number" })
  .min(1, { error: "expected an AS number from 1 to 4294967295" })
  .max(4_294_967_295, { error: "expected an AS number from 1 to 4294967295" });

const apiMethod = z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"], {
  error: "expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
});

const WafSchema = z
  .object({
    /**
     * Deploy the managed rulesets the plan allows: Cloudflare Managed + OWASP Core on
     * paid plans, the Free Managed Ruleset on free. Off is warned.
     * @default true
     */
    managedRules: onOff("managed WAF rulesets").default(true),
    /**
     * OWASP Core Ruleset anomaly threshold (paid plans): 60 low, 40 medium, 25 high
     * sensitivity. Requests scoring at or above it are blocked.
     * @default 40
     */
    owaspScoreThreshold: z.union([z.literal(25), z.literal(40), z.literal(60)], { error: "expected 25 (high), 40 (medium) or 60 (low sensitivity)" }).default(40),
    /**
     * HTTP methods the API uses; anything else on the API host or API routes is blocked.
     * @default ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
     */
    apiMethods: z.array(apiMethod).min(1, { error: "list at least one method, such as GET" }).default(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]),
    /** Countries to block or challenge (ISO codes). @default { block: [], challenge: [] } */
    countries: z
      .object({
        /** @default [] */
        block: z.array(countryCode).default([]),
        /** Managed challenge. @default [] */
        challenge: z.array(countryCode).default([]),
      })
      .strict()
      .prefault({}),
    /** Networks (AS numbers) to block or challenge. @default { block: [], challenge: [] } */
    asns: z
      .object({
        /** @default [] */
        block: z.array(asn).default([]),
        /** Managed challenge. @default [] */
        challenge: z.array(asn).default([]),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

const RateLimitSchema = z
  .object({
    /**
     * What happens when the sensitive endpoints need more rate-limit rules, periods,
     * or fields than the zone's plan allows. `combine` merges endpoints into fewer,
     * stricter rules that still cover every sensitive path and warns in the plan;
     * `fail` refuses the config and names the plan limit.
     * @default "combine"
     */
    whenOverPlan: z.enum(["combine", "fail"], { error: "expected combine (merge into fewer, stricter rules and warn) or fail (refuse the config)" }).default("combine"),
    /**
     * A general limit on every API request per client, besides the sensitive endpoints.
     * It is the first thing dropped when the plan has no room left (warned).
     * @default { enabled: false, requests: 600, periodSeconds: 60 }
     */
    api: z
      .object({
        /** @default false */
        enabled: onOff("general API rate limit").default(false),
        /** @default 600 */
        requests: z.number({ error: "expected a whole number of requests" }).int({ error: "expected a whole number" }).min(1, { error: "must allow at least 1 request" }).max(100_000, { error: "must be at most 100000 requests" }).default(600),
        /** @default 60 */
        periodSeconds: z.number({ error: "expected a number of seconds" }).int({ error: "expected a whole number of seconds" }).min(10, { error: "must be at least 10 seconds" }).max(3600, { error: "must be at most 3600 seconds" }).default(60),
      })
      .strict()
      .prefault({}),
    /**
     * Enterprise only: the zone has the Advanced Rate Limiting add-on, which allows
     * counting per session (per account) instead of per IP.
     * @default false
     */
    advancedRateLimiting: onOff("Advanced Rate Limiting add-on").default(false),
  })
  .strict()
  .prefault({});

const CacheSchema = z
  .object({
    /** Cache the public marketing pages at the edge. @default true */
    cacheMarketing: onOff("cache marketing pages").default(true),
    /** Edge TTL of marketing pages, in seconds. @default 3600 */
    marketingEdgeTtlSeconds: z.number({ error: "expected a number of seconds" }).int({ error: "expected a whole number of seconds" }).min(60, { error: "must be at least 60 seconds" }).max(2_592_000, { error: "must be at most 2592000 seconds (30 days)" }).default(3600),
  })
  .strict()
  .prefault({});

const cspSource = z
  .string({ error: "expected a Content-Security-Policy such as default-src 'self'" })
  .min(1, { error: "expected a non-empty Content-Security-Policy" })
  .refine((v) => !/[\r\n]/.test(v), { error: "must be one line: HTTP headers cannot contain line breaks" });

const HeadersSchema = z
  .object({
    /** Content-Security-Policy sent on every response. */
    csp: z
      .object({
        /**
         * The policy. `frame-ancestors 'none'` keeps the portal out of frames.
         * @default "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests"
         */
        policy: cspSource.default("default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests"),
        /**
         * Send it as Content-Security-Policy-Report-Only: the browser reports but does
         * not enforce (warned). Useful while tuning a new policy.
         * @default false
         */
        reportOnly: onOff("CSP report-only").default(false),
        /** Where browsers send violation reports (report-uri). @default none */
        reportUri: z.string({ error: "expected an https URL" }).regex(/^https:\/\/[^\s;,]+$/, { error: "expected an https:// URL without spaces, commas or semicolons" }).optional(),
      })
      .strict()
      .prefault({}),
    /** X-Frame-Options. @default "DENY" */
    frameOptions: z.enum(["DENY", "SAMEORIGIN"], { error: "expected DENY or SAMEORIGIN" }).default("DENY"),
    /** Referrer-Policy. @default "strict-origin-when-cross-origin" */
    referrerPolicy: z
      .enum(["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"], { error: "expected one of no-referrer, same-origin, strict-origin, strict-origin-when-cross-origin" })
      .default("strict-origin-when-cross-origin"),
    /** Permissions-Policy. @default "camera=(), microphone=(), geolocation=(), payment=(), usb=()" */
    permissionsPolicy: z
      .string({ error: "expected a Permissions-Policy such as camera=()" })
      .regex(/^[a-z-]+=\([^\r\n]*?\)(?:, ?[a-z-]+=\([^\r\n]*?\))*$/, { error: "expected a Permissions-Policy such as camera=(), microphone=()" })
      .default("camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
  })
  .strict()
  .prefault({});

const accessGroupId = z
  .string({ error: "expected an Access group id" })
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: "expected an Access group's UUID from the Zero Trust dashboard, such as 7b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" });

const AccessSchema = z
  .object({
    /**
     * Put the admin routes behind a Cloudflare Access application whose policy
     * requires MFA. Off is warned, and then the admin routes are blocked at the
     * edge altogether (nothing is behind Access).
     * @default true
     */
    enabled: onOff("admin behind Access").default(true),
    /** Staff allowed into the admin area (exact emails). @default [] */
    staffEmails: z.array(emailAddress).default([]),
    /**
     * Staff allowed by email domain. When no emails, domain or groups are given,
     * the zone apex is used (everyone with an @<apex> address, with MFA).
     * @default none
     */
    staffEmailDomain: domainName.optional(),
    /** Access groups (UUIDs) whose members are staff. @default [] */
    staffGroupIds: z.array(accessGroupId).default([]),
    /** How long an Access session lasts before signing in again. @default "8h" */
    sessionDuration: z.string({ error: "expected a duration such as 8h" }).regex(/^\d{1,3}(?:m|h)$/, { error: "expected a duration in minutes or hours, such as 30m or 8h" }).default("8h"),
  })
  .strict()
  .prefault({});

/**
 * Session cookie names the app sets. Requests carrying one are never cached,
 * and (Enterprise + Advanced Rate Limiting) can be counted per session.
 */
const cookieName = z.string({ error: "expected a cookie name" }).regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { error: "expected a cookie name (RFC 6265 token: letters, digits, and !#$%&'*+.^_`|~-)" });

export const EdgeSchema = z
  .object({
    tls: TlsSchema,
    security: SecuritySchema,
    dns: DnsHygieneSchema,
    redirect: RedirectSchema,
    waf: WafSchema,
    rateLimits: RateLimitSchema,
    cache: CacheSchema,
    headers: HeadersSchema,
    access: AccessSchema,
    /**
     * Names of the session cookies the portal sets.
     * @default ["__Host-session", "session"]
     */
    sessionCookies: z.array(cookieName).min(1, { error: "list at least one session cookie name, such as __Host-session" }).default(["__Host-session", "session"]),
  })
  .strict()
  .prefault({});
export type EdgeConfig = z.infer<typeof EdgeSchema>;
