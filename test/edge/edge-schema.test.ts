import { describe, expect, test } from "vitest";
import { EdgeSchema } from "../../stacks/schema/edge";
import { PortalConfigError } from "../../stacks/schema";
import { exampleRaw, parse, EXAMPLE_STACKS } from "./configs";

const problems = (raw: unknown) => {
  try {
    parse(raw);
    return [];
  } catch (e) {
    if (!(e instanceof PortalConfigError)) throw e;
    return e.problems.map((p) => `${p.path} = ${p.value}: ${p.message}`);
  }
};

describe("edge config defaults", () => {
  test("an empty edge section gives the safe defaults", () => {
    expect(EdgeSchema.parse(undefined)).toEqual({
      tls: {
        sslMode: "strict",
        minTlsVersion: "1.2",
        tls13: true,
        alwaysUseHttps: true,
        automaticHttpsRewrites: true,
        hsts: { enabled: true, maxAgeSeconds: 31536000, includeSubdomains: true, preload: false },
        authenticatedOriginPulls: false,
      },
      security: { level: "medium", browserIntegrityCheck: true },
      dns: { caaIssuers: ["letsencrypt.org", "pki.goog", "ssl.com"], dnssec: true, wildcard: false },
      redirect: { canonicalHost: "apex", statusCode: 301 },
      waf: {
        managedRules: true,
        owaspScoreThreshold: 40,
        apiMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        countries: { block: [], challenge: [] },
        asns: { block: [], challenge: [] },
      },
      rateLimits: { whenOverPlan: "combine", api: { enabled: false, requests: 600, periodSeconds: 60 }, advancedRateLimiting: false },
      cache: { cacheMarketing: true, marketingEdgeTtlSeconds: 3600 },
      headers: {
        csp: { policy: "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests", reportOnly: false },
        frameOptions: "DENY",
        referrerPolicy: "strict-origin-when-cross-origin",
        permissionsPolicy: "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
      },
      access: { enabled: true, staffEmails: [], staffGroupIds: [], sessionDuration: "8h" },
      sessionCookies: ["__Host-session", "session"],
    });
  });

  test("a stack file without an edge section still parses", () => {
    const raw = exampleRaw("staging");
    delete raw.edge;
    expect(parse(raw).edge.tls.sslMode).toBe("strict");
  });

  test.each(EXAMPLE_STACKS)("the %s example parses", (stack) => {
    expect(problems(exampleRaw(stack))).toEqual([]);
  });
});

describe("edge config errors name the key, the value and what is allowed", () => {
  test("refused weakenings and bad values, all at once", () => {
    const raw = exampleRaw("prod");
    raw.edge.tls = { sslMode: "flexible", minTlsVersion: "1.0", hsts: { maxAgeSeconds: -1 } };
    raw.edge.dns = { caaIssuers: ["Let's Encrypt"] };
    raw.edge.waf = { countries: { block: ["ru"] }, asns: { challenge: [0] }, apiMethods: ["TRACE"] };
    raw.edge.headers = { csp: { policy: "default-src 'self'\nX-Injected: 1" } };
    raw.edge.access = { staffGroupIds: ["admins"], sessionDuration: "forever" };
    raw.edge.rateLimits.whenOverPlan = "ignore";
    raw.edge.cdn = true;
    expect(problems(raw)).toEqual([
      'launch-ready:portal.edge.tls.sslMode = "flexible": expected strict (or full, which skips origin certificate validation); flexible and off are refused because they send traffic to the origin unencrypted',
      'launch-ready:portal.edge.tls.minTlsVersion = "1.0": expected 1.2 or 1.3 (TLS 1.0 and 1.1 are deprecated by RFC 8996)',
      "launch-ready:portal.edge.tls.hsts.maxAgeSeconds = -1: must be 0 or more seconds",
      `launch-ready:portal.edge.dns.caaIssuers.0 = "Let's Encrypt": expected a CA's CAA issuer domain such as letsencrypt.org, pki.goog or ssl.com`,
      'launch-ready:portal.edge.waf.apiMethods.0 = "TRACE": expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
      'launch-ready:portal.edge.waf.countries.block.0 = "ru": expected an ISO 3166-1 alpha-2 country code in capitals, such as RU (or T1 for Tor)',
      "launch-ready:portal.edge.waf.asns.challenge.0 = 0: expected an AS number from 1 to 4294967295",
      'launch-ready:portal.edge.rateLimits.whenOverPlan = "ignore": expected combine (merge into fewer, stricter rules and warn) or fail (refuse the config)',
      'launch-ready:portal.edge.headers.csp.policy = "default-src \'self\'\\nX-Injected: 1": must be one line: HTTP headers cannot contain line breaks',
      'launch-ready:portal.edge.access.staffGroupIds.0 = "admins": expected an Access group\'s UUID from the Zero Trust dashboard, such as 7b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      'launch-ready:portal.edge.access.sessionDuration = "forever": expected a duration in minutes or hours, such as 30m or 8h',
      "launch-ready:portal.edge.cdn = true: unknown key \"cdn\"; allowed keys here: tls, security, dns, redirect, waf, rateLimits, cache, headers, access, sessionCookies. Check the spelling or remove it.",
    ]);
  });

  test("a CA listed twice is refused (Cloudflare rejects identical records)", () => {
    const raw = exampleRaw("prod");
    raw.edge.dns = { caaIssuers: ["letsencrypt.org", "letsencrypt.org"] };
    expect(problems(raw)).toEqual([
      'launch-ready:portal.edge.dns.caaIssuers = ["letsencrypt.org","letsencrypt.org"]: list each certificate authority once: Cloudflare refuses identical CAA records',
    ]);
  });

  test("sensitive endpoint extensions are validated too", () => {
    const raw = exampleRaw("prod");
    raw.sensitiveEndpoints.export.countPer = "account";
    raw.sensitiveEndpoints.login.countResponseCodes = [99];
    expect(problems(raw)).toEqual([
      "launch-ready:portal.sensitiveEndpoints.login.countResponseCodes.0 = 99: expected a status code from 100 to 599",
      'launch-ready:portal.sensitiveEndpoints.export.countPer = "account": expected ip or session (session needs Enterprise with Advanced Rate Limiting)',
    ]);
  });
});
