import { describe, expect, test } from "vitest";
import { designRateLimits, RATE_LIMIT_PLAN_LIMITS, type RateLimitInputs } from "../../stacks/schema/rate-limit-plan";
import { PortalConfigError } from "../../stacks/schema";
import { rateLimitRules } from "../../infra/edge/rate-limits";
import { contextFor, exampleRaw, parse, rawForPlan } from "./configs";

const wish = (path: string, requests: number, periodSeconds: number, methods = ["POST"]) => ({ path, methods, requests, periodSeconds, countPer: "ip" as const, countResponseCodes: [] as number[] });

/** The prod example's wishes: login 10/60, reset 3/300, invite 5/300, export 5/300 (+ API 600/60). */
function prodWishes(plan: RateLimitInputs["plan"], api = true): RateLimitInputs {
  return {
    plan,
    advancedRateLimiting: false,
    endpoints: {
      login: { ...wish("/api/auth/login", 10, 60), countResponseCodes: [401, 403] },
      passwordReset: wish("/api/auth/password-reset", 3, 300),
      invite: wish("/api/invites", 5, 300),
      export: wish("/api/exports", 5, 300, ["POST", "GET"]),
    },
    api: { enabled: api, requests: 600, periodSeconds: 60 },
  };
}

const summary = (input: RateLimitInputs) =>
  designRateLimits(input).rules.map((r) => `${r.key} ${r.requests}/${r.periodSeconds}s ${r.paths?.join(",") ?? "API"} ${r.methods?.join(",") ?? "any"} ${r.countResponseCodes.join(",") || "all"}`);

describe("the rate-limit design per plan tier", () => {
  test("business: the prod design fits as written, five rules", () => {
    const design = designRateLimits(prodWishes("business"));
    expect(design.adjustments).toEqual([]);
    expect(summary(prodWishes("business"))).toEqual([
      "login 10/60s /api/auth/login POST 401,403",
      "passwordReset 3/300s /api/auth/password-reset POST all",
      "invite 5/300s /api/invites POST all",
      "export 5/300s /api/exports POST,GET all",
      "api 600/60s API any all",
    ]);
  });

  test("enterprise: same rules, and per-session counting with Advanced Rate Limiting", () => {
    const input = prodWishes("enterprise");
    input.advancedRateLimiting = true;
    input.endpoints.export = { ...input.endpoints.export, countPer: "session" };
    const design = designRateLimits(input);
    expect(design.adjustments).toEqual([]);
    expect(design.rules.map((r) => [r.key, r.countPer])).toEqual([
      ["login", "ip"],
      ["passwordReset", "ip"],
      ["invite", "ip"],
      ["export", "session"],
      ["api", "ip"],
    ]);
  });

  test("enterprise without the add-on counts per IP and says why", () => {
    const input = prodWishes("enterprise");
    input.endpoints.export = { ...input.endpoints.export, countPer: "session" };
    const design = designRateLimits(input);
    expect(design.rules.find((r) => r.key === "export")?.countPer).toBe("ip");
    expect(design.adjustments).toEqual([
      {
        path: ["sensitiveEndpoints", "export", "countPer"],
        value: "session",
        message: "counting per session needs the Advanced Rate Limiting add-on: /api/exports is counted per IP",
        options: "set edge.rateLimits.advancedRateLimiting: true if the zone has the add-on, or countPer: ip",
      },
    ]);
  });

  test("pro: periods cut to 60 s, methods and response codes dropped, API limit dropped, four endpoints in two rules", () => {
    const input = prodWishes("pro");
    expect(summary(input)).toEqual([
      // 3/300 → 0.6/60 → at least 1 per 60 s; 5/300 → 1 per 60 s: reset, invite and export share the strictest.
      "login 10/60s /api/auth/login any all",
      "passwordReset+invite+export 1/60s /api/auth/password-reset,/api/invites,/api/exports any all",
    ]);
    const messages = designRateLimits(input).adjustments.map((a) => `${a.path.join(".")}: ${a.message}`);
    expect(messages).toEqual([
      "sensitiveEndpoints.login.countResponseCodes: the pro plan has no counting expressions: every response on /api/auth/login is counted, not only 401, 403",
      "sensitiveEndpoints.passwordReset.periodSeconds: the pro plan allows rate-limit periods of 10, 60 s, not 300 s: 3 per 300 s becomes 1 per 60 s",
      "sensitiveEndpoints.invite.periodSeconds: the pro plan allows rate-limit periods of 10, 60 s, not 300 s: 5 per 300 s becomes 1 per 60 s",
      "sensitiveEndpoints.export.periodSeconds: the pro plan allows rate-limit periods of 10, 60 s, not 300 s: 5 per 300 s becomes 1 per 60 s",
      "sensitiveEndpoints.login.methods: the pro plan cannot match the request method in rate-limit rules: every method is counted on /api/auth/login (not only POST), /api/auth/password-reset (not only POST), /api/invites (not only POST), /api/exports (not only POST, GET)",
      "edge.rateLimits.api.enabled: the pro plan allows 2 rate-limit rules and the four sensitive endpoints come first: the general API limit is not deployed",
      "sensitiveEndpoints: the pro plan allows 2 rate-limit rules for 4 sensitive endpoints: combined into login (10 per 60 s per IP, shared by /api/auth/login); passwordReset+invite+export (1 per 60 s per IP, shared by /api/auth/password-reset, /api/invites, /api/exports)",
    ]);
  });

  test("free: one rule at 10 s covering every sensitive path, with the strictest limit", () => {
    expect(summary(prodWishes("free", false))).toEqual(["login+passwordReset+invite+export 1/10s /api/auth/login,/api/auth/password-reset,/api/invites,/api/exports any all"]);
  });

  test("merging joins the closest limits first, never a lenient one with a far stricter one", () => {
    const input: RateLimitInputs = {
      plan: "pro",
      advancedRateLimiting: false,
      endpoints: {
        login: wish("/l", 50, 60),
        passwordReset: wish("/r", 2, 60),
        invite: wish("/i", 3, 60),
        export: wish("/e", 40, 60),
      },
      api: { enabled: false, requests: 1, periodSeconds: 60 },
    };
    expect(summary(input)).toEqual(["login+export 40/60s /l,/e any all", "passwordReset+invite 2/60s /r,/i any all"]);
  });

  test("every sensitive path stays covered on every plan", () => {
    for (const plan of ["free", "pro", "business", "enterprise"] as const) {
      const design = designRateLimits(prodWishes(plan));
      const covered = design.rules.flatMap((r) => r.paths ?? []).sort();
      expect({ plan, covered }).toEqual({ plan, covered: ["/api/auth/login", "/api/auth/password-reset", "/api/exports", "/api/invites"] });
      expect(design.rules.length).toBeLessThanOrEqual(RATE_LIMIT_PLAN_LIMITS[plan].rules);
      for (const r of design.rules) expect(RATE_LIMIT_PLAN_LIMITS[plan].periods).toContain(r.periodSeconds);
    }
  });

  test("options name the first plan that has what is missing, and no plan when none has it", () => {
    const input = prodWishes("business", false);
    input.endpoints.export = wish("/api/exports", 50, 3600);
    expect(designRateLimits(input).adjustments.map((a) => a.options)).toEqual(["use one of 10, 60, 120, 300, 600 s, or upgrade the zone's plan (Enterprise allows 3600 s)"]);
    const enterprise = prodWishes("enterprise", false);
    enterprise.endpoints.export = wish("/api/exports", 100, 7200);
    expect(designRateLimits(enterprise).adjustments).toEqual([
      {
        path: ["sensitiveEndpoints", "export", "periodSeconds"],
        value: 7200,
        message: "the enterprise plan allows rate-limit periods of 10, 60, 120, 300, 600, 3600 s, not 7200 s: 100 per 7200 s becomes 50 per 3600 s",
        options: "use one of 10, 60, 120, 300, 600, 3600 s",
      },
    ]);
  });

  test("listing every method needs no method filter, so it fits plans without one", () => {
    const input = prodWishes("pro", false);
    input.endpoints.login = wish("/api/auth/login", 10, 60, ["GET", "POST", "PUT", "PATCH", "DELETE"]);
    const design = designRateLimits(input);
    expect(design.rules[0].methods).toBeUndefined();
    expect(design.adjustments.find((a) => a.path.join(".") === "sensitiveEndpoints.login.methods")).toBeUndefined();
  });
});

describe("the rules built from the design", () => {
  test("free (dev example): one rule, path only, 10 s, cf.colo.id and ip.src", () => {
    const [contribution] = rateLimitRules(contextFor(exampleRaw("dev")));
    expect(contribution.phase).toBe("http_ratelimit");
    expect(contribution.rules).toEqual([
      {
        ref: "ratelimit_login_password_reset_invite_export",
        description: "Rate limit login, passwordReset, invite, export: 3 requests per 10 s per IP",
        expression: 'http.request.uri.path in {"/api/auth/login" "/api/auth/password-reset" "/api/invites" "/api/exports"}',
        action: "block",
        ratelimit: { characteristics: ["cf.colo.id", "ip.src"], period: 10, requestsPerPeriod: 3, mitigationTimeout: 10 },
      },
    ]);
  });

  test("business (prod example): methods in the expression, counting expression for failed logins", () => {
    const [contribution] = rateLimitRules(contextFor(exampleRaw("prod")));
    expect(contribution.rules[0]).toEqual({
      ref: "ratelimit_login",
      description: "Rate limit login: 10 requests per 60 s per IP",
      expression: 'http.request.uri.path eq "/api/auth/login" and http.request.method eq "POST"',
      action: "block",
      ratelimit: {
        characteristics: ["cf.colo.id", "ip.src"],
        period: 60,
        requestsPerPeriod: 10,
        mitigationTimeout: 60,
        countingExpression: '(http.request.uri.path eq "/api/auth/login" and http.request.method eq "POST") and http.response.code in {401 403}',
      },
    });
    expect(contribution.rules.map((r) => r.ref)).toEqual(["ratelimit_login", "ratelimit_password_reset", "ratelimit_invite", "ratelimit_export", "ratelimit_api"]);
    expect(contribution.rules[4].expression).toBe('http.host eq "api.example.com" or (http.request.uri.path eq "/api" or starts_with(http.request.uri.path, "/api/"))');
  });

  test("enterprise with Advanced Rate Limiting: per-session characteristics from the session cookies", () => {
    const raw = rawForPlan("enterprise");
    raw.edge.rateLimits.advancedRateLimiting = true;
    raw.sensitiveEndpoints.invite.countPer = "session";
    const rule = rateLimitRules(contextFor(raw))[0].rules.find((r) => r.ref === "ratelimit_invite")!;
    expect(rule.ratelimit).toEqual({
      characteristics: ["cf.colo.id", 'http.request.cookies["__Host-session"]', 'http.request.cookies["session"]'],
      period: 300,
      requestsPerPeriod: 5,
      mitigationTimeout: 300,
    });
    expect(rule.description).toBe("Rate limit invite: 5 requests per 300 s per session");
  });
});

describe("a design that does not fit, with whenOverPlan: fail", () => {
  test("the config is refused, naming the plan limit and the options, all problems at once", () => {
    const raw = exampleRaw("prod");
    raw.cloudflare.plan = "pro"; // prod keeps whenOverPlan: fail
    let error: PortalConfigError | undefined;
    try {
      parse(raw);
    } catch (e) {
      error = e as PortalConfigError;
    }
    expect(error).toBeInstanceOf(PortalConfigError);
    const byPath = Object.fromEntries(error!.problems.map((p) => [p.path, p.message]));
    expect(Object.keys(byPath)).toEqual([
      "launch-ready:portal.sensitiveEndpoints.login.countResponseCodes",
      "launch-ready:portal.sensitiveEndpoints.passwordReset.periodSeconds",
      "launch-ready:portal.sensitiveEndpoints.invite.periodSeconds",
      "launch-ready:portal.sensitiveEndpoints.export.periodSeconds",
      "launch-ready:portal.sensitiveEndpoints.login.methods",
      "launch-ready:portal.edge.rateLimits.api.enabled",
      "launch-ready:portal.sensitiveEndpoints",
    ]);
    expect(byPath["launch-ready:portal.sensitiveEndpoints.passwordReset.periodSeconds"]).toBe(
      "does not fit the plan (edge.rateLimits.whenOverPlan is fail): the pro plan allows rate-limit periods of 10, 60 s, not 300 s: 3 per 300 s becomes 1 per 60 s. Options: use one of 10, 60 s, or upgrade the zone's plan (Business allows 300 s); or set edge.rateLimits.whenOverPlan: combine to accept the stricter design",
    );
    expect(byPath["launch-ready:portal.sensitiveEndpoints"]).toMatch(/^does not fit the plan \(edge\.rateLimits\.whenOverPlan is fail\): the pro plan allows 2 rate-limit rules for 4 sensitive endpoints: combined into /);
    expect(error!.message).toMatch(/^test config has 7 config problems:\n/);
  });

  test("the same config with combine parses, and the plan warns instead", () => {
    const raw = exampleRaw("prod");
    raw.cloudflare.plan = "pro";
    raw.edge.rateLimits.whenOverPlan = "combine";
    expect(parse(raw).cloudflare.plan).toBe("pro");
  });

  test("a design that fits passes with fail", () => {
    expect(parse(exampleRaw("prod")).edge.rateLimits.whenOverPlan).toBe("fail");
  });
});

describe("cross-field rules of the sensitive endpoints", () => {
  const problems = (raw: unknown) => {
    try {
      parse(raw);
      return [];
    } catch (e) {
      return (e as PortalConfigError).problems.map((p) => `${p.path} = ${p.value}: ${p.message}`);
    }
  };

  test("password reset and invite must be stricter than login", () => {
    const raw = exampleRaw("staging");
    raw.sensitiveEndpoints.passwordReset = { requests: 10, periodSeconds: 60 };
    raw.sensitiveEndpoints.invite = { requests: 20, periodSeconds: 60 };
    expect(problems(raw)).toEqual([
      "launch-ready:portal.sensitiveEndpoints.passwordReset.requests = 10: 10 per 60 s is not stricter than login (10 per 60 s): passwordReset must allow fewer requests per second than login, e.g. 5 per 60 s",
      "launch-ready:portal.sensitiveEndpoints.invite.requests = 20: 20 per 60 s is not stricter than login (10 per 60 s): invite must allow fewer requests per second than login, e.g. 5 per 60 s",
    ]);
  });

  test("login and password reset cannot be counted per session", () => {
    const raw = rawForPlan("enterprise");
    raw.edge.rateLimits.advancedRateLimiting = true;
    raw.sensitiveEndpoints.login.countPer = "session";
    expect(problems(raw)).toEqual([
      'launch-ready:portal.sensitiveEndpoints.login.countPer = "session": login is called before anyone has a session, so a per-session counter never fills: use countPer: ip',
    ]);
  });
});
