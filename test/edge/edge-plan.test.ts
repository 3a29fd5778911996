import { describe, expect, test } from "vitest";
import { planStack } from "../../scripts/plan/plan-stack";
import type { PlanNote, PlannedResource } from "../../scripts/plan/model";
import { MANAGED_RULESETS, OWASP_ANOMALY_RULE } from "../../infra/edge/waf";
import { EXAMPLE_STACKS, exampleRaw, rawForPlan } from "./configs";
import { componentWarnings } from "../plan/components";

const RULESET = "cloudflare:index/ruleset:Ruleset";
const ZONE_SETTING = "cloudflare:index/zoneSetting:ZoneSetting";
const PHASES = [
  "http_request_dynamic_redirect",
  "http_request_firewall_managed",
  "http_request_firewall_custom",
  "http_ratelimit",
  "http_request_cache_settings",
  "http_response_headers_transform",
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Rule = { ref: string; action: string; expression: string; actionParameters?: any; ratelimit?: any };

const rulesetFor = (resources: PlannedResource[], phase: string) => {
  const found = resources.filter((r) => r.type === RULESET && r.inputs.phase === phase);
  expect(found).toHaveLength(1);
  return found[0];
};
const rulesOf = (r: PlannedResource) => r.inputs.rules as Rule[];
// The edge's own warnings: other components (monitoring, email, deploy) warn in the same plan.
const warningsOf = (notes: PlanNote[]) => componentWarnings(notes, "edge");

describe("the prod example (Business plan)", async () => {
  const { plan } = await planStack({ stack: "prod" });
  const edge = plan.resources.filter((r) => r.name.startsWith("tradeloft-edge"));

  test("lists every edge resource", () => {
    expect(edge.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        "launch-ready:edge:PortalEdge tradeloft-edge",
        "launch-ready:edge:EdgeZoneSettings tradeloft-edge-zone",
        ...["ssl", "min-tls-version", "tls-1-3", "always-use-https", "automatic-https-rewrites", "security-header", "security-level", "browser-check"].map((s) => `${ZONE_SETTING} tradeloft-edge-zone-${s}`),
        "launch-ready:edge:EdgeDnssec tradeloft-edge-dnssec",
        "cloudflare:index/zoneDnssec:ZoneDnssec tradeloft-edge-dnssec-zone",
        "launch-ready:edge:EdgeRulesets tradeloft-edge-rulesets",
        ...["redirects", "waf-managed", "waf-custom", "ratelimit", "cache", "response-headers"].map((k) => `${RULESET} tradeloft-edge-rulesets-${k}`),
        "launch-ready:edge:AdminAccess tradeloft-edge-access",
        "cloudflare:index/zeroTrustAccessApplication:ZeroTrustAccessApplication tradeloft-edge-access-admin",
      ].sort(),
    );
  });

  test("zone settings in the API's snake_case, strict TLS and a one-year HSTS", () => {
    const settings = Object.fromEntries(edge.filter((r) => r.type === ZONE_SETTING).map((r) => [r.inputs.settingId, r.inputs.value]));
    expect(settings).toEqual({
      ssl: "strict",
      min_tls_version: "1.2",
      tls_1_3: "on",
      always_use_https: "on",
      automatic_https_rewrites: "on",
      security_header: { strict_transport_security: { enabled: true, max_age: 31536000, include_subdomains: true, preload: false, nosniff: true } },
      security_level: "medium",
      browser_check: "on",
    });
    for (const r of edge.filter((x) => x.type === ZONE_SETTING)) expect(r.inputs.zoneId).toBe("9f8e7d6c5b4a39281706f5e4d3c2b1a0");
  });

  test("CAA records go through PortalDns, with iodef; DNSSEC is on", () => {
    const caa = plan.resources.filter((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord" && r.inputs.type === "CAA");
    expect(caa.map((r) => [r.name, r.inputs.data])).toEqual([
      ["tradeloft-dns-caa-issue-1", { flags: 0, tag: "issue", value: "letsencrypt.org" }],
      ["tradeloft-dns-caa-issue-2", { flags: 0, tag: "issue", value: "pki.goog" }],
      ["tradeloft-dns-caa-issue-3", { flags: 0, tag: "issue", value: "ssl.com" }],
      ["tradeloft-dns-caa-issuewild-1", { flags: 0, tag: "issuewild", value: "letsencrypt.org" }],
      ["tradeloft-dns-caa-issuewild-2", { flags: 0, tag: "issuewild", value: "pki.goog" }],
      ["tradeloft-dns-caa-issuewild-3", { flags: 0, tag: "issuewild", value: "ssl.com" }],
      ["tradeloft-dns-caa-iodef", { flags: 0, tag: "iodef", value: "mailto:security@example.com" }],
    ]);
    for (const r of caa) expect(r.parent).toMatch(/PortalDns::tradeloft-dns$/);
    expect(plan.resources.filter((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord" && r.inputs.name === "*.example.com")).toEqual([]);
    expect(edge.find((r) => r.name === "tradeloft-edge-dnssec-zone")!.inputs).toEqual({ zoneId: "9f8e7d6c5b4a39281706f5e4d3c2b1a0", status: "active" });
    expect(plan.outputs.dnssecDs).toMatch(/^example\.com\. 3600 IN DS /);
  });

  test("redirect www → apex, keeping path and query", () => {
    expect(rulesOf(rulesetFor(edge, "http_request_dynamic_redirect"))).toEqual([
      {
        ref: "www_to_apex",
        description: "Redirect www.example.com to the canonical host example.com",
        expression: 'http.host eq "www.example.com"',
        action: "redirect",
        actionParameters: { fromValue: { statusCode: 301, targetUrl: { expression: 'concat("https://example.com", http.request.uri.path)' }, preserveQueryString: true } },
      },
    ]);
  });

  test("managed WAF: Cloudflare Managed and OWASP Core, OWASP blocking at score 40", () => {
    const rules = rulesOf(rulesetFor(edge, "http_request_firewall_managed"));
    expect(rules.map((r) => [r.ref, r.action, r.expression, r.actionParameters])).toEqual([
      ["execute_cloudflare_managed", "execute", "true", { id: MANAGED_RULESETS.cloudflareManaged }],
      ["execute_owasp_core", "execute", "true", { id: MANAGED_RULESETS.owaspCore, overrides: { rules: [{ id: OWASP_ANOMALY_RULE, action: "block", scoreThreshold: 40 }] } }],
    ]);
  });

  test("custom WAF: admin outside Access, unused API methods, Tor challenged", () => {
    expect(rulesOf(rulesetFor(edge, "http_request_firewall_custom")).map((r) => [r.ref, r.action, r.expression])).toEqual([
      ["block_admin_outside_access", "block", '(http.request.uri.path eq "/admin" or starts_with(http.request.uri.path, "/admin/")) and not (http.host eq "app.example.com")'],
      [
        "block_unused_api_methods",
        "block",
        '(http.host eq "api.example.com" or (http.request.uri.path eq "/api" or starts_with(http.request.uri.path, "/api/"))) and not (http.request.method in {"GET" "HEAD" "POST" "PUT" "PATCH" "DELETE" "OPTIONS"})',
      ],
      ["challenge_countries_asns", "managed_challenge", 'ip.src.country in {"T1"}'],
    ]);
  });

  test("rate limits: five rules, every period one Business allows, cf.colo.id counted", () => {
    const rules = rulesOf(rulesetFor(edge, "http_ratelimit"));
    expect(rules.map((r) => [r.ref, r.ratelimit.period, r.ratelimit.requestsPerPeriod, r.ratelimit.characteristics])).toEqual([
      ["ratelimit_login", 60, 10, ["cf.colo.id", "ip.src"]],
      ["ratelimit_password_reset", 300, 3, ["cf.colo.id", "ip.src"]],
      ["ratelimit_invite", 300, 5, ["cf.colo.id", "ip.src"]],
      ["ratelimit_export", 300, 5, ["cf.colo.id", "ip.src"]],
      ["ratelimit_api", 60, 600, ["cf.colo.id", "ip.src"]],
    ]);
  });

  test("cache: marketing cached, the private side bypassed by the last rule", () => {
    const rules = rulesOf(rulesetFor(edge, "http_request_cache_settings"));
    expect(rules.map((r) => [r.ref, r.actionParameters.cache])).toEqual([
      ["cache_marketing", true],
      ["bypass_private", false],
    ]);
    expect(rules[1].expression).toBe(
      'http.host in {"app.example.com" "api.example.com"} or (http.request.uri.path in {"/app" "/api" "/admin" "/login"} or starts_with(http.request.uri.path, "/app/") or starts_with(http.request.uri.path, "/api/") or starts_with(http.request.uri.path, "/admin/")) or (http.cookie contains "__Host-session=" or http.cookie contains "session=")',
    );
    expect(rules[0].expression.startsWith('http.host in {"example.com" "www.example.com"} and http.request.uri.path in {"/" "/pricing" "/about"} and (not (')).toBe(true);
    expect(rules[0].actionParameters.edgeTtl).toEqual({ mode: "override_origin", default: 3600 });
  });

  test("response headers: security headers everywhere, noindex on the private side", () => {
    const rules = rulesOf(rulesetFor(edge, "http_response_headers_transform"));
    expect(rules[0].actionParameters.headers).toEqual({
      "X-Content-Type-Options": { operation: "set", value: "nosniff" },
      "X-Frame-Options": { operation: "set", value: "DENY" },
      "Referrer-Policy": { operation: "set", value: "strict-origin-when-cross-origin" },
      "Permissions-Policy": { operation: "set", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
      "Content-Security-Policy": { operation: "set", value: "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests" },
    });
    expect(rules[1]).toMatchObject({ ref: "noindex_private", actionParameters: { headers: { "X-Robots-Tag": { operation: "set", value: "noindex, nofollow" } } } });
  });

  test("admin Access application on app.example.com/admin, staff only, MFA required", () => {
    const app = edge.find((r) => r.name === "tradeloft-edge-access-admin")!;
    expect(app.inputs).toEqual({
      accountId: "0123456789abcdef0123456789abcdef",
      name: "tradeloft prod admin (launch-ready)",
      type: "self_hosted",
      domain: "app.example.com/admin",
      destinations: [{ type: "public", uri: "app.example.com/admin" }],
      sessionDuration: "8h",
      appLauncherVisible: true,
      httpOnlyCookieAttribute: true,
      sameSiteCookieAttribute: "lax",
      policies: [
        {
          name: "Staff with MFA (launch-ready)",
          decision: "allow",
          precedence: 1,
          includes: [{ email: { email: "ops-lead@example.com" } }, { emailDomain: { domain: "example.com" } }],
          requires: [{ authMethod: { authMethod: "mfa" } }],
        },
      ],
    });
  });

  test("no edge warnings: prod weakens nothing and its rate limits fit", () => {
    expect(warningsOf(plan.notes)).toEqual([]);
  });
});

describe("every example stack", () => {
  test.each(EXAMPLE_STACKS)("%s: exactly one ruleset per phase, all six phases", async (stack) => {
    const { plan } = await planStack({ stack });
    const rulesets = plan.resources.filter((r) => r.type === RULESET);
    const keys = rulesets.map((r) => `${r.inputs.zoneId}/${r.inputs.phase}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(rulesets.map((r) => r.inputs.phase).sort()).toEqual([...PHASES].sort());
    for (const r of rulesets) expect(r.inputs.kind).toBe("zone");
  });
});

describe("per plan tier and per choice, planned offline", () => {
  test("dev (Free): Free Managed Ruleset, one combined rate-limit rule, warnings for every weakening", async () => {
    const { plan } = await planStack({ stack: "dev" });
    expect(rulesOf(rulesetFor(plan.resources, "http_request_firewall_managed")).map((r) => r.actionParameters.id)).toEqual([MANAGED_RULESETS.freeManaged]);
    const [limit] = rulesOf(rulesetFor(plan.resources, "http_ratelimit"));
    expect(limit.ratelimit).toEqual({ characteristics: ["cf.colo.id", "ip.src"], period: 10, requestsPerPeriod: 3, mitigationTimeout: 10 });
    expect(rulesOf(rulesetFor(plan.resources, "http_response_headers_transform"))[0].actionParameters.headers["Content-Security-Policy-Report-Only"]).toBeDefined();
    expect(plan.resources.some((r) => r.type === "cloudflare:index/zoneDnssec:ZoneDnssec")).toBe(false);
    expect(warningsOf(plan.notes)).toEqual([
      "launch-ready:portal.edge.dns.dnssec is false: the zone is not signed, answers can be spoofed",
      "launch-ready:portal.edge.headers.csp.reportOnly is true: the Content-Security-Policy is reported, not enforced",
      "rate limits (free plan): the free plan cannot match the request method in rate-limit rules: every method is counted on /api/auth/login (not only POST), /api/auth/password-reset (not only POST), /api/invites (not only POST), /api/exports (not only POST, GET). To avoid this: upgrade the zone's plan (Business matches methods), or list every method (GET, POST, PUT, PATCH, DELETE) for login, passwordReset, invite, export",
      "rate limits (free plan): the free plan allows 1 rate-limit rule for 4 sensitive endpoints: combined into login+passwordReset+invite+export (3 per 10 s per IP, shared by /api/auth/login, /api/auth/password-reset, /api/invites, /api/exports). To avoid this: upgrade the zone's plan (Business allows 5 rules)",
    ]);
  });

  test("staging (Pro): two rate-limit rules, login on its own", async () => {
    const { plan } = await planStack({ stack: "staging" });
    expect(rulesOf(rulesetFor(plan.resources, "http_ratelimit")).map((r) => [r.ref, r.expression, r.ratelimit.period, r.ratelimit.requestsPerPeriod])).toEqual([
      ["ratelimit_login", 'http.request.uri.path eq "/api/auth/login"', 60, 10],
      ["ratelimit_password_reset_invite_export", 'http.request.uri.path in {"/api/auth/password-reset" "/api/invites" "/api/exports"}', 60, 3],
    ]);
    expect(rulesOf(rulesetFor(plan.resources, "http_request_firewall_managed")).map((r) => r.actionParameters.id)).toEqual([MANAGED_RULESETS.cloudflareManaged, MANAGED_RULESETS.owaspCore]);
  });

  test("enterprise: 3600 s periods allowed, per-session counting with the add-on, no adjustments", async () => {
    const raw = rawForPlan("enterprise");
    raw.edge.rateLimits.advancedRateLimiting = true;
    raw.edge.rateLimits.whenOverPlan = "fail";
    raw.edge.rateLimits.api = { enabled: true, requests: 20000, periodSeconds: 3600 };
    raw.sensitiveEndpoints.export.countPer = "session";
    const { plan } = await planStack({ stack: "prod", portalOverride: raw });
    const rules = rulesOf(rulesetFor(plan.resources, "http_ratelimit"));
    expect(rules.map((r) => [r.ref, r.ratelimit.period, r.ratelimit.characteristics.length])).toEqual([
      ["ratelimit_login", 60, 2],
      ["ratelimit_password_reset", 300, 2],
      ["ratelimit_invite", 300, 2],
      ["ratelimit_export", 300, 3],
      ["ratelimit_api", 3600, 2],
    ]);
    expect(warningsOf(plan.notes)).toEqual([]);
    expect(rulesOf(rulesetFor(plan.resources, "http_request_firewall_managed")).map((r) => r.actionParameters.id)).toEqual([MANAGED_RULESETS.cloudflareManaged, MANAGED_RULESETS.owaspCore]);
  });

  test("free with whenOverPlan: fail is refused before anything is planned", async () => {
    const raw = exampleRaw("dev");
    raw.edge.rateLimits = { whenOverPlan: "fail" };
    await expect(planStack({ stack: "dev", portalOverride: raw })).rejects.toThrow(
      /has 2 config problems:\n  - launch-ready:portal\.sensitiveEndpoints\.login\.methods = \["POST"\]: does not fit the plan .*\n  - launch-ready:portal\.sensitiveEndpoints = .*the free plan allows 1 rate-limit rule for 4 sensitive endpoints/,
    );
  });

  test("weakening choices are applied as written, and each one is a warning", async () => {
    const raw = exampleRaw("prod");
    raw.edge.tls = { sslMode: "full", tls13: false, alwaysUseHttps: false, automaticHttpsRewrites: false, hsts: { maxAgeSeconds: 86400, includeSubdomains: false } };
    raw.edge.security = { level: "essentially_off", browserIntegrityCheck: false };
    raw.edge.dns = { caaIssuers: [], wildcard: true };
    raw.edge.waf = { managedRules: false };
    raw.edge.access = { enabled: false };
    const { plan } = await planStack({ stack: "prod", portalOverride: raw });
    const settings = Object.fromEntries(plan.resources.filter((r) => r.type === ZONE_SETTING).map((r) => [r.inputs.settingId, r.inputs.value]));
    expect(settings.ssl).toBe("full");
    expect(settings.always_use_https).toBe("off");
    expect(settings.security_header).toEqual({ strict_transport_security: { enabled: true, max_age: 86400, include_subdomains: false, preload: false, nosniff: true } });
    expect(plan.resources.filter((r) => r.type === RULESET && r.inputs.phase === "http_request_firewall_managed")).toEqual([]);
    expect(plan.resources.filter((r) => r.type.startsWith("cloudflare:index/zeroTrust"))).toEqual([]);
    expect(plan.resources.filter((r) => r.inputs.type === "CAA")).toEqual([]);
    const wildcard = plan.resources.find((r) => r.name === "tradeloft-dns-wildcard")!;
    expect(wildcard.inputs).toMatchObject({ name: "*.example.com", type: "CNAME", content: "app.example.com", proxied: true });
    expect(rulesOf(rulesetFor(plan.resources, "http_request_firewall_custom"))[0]).toMatchObject({
      ref: "block_admin_outside_access",
      expression: 'http.request.uri.path eq "/admin" or starts_with(http.request.uri.path, "/admin/")',
      action: "block",
    });
    expect(warningsOf(plan.notes)).toEqual([
      "launch-ready:portal.edge.tls.sslMode is full: Cloudflare encrypts to the origin but does not validate its certificate; use strict with an origin certificate",
      "launch-ready:portal.edge.tls.tls13 is false: TLS 1.3 is not offered",
      "launch-ready:portal.edge.tls.alwaysUseHttps is false: plain HTTP requests are served instead of redirected to HTTPS",
      "launch-ready:portal.edge.tls.automaticHttpsRewrites is false: http:// links in pages are not rewritten (mixed content)",
      "launch-ready:portal.edge.tls.hsts.maxAgeSeconds is 86400: HSTS max-age below one year (31536000)",
      "launch-ready:portal.edge.tls.hsts.includeSubdomains is false: subdomains are not covered by HSTS",
      "launch-ready:portal.edge.security.level is essentially_off: fewer suspicious visitors are challenged",
      "launch-ready:portal.edge.security.browserIntegrityCheck is false: requests with abusive-bot headers are not blocked",
      "launch-ready:portal.edge.dns.caaIssuers is empty: no CAA records, any certificate authority may issue for example.com",
      "launch-ready:portal.edge.dns.wildcard is true: *.example.com answers for every name (proxied to the app host)",
      "launch-ready:portal.edge.waf.managedRules is false: no managed WAF ruleset runs",
      "launch-ready:portal.edge.access.enabled is false: the admin routes are not behind Access with MFA, so the edge blocks them on every host",
    ]);
  });

  test("HSTS off, apex canonical reversed, authenticated origin pulls on", async () => {
    const raw = exampleRaw("prod");
    raw.edge.tls = { hsts: { enabled: false }, authenticatedOriginPulls: true };
    raw.edge.redirect = { canonicalHost: "www", statusCode: 308 };
    const { plan } = await planStack({ stack: "prod", portalOverride: raw });
    expect(warningsOf(plan.notes)).toEqual(["launch-ready:portal.edge.tls.hsts.enabled is false: no Strict-Transport-Security, browsers may still try HTTP first"]);
    expect(plan.resources.find((r) => r.type === "cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings")?.inputs).toEqual({
      zoneId: "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
      enabled: true,
    });
    const [redirect] = rulesOf(rulesetFor(plan.resources, "http_request_dynamic_redirect"));
    expect([redirect.ref, redirect.expression, redirect.actionParameters.fromValue.statusCode, redirect.actionParameters.fromValue.targetUrl.expression]).toEqual([
      "apex_to_www",
      'http.host eq "example.com"',
      308,
      'concat("https://www.example.com", http.request.uri.path)',
    ]);
  });
});
