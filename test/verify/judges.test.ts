import { describe, expect, it } from "vitest";
import type { HttpResponse } from "../../scripts/verify/http";
import { sharedCacheRisk } from "../../scripts/verify/checks/cache-safety";
import { robotsDisallows } from "../../scripts/verify/checks/indexing";
import { leaksInternals } from "../../scripts/verify/checks/input-validation";
import { judgeHeaders } from "../../scripts/verify/checks/security-headers";
import { leakedMarkers, markersFromJson } from "../../scripts/verify/private-data";

/** The small judges inside the checks, one passing and one failing input each. */

function response(headers: Record<string, string>, body = ""): HttpResponse {
  return { url: "https://app.example.com/", status: 200, headers, cookies: [], body, ms: 1 };
}

const GOOD_HEADERS = {
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
  "content-security-policy": "default-src 'self'; script-src 'self' 'nonce-abc'",
};

describe("judgeHeaders", () => {
  it("accepts a hardened set", () => {
    expect(judgeHeaders(response(GOOD_HEADERS), true)).toEqual({ problems: [], concerns: [] });
  });
  it("names each missing or weak header", () => {
    const weak = response({
      "strict-transport-security": "max-age=300",
      "referrer-policy": "unsafe-url",
      "content-security-policy": "default-src *; script-src 'self' https: 'unsafe-inline' 'unsafe-eval'",
    });
    expect(judgeHeaders(weak, true)).toEqual({
      problems: [
        "Strict-Transport-Security max-age=300 (want >= 15552000)",
        "X-Content-Type-Options missing (want nosniff)",
        "no frame protection (X-Frame-Options DENY/SAMEORIGIN or CSP frame-ancestors)",
        'Referrer-Policy "unsafe-url" leaks full URLs (want strict-origin-when-cross-origin or stricter)',
        "Content-Security-Policy allows scripts from https:",
      ],
      concerns: ["Content-Security-Policy script source allows 'unsafe-inline'", "Content-Security-Policy script source allows 'unsafe-eval'"],
    });
  });
  it("accepts CSP frame-ancestors instead of X-Frame-Options, and skips HSTS over plain HTTP", () => {
    const { "x-frame-options": _xfo, "strict-transport-security": _hsts, ...rest } = GOOD_HEADERS;
    const res = response({ ...rest, "content-security-policy": "default-src 'self'; frame-ancestors 'none'" });
    expect(judgeHeaders(res, false).problems).toEqual([]);
    expect(judgeHeaders(res, true).problems).toEqual(["Strict-Transport-Security missing"]);
  });
});

describe("robotsDisallows", () => {
  it("reads the User-agent: * group only, including grouped agents", () => {
    const robots = "User-agent: Googlebot\nDisallow: /private-g\n\nUser-agent: bingbot\nUser-agent: *\nDisallow: /app # portal\nDisallow: /api\nAllow: /\nDisallow:\n";
    expect(robotsDisallows(robots)).toEqual(["/app", "/api"]);
    expect(robotsDisallows("User-agent: *\nAllow: /\n")).toEqual([]);
  });
});

describe("sharedCacheRisk", () => {
  it("passes private/no-store and names every shared-cache sign", () => {
    expect(sharedCacheRisk(response({ "cache-control": "private, no-store", "cf-cache-status": "BYPASS" }))).toEqual([]);
    expect(sharedCacheRisk(response({ "cache-control": "public, max-age=600", "cf-cache-status": "HIT", "x-cache": "HIT from varnish" }))).toEqual([
      'Cache-Control "public, max-age=600" (want private or no-store)',
      "marked cacheable by shared caches",
      "cf-cache-status: HIT (served from Cloudflare's cache)",
      "X-Cache: HIT from varnish",
    ]);
  });
});

describe("leaksInternals", () => {
  it("spots stack traces and database errors, not ordinary errors", () => {
    expect(leaksInternals('{"error":"malformed order id"}')).toBeUndefined();
    expect(leaksInternals("Error: boom\n    at handle (/srv/app/server.js:42:13)")).toBe("a JavaScript stack trace");
    expect(leaksInternals('Traceback (most recent call last):\n  File "app.py"')).toBe("a Python traceback");
    expect(leaksInternals("ERROR: syntax error at or near \"'\"")).toBe("a database error");
    expect(leaksInternals("at com.acme.Orders.get(Orders.java:12)")).toBe("a Java stack trace");
  });
});

describe("private markers", () => {
  it("learns ids and emails from a signed-in JSON body and finds them elsewhere", () => {
    const markers = markersFromJson(JSON.stringify({ user: { id: "usr_a1", email: "a@example.com", name: "Ann" }, orders: [{ orderId: "ord_9", total: 5 }] }));
    expect(markers).toEqual(["usr_a1", "a@example.com", "ord_9"]);
    expect(leakedMarkers("<li>ord_9</li>", markers)).toEqual(["ord_9"]);
    expect(markersFromJson("<html>")).toEqual([]);
  });
});
