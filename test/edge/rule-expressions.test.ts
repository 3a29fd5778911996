import { describe, expect, test } from "vitest";
import { all, any, hasCookie, hostIs, methodIn, not, pathIn, pathMatches, str, strSet } from "../../infra/edge/expressions";
import { edgePhaseRules } from "../../infra/edge";
import { EDGE_PHASES } from "../../infra/edge/rulesets";
import { contextFor, exampleRaw, rawForPlan, EXAMPLE_STACKS } from "./configs";
import { redirectTargetError, wirefilterError } from "./wirefilter";

describe("the wirefilter check itself", () => {
  test.each([
    ['http.request.uri.path eq "/api/auth/login"'],
    ['starts_with(http.request.uri.path, "/admin/") and not (http.host eq "app.example.com")'],
    ['http.request.method in {"GET" "POST"}'],
    ['ip.src.country in {"RU" "T1"} or ip.src.asnum in {64496 64511}'],
    ['http.cookie contains "session="'],
    ['(http.request.uri.path eq "/api/auth/login") and http.response.code in {401 403}'],
  ])("accepts %s", (expression) => {
    expect(wirefilterError(expression)).toBeUndefined();
  });

  test.each([
    ['http.request.uri.path eq "/x', "unterminated string"],
    ['http.request.uri.path eq', "missing value"],
    ['(http.host eq "a.example.com"', "unbalanced parenthesis"],
    ['http.host eq "a" and', "dangling and"],
    ['http.request.uri.paht eq "/x"', "unknown field"],
    ['starts_with(http.request.uri.path "/x")', "missing comma between arguments"],
    ['http.request.method in {"GET", "POST"}', "comma inside a set"],
    ['http.request.uri.path === "/x"', "unknown operator"],
    ['ip.src.asnum eq "64496"', "string compared with an integer field"],
    ['http.host contains', "operator without value"],
    ['"/x" eq http.request.uri.path', "literal on the left"],
  ])("rejects %s (%s)", (expression) => {
    const error = wirefilterError(expression);
    expect(error).toMatch(/^Can't (?:parse|compile) the rule: Filter parsing error/);
  });

  test("redirect targets: concat of an https origin and a known field only", () => {
    expect(redirectTargetError('concat("https://example.com", http.request.uri.path)')).toBeUndefined();
    expect(redirectTargetError('concat("https://example.com", http.request.uri.pth)')).toMatch(/unknown identifier/);
    expect(redirectTargetError('concat("http://example.com", http.request.uri.path)')).toMatch(/^not of the form/);
    expect(redirectTargetError('"https://example.com"')).toMatch(/^not of the form/);
  });
});

describe("expression builders", () => {
  test("quote strings and sets the way wirefilter reads them", () => {
    expect(str('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(strSet(["GET", "POST"])).toBe('{"GET" "POST"}');
    expect(wirefilterError(`http.request.uri.path eq ${str('/a"b\\c')}`)).toBeUndefined();
  });

  test("route paths: exact, prefix with its root, bare prefix", () => {
    expect(pathMatches(["/", "/pricing"])).toBe('http.request.uri.path in {"/" "/pricing"}');
    expect(pathMatches(["/app/*"])).toBe('http.request.uri.path eq "/app" or starts_with(http.request.uri.path, "/app/")');
    expect(pathMatches(["/files*"])).toBe('starts_with(http.request.uri.path, "/files")');
    expect(pathMatches(["/*"])).toBe('starts_with(http.request.uri.path, "/")');
    expect(pathIn(["/a"])).toBe('http.request.uri.path eq "/a"');
    expect(methodIn(["POST", "POST"])).toBe('http.request.method eq "POST"');
    expect(hostIs(["a.example.com", "a.example.com"])).toBe('http.host eq "a.example.com"');
  });

  test("and/or/not group compound parts so precedence is explicit", () => {
    const e = all([any(["http.host eq \"a\"", "http.host eq \"b\""]), not(methodIn(["GET", "POST"]))]);
    expect(e).toBe('(http.host eq "a" or http.host eq "b") and not (http.request.method in {"GET" "POST"})');
    expect(wirefilterError(e)).toBeUndefined();
    expect(not('(http.host eq "a")')).toBe('not (http.host eq "a")');
    expect(hasCookie(["__Host-session", "session"])).toBe('http.cookie contains "__Host-session=" or http.cookie contains "session="');
    expect(() => any([])).toThrow(/nothing to join/);
  });
});

describe("every rule the edge builds parses with wirefilter", () => {
  const cases = [
    ...EXAMPLE_STACKS.map((s) => [`example ${s}`, exampleRaw(s)] as const),
    ...(["free", "pro", "business", "enterprise"] as const).map((p) => [`prod on ${p}`, rawForPlan(p)] as const),
    [
      "everything optional switched on",
      (() => {
        const raw = rawForPlan("enterprise");
        raw.edge.waf.countries = { block: ["KP"], challenge: ["T1", "RU"] };
        raw.edge.waf.asns = { block: [64496], challenge: [64511, 65000] };
        raw.edge.redirect = { canonicalHost: "www" };
        raw.edge.access = { enabled: false };
        raw.edge.rateLimits.advancedRateLimiting = true;
        raw.sensitiveEndpoints.export.countPer = "session";
        raw.routes = { public: ["/", "/blog/*", "/docs*"], admin: ["/admin/*", "/staff/*"] };
        return raw;
      })(),
    ] as const,
  ];

  test.each(cases)("%s", (_label, raw) => {
    const rules = edgePhaseRules(contextFor(raw));
    let checked = 0;
    for (const phase of rules.phases()) {
      for (const rule of rules.rulesFor(phase)) {
        expect({ ref: rule.ref, error: wirefilterError(rule.expression) }).toEqual({ ref: rule.ref, error: undefined });
        const counting = (rule.ratelimit as { countingExpression?: string } | undefined)?.countingExpression;
        if (counting) expect({ ref: rule.ref, error: wirefilterError(counting) }).toEqual({ ref: rule.ref, error: undefined });
        const target = (rule.actionParameters as { fromValue?: { targetUrl: { expression: string } } } | undefined)?.fromValue?.targetUrl.expression;
        if (target) expect({ ref: rule.ref, error: redirectTargetError(target) }).toEqual({ ref: rule.ref, error: undefined });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
    expect(rules.phases()).toContain(EDGE_PHASES.rateLimits);
  });
});
