import { describe, expect, test } from "vitest";
import { runOffline } from "../../scripts/plan/run-offline";
import { EDGE_PHASES, EdgeRulesets, PhaseRules, type EdgeRule } from "../../infra/edge/rulesets";
import { edgePhaseRules } from "../../infra/edge";
import { contextFor, exampleRaw } from "./configs";

const rule = (ref: string, expression = 'http.host eq "a.example.com"'): EdgeRule => ({ ref, description: ref, expression, action: "block" });

describe("the per-phase rule registry", () => {
  test("two concerns in one phase share one ruleset, in contribution order", async () => {
    const registry = new PhaseRules()
      .add({ phase: EDGE_PHASES.customWaf, source: "waf", rules: [rule("a"), rule("b")] })
      .add({ phase: EDGE_PHASES.customWaf, source: "bots", rules: [rule("c")] })
      .add({ phase: EDGE_PHASES.cache, source: "cache", rules: [] });
    expect(registry.phases()).toEqual(["http_request_firewall_custom"]);

    const run = await runOffline({
      project: "launch-ready",
      stack: "test",
      config: {},
      secretKeys: [],
      program: () => {
        new EdgeRulesets("shop-rulesets", { zoneId: "zone-1", portalName: "shop", rules: registry });
        return {};
      },
    });
    const rulesets = run.resources.filter((r) => r.type === "cloudflare:index/ruleset:Ruleset");
    expect(rulesets.map((r) => ({ name: r.name, inputs: r.inputs }))).toEqual([
      {
        name: "shop-rulesets-waf-custom",
        inputs: {
          zoneId: "zone-1",
          kind: "zone",
          phase: "http_request_firewall_custom",
          name: "shop waf-custom (launch-ready)",
          description: "Entry point for http_request_firewall_custom, owned by launch-ready (waf, bots). Edit the stack config, not the dashboard.",
          rules: [rule("a"), rule("b"), rule("c")],
        },
      },
    ]);
    expect(rulesets[0].parent).toMatch(/EdgeRulesets::shop-rulesets$/);
  });

  test("a rule ref used twice in a phase is refused, naming the contributor", () => {
    const registry = new PhaseRules().add({ phase: EDGE_PHASES.rateLimits, source: "rate-limits", rules: [rule("login")] });
    expect(() => registry.add({ phase: EDGE_PHASES.rateLimits, source: "bots", rules: [rule("login")] })).toThrow(
      'two rules in phase http_ratelimit share the ref "login" (from bots); each rule needs its own ref',
    );
  });

  test("the same ref in different phases is fine", () => {
    const registry = new PhaseRules()
      .add({ phase: EDGE_PHASES.cache, source: "cache", rules: [rule("x")] })
      .add({ phase: EDGE_PHASES.responseHeaders, source: "headers", rules: [rule("x")] });
    expect(registry.phases()).toEqual(["http_request_cache_settings", "http_response_headers_transform"]);
  });
});

test("rules from another component join the edge's phase after its own rules", () => {
  const rules = edgePhaseRules(contextFor(exampleRaw("prod")), [{ phase: EDGE_PHASES.customWaf, source: "bots", rules: [rule("block_bad_bots", "cf.client.bot")] }]);
  expect(rules.rulesFor(EDGE_PHASES.customWaf).map((r) => r.ref)).toEqual(["block_admin_outside_access", "block_unused_api_methods", "challenge_countries_asns", "block_bad_bots"]);
  expect(rules.sourcesFor(EDGE_PHASES.customWaf)).toEqual(["waf", "bots"]);
});
