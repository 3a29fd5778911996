import { describe, expect, it } from "vitest";
import { UsageError } from "../../scripts/lib/errors";
import { VerifyFileError, parseVerifyFile } from "../../scripts/verify/config-file";
import { resolveTarget } from "../../scripts/verify/target";

/** The verify file: YAML + zod, `${NAME}` from the environment (never shown), every problem at once. */

// Canary values built by concatenation, so no scanner mistakes this file for one holding credentials.
const CANARY_A = ["canary", "A", "7f3e9c"].join("-");
const CANARY_B = ["canary", "B", "51d0aa"].join("-");

const GOOD = `
baseUrl: https://app.example.com
accounts:
  buyerA: { email: buyer-a@example.com, password: "\${BUYER_A_PASSWORD}", tenant: north }
  buyerB: { email: buyer-b@example.com, password: "\${BUYER_B_PASSWORD}", tenant: south }
tenantResources:
  - { owner: buyerA, paths: ["/api/orders/ord_1"], methods: [GET, PUT] }
  - { owner: buyerA, list: /api/orders, ids: [ord_1, ord_2] }
rateLimits:
  - { path: /api/auth/login, budget: 10 }
`;

function problemsOf(text: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseVerifyFile(text, "verify.yaml", env);
  } catch (e) {
    expect(e).toBeInstanceOf(VerifyFileError);
    return (e as VerifyFileError).problems.map((p) => `${p.path}${p.value === undefined ? "" : ` = ${p.value}`}: ${p.message}`);
  }
  throw new Error("expected problems");
}

describe("parseVerifyFile", () => {
  it("fills ${NAME} from the environment and remembers the values as secrets", () => {
    const loaded = parseVerifyFile(GOOD, "verify.yaml", { BUYER_A_PASSWORD: CANARY_A, BUYER_B_PASSWORD: CANARY_B });
    expect(loaded.config.accounts).toEqual({
      buyerA: { email: "buyer-a@example.com", password: CANARY_A, tenant: "north" },
      buyerB: { email: "buyer-b@example.com", password: CANARY_B, tenant: "south" },
    });
    expect(loaded.secrets).toEqual([CANARY_A, CANARY_B]);
    expect(loaded.config.rateLimits).toEqual([{ path: "/api/auth/login", method: "POST", budget: 10 }]);
  });

  it("leaves the login body's ${email}/${password} for the account, not the environment", () => {
    const loaded = parseVerifyFile(`routes:\n  login: { path: /login, body: { user: "\${email}", pass: "\${password}" } }\n`, "verify.yaml", {});
    expect(loaded.config.routes?.login?.body).toEqual({ user: "${email}", pass: "${password}" });
  });

  it("lists every problem at once with its key path, the value as written, and never an environment value", () => {
    const text = `
baseUrl: app.example.com/path
timeoutMs: -5
acounts: {}
accounts:
  buyerA: { email: buyer-a@example.com, password: "\${BUYER_A_PASSWORD}" }
  buyerB: { email: buyer-b@example.com, password: "\${MISSING_PASSWORD}" }
tenantResources:
  - { owner: buyerC, paths: ["/api/orders/1"] }
  - { owner: buyerA, list: /api/orders }
rateLimits:
  - { path: api/auth/login, method: FETCH, budget: 0 }
latency: { p95Ms: "fast" }
`;
    const problems = problemsOf(text, { BUYER_A_PASSWORD: CANARY_A });
    expect(problems).toEqual([
      'accounts.buyerB.password = "${MISSING_PASSWORD}": environment variable MISSING_PASSWORD is not set; export it before running verify (the value is never printed)',
      'baseUrl = "app.example.com/path": expected an http(s) origin with no path, such as https://app.example.com',
      "timeoutMs = -5: must be at least 1 milliseconds",
      'tenantResources.1.ids: a list needs ids: the owner\'s record ids that must never appear in another account\'s list',
      'rateLimits.0.path = "api/auth/login": expected a path that starts with / (no spaces, no #), such as /api/orders',
      'rateLimits.0.method = "FETCH": expected one of GET, POST, PUT, PATCH, DELETE',
      "rateLimits.0.budget = 0: must be at least 1 requests",
      'latency.p95Ms = "fast": expected a whole number of milliseconds',
      `acounts = {}: unknown key "acounts"; allowed keys here: baseUrl, timeoutMs, routes, accounts, tenantResources, cors, csrf, rateLimits, latency, health, session, tls, inputValidation, email. Check the spelling or remove it.`,
    ]);
    expect(problems.join("\n")).not.toContain(CANARY_A);
  });

  it("refuses references to accounts that do not exist", () => {
    expect(problemsOf(`accounts:\n  buyerA: { email: a@example.com, password: x }\ntenantResources:\n  - { owner: buyerZ, paths: [/x] }\nlatency: { as: nobody }\n`)).toEqual([
      'tenantResources.0.owner = "buyerZ": no account named "buyerZ"; accounts listed: buyerA',
      'latency.as = "nobody": no account named "nobody"; accounts listed: buyerA',
    ]);
  });

  it("says when the file is not YAML or not a mapping", () => {
    expect(() => parseVerifyFile("a: [1,", "v.yaml", {})).toThrow(UsageError);
    expect(() => parseVerifyFile("- 1\n- 2\n", "v.yaml", {})).toThrow("v.yaml: expected a mapping of keys (baseUrl, routes, accounts, ...) at the top level");
  });

  it("formats the error for people: file, count, one line per problem, what to do", () => {
    try {
      parseVerifyFile("timeoutMs: 0\n", "qa/verify.yaml", {});
      throw new Error("expected an error");
    } catch (e) {
      expect((e as Error).message).toBe("qa/verify.yaml has 1 problem:\n  - timeoutMs = 0: must be at least 1 milliseconds\nFix each key above and run again.");
    }
  });
});

describe("resolveTarget", () => {
  it("takes the app host, routes, CORS origins, rate limits and email domain from the stack", () => {
    const t = resolveTarget({ stack: "prod" });
    expect(t.baseUrl).toBe("https://app.example.com");
    expect(t.httpUrl).toBe("http://app.example.com");
    expect(t.routes.protected).toEqual(["/app", "/api"]);
    expect(t.routes.admin).toEqual(["/admin"]);
    expect(t.routes.public).toEqual(["/", "/pricing", "/about"]);
    expect(t.cors.allowedOrigins).toEqual(["https://app.example.com"]);
    expect(t.rateLimits).toEqual([
      { name: "login", path: "/api/auth/login", method: "POST", budget: 10 },
      { name: "passwordReset", path: "/api/auth/password-reset", method: "POST", budget: 3 },
      { name: "invite", path: "/api/invites", method: "POST", budget: 5 },
      { name: "export", path: "/api/exports", method: "POST", budget: 5 },
    ]);
    expect(t.email.domain).toBe("example.com");
    expect(t.latency).toEqual({ endpoints: ["/", "/api/health"], p95Ms: 500, requests: 100, connections: 4, as: undefined });
  });

  it("lets --url override the base URL and the verify file override the stack", () => {
    const file = parseVerifyFile("cors: { allowedOrigins: [https://partner.example.org] }\nrateLimits:\n  - { path: /api/auth/login, budget: 4 }\n", "v.yaml", {}).config;
    const t = resolveTarget({ stack: "dev", url: "https://127.0.0.1:8443", file });
    expect(t.origin).toBe("https://127.0.0.1:8443");
    expect(t.cors.allowedOrigins).toEqual(["https://partner.example.org"]);
    expect(t.rateLimits).toEqual([{ name: "/api/auth/login", path: "/api/auth/login", method: "POST", budget: 4, body: undefined, as: undefined }]);
    expect(t.email.domain).toBe("tradeloft.test");
  });

  it("with --url alone uses the schema's default routes and limits", () => {
    const t = resolveTarget({ url: "https://portal.example.org/" });
    expect(t.origin).toBe("https://portal.example.org");
    expect(t.routes.health).toBe("/api/health");
    expect(t.rateLimits.map((r) => `${r.method} ${r.path} ${r.budget}`)).toEqual(["POST /api/auth/login 10", "POST /api/auth/password-reset 3", "POST /api/invites 5", "POST /api/exports 5"]);
    expect(t.email.domain).toBeUndefined();
  });

  it("refuses a plain-HTTP twin on another host: verify contacts only the portal's host", () => {
    const file = parseVerifyFile("tls: { httpUrl: http://elsewhere.example.org }\n", "v.yaml", {}).config;
    expect(() => resolveTarget({ url: "https://app.example.com", file })).toThrow("tls.httpUrl http://elsewhere.example.org: must be on the portal's host (app.example.com); verify never contacts another host");
    const same = parseVerifyFile("tls: { httpUrl: http://app.example.com:8080 }\n", "v.yaml", {}).config;
    expect(resolveTarget({ url: "https://app.example.com", file: same }).httpUrl).toBe("http://app.example.com:8080");
  });

  it("refuses credentials in the URL and an unknown stack", () => {
    expect(() => resolveTarget({ url: "https://user:pw@app.example.com" })).toThrow("--url: credentials in the URL are not accepted; put test accounts in the verify file");
    expect(() => resolveTarget({ stack: "qa" })).toThrow(/no stack file for --stack qa .*stacks here: dev, prod, staging/);
  });
});
