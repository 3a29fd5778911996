import { describe, expect, test } from "vitest";
import { adminDestinations, staffIncludes } from "../../infra/edge/admin-access";
import { cacheRules } from "../../infra/edge/cache-rules";
import { dnsHygieneRecords } from "../../infra/edge/dns-hygiene";
import { cspHeader, responseHeaderRules } from "../../infra/edge/response-headers";
import { customWafRules, managedWafRules } from "../../infra/edge/waf";
import { redirectRules } from "../../infra/edge/redirects";
import { zoneSettingSpecs } from "../../infra/edge/zone-settings";
import { hostRecords } from "../../infra/hostnames";
import { contextFor, exampleRaw, EXAMPLE_STACKS, parse } from "./configs";

describe("admin Access", () => {
  test("no staff named: everyone at the apex domain, still with MFA", () => {
    const raw = exampleRaw("staging");
    raw.edge.access = {};
    expect(staffIncludes(contextFor(raw))).toEqual([{ emailDomain: { domain: "example.net" } }]);
  });

  test("emails, a domain and groups are all included", () => {
    const raw = exampleRaw("staging");
    raw.edge.access = { staffEmails: ["a@example.net"], staffEmailDomain: "staff.example.net", staffGroupIds: ["7b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"] };
    expect(staffIncludes(contextFor(raw))).toEqual([
      { email: { email: "a@example.net" } },
      { emailDomain: { domain: "staff.example.net" } },
      { group: { id: "7b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" } },
    ]);
  });

  test("one destination per admin route on the app host", () => {
    const raw = exampleRaw("staging");
    raw.routes = { admin: ["/admin/*", "/staff*", "/ops"] };
    expect(adminDestinations(contextFor(raw))).toEqual([
      { type: "public", uri: "app.example.net/admin" },
      { type: "public", uri: "app.example.net/staff" },
      { type: "public", uri: "app.example.net/ops" },
    ]);
  });
});

describe("DNS hygiene", () => {
  test("no iodef without a report address, no wildcard unless asked", () => {
    const records = dnsHygieneRecords(contextFor(exampleRaw("dev")));
    expect(records.map((r) => r.key)).toEqual(["caa-issue-1", "caa-issue-2", "caa-issue-3", "caa-issuewild-1", "caa-issuewild-2", "caa-issuewild-3"]);
    expect(records.every((r) => r.type === "CAA" && r.proxied === false && r.name === "tradeloft.test")).toBe(true);
  });

  test.each(EXAMPLE_STACKS)("%s: apex, www, app and api are proxied (origin addresses never published)", (stack) => {
    expect(hostRecords(parse(exampleRaw(stack))).map((r) => [r.key, r.proxied])).toEqual([
      ["apex", true],
      ["www", true],
      ["app", true],
      ["api", true],
    ]);
  });
});

describe("zone settings", () => {
  test("HSTS preload only when asked, values in snake_case", () => {
    const raw = exampleRaw("prod");
    raw.edge.tls = { minTlsVersion: "1.3", hsts: { preload: true, maxAgeSeconds: 63072000 } };
    const specs = Object.fromEntries(zoneSettingSpecs(parse(raw).edge).map((s) => [s.settingId, s.value]));
    expect(specs.min_tls_version).toBe("1.3");
    expect(specs.security_header).toEqual({ strict_transport_security: { enabled: true, max_age: 63072000, include_subdomains: true, preload: true, nosniff: true } });
  });
});

describe("WAF", () => {
  test("countries and ASNs share one rule per action", () => {
    const raw = exampleRaw("dev");
    raw.edge.waf = { countries: { block: ["KP", "RU"], challenge: ["T1"] }, asns: { block: [64496], challenge: [64511] } };
    const [custom] = customWafRules(contextFor(raw));
    expect(custom.rules.map((r) => [r.ref, r.action, r.expression])).toEqual([
      ["block_admin_outside_access", "block", '(http.request.uri.path eq "/admin" or starts_with(http.request.uri.path, "/admin/")) and not (http.host eq "app.tradeloft.test")'],
      [
        "block_unused_api_methods",
        "block",
        '(http.host eq "api.tradeloft.test" or (http.request.uri.path eq "/api" or starts_with(http.request.uri.path, "/api/"))) and not (http.request.method in {"GET" "HEAD" "POST" "PUT" "PATCH" "DELETE" "OPTIONS"})',
      ],
      ["block_countries_asns", "block", 'ip.src.country in {"KP" "RU"} or ip.src.asnum in {64496}'],
      ["challenge_countries_asns", "managed_challenge", 'ip.src.country in {"T1"} or ip.src.asnum in {64511}'],
    ]);
    // The Free plan allows five custom rules.
    expect(custom.rules.length).toBeLessThanOrEqual(5);
  });

  test("managed rules off: nothing in the managed phase", () => {
    const raw = exampleRaw("prod");
    raw.edge.waf = { managedRules: false };
    expect(managedWafRules(contextFor(raw))).toEqual([]);
  });
});

describe("cache and headers", () => {
  test("marketing caching off leaves only the bypass", () => {
    const raw = exampleRaw("prod");
    raw.edge.cache = { cacheMarketing: false };
    const [cache] = cacheRules(contextFor(raw));
    expect(cache.rules.map((r) => [r.ref, r.actionParameters])).toEqual([["bypass_private", { cache: false }]]);
  });

  test("the bypass covers custom session cookies and routes", () => {
    const raw = exampleRaw("prod");
    raw.edge.sessionCookies = ["sid"];
    raw.routes = { portal: ["/dashboard/*"], api: ["/v1/*"], admin: ["/admin/*"], loginPage: "/signin" };
    const [cache] = cacheRules(contextFor(raw));
    expect(cache.rules.at(-1)!.expression).toBe(
      'http.host in {"app.example.com" "api.example.com"} or (http.request.uri.path in {"/dashboard" "/v1" "/admin" "/signin"} or starts_with(http.request.uri.path, "/dashboard/") or starts_with(http.request.uri.path, "/v1/") or starts_with(http.request.uri.path, "/admin/")) or http.cookie contains "sid="',
    );
  });

  test("CSP report-only with a report URI", () => {
    const raw = exampleRaw("prod");
    raw.edge.headers = { csp: { policy: "default-src 'self';", reportOnly: true, reportUri: "https://csp.example.com/r" } };
    expect(cspHeader(contextFor(raw))).toEqual({ name: "Content-Security-Policy-Report-Only", value: "default-src 'self'; report-uri https://csp.example.com/r" });
    const [headers] = responseHeaderRules(contextFor(raw));
    expect(Object.keys((headers.rules[0].actionParameters as { headers: object }).headers)).toContain("Content-Security-Policy-Report-Only");
  });

  test("no redirect when www is the apex itself", () => {
    const raw = exampleRaw("prod");
    raw.domain.hostnames = { www: "@" };
    expect(redirectRules(contextFor(raw))).toEqual([]);
  });
});
