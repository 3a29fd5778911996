import * as pulumi from "@pulumi/pulumi";
import * as cloudflare from "@pulumi/cloudflare";

/**
 * Zone entry-point phases the edge writes rules into. Cloudflare keeps exactly
 * one entry-point ruleset per phase per zone: a second one (or one made in the
 * dashboard) fails with error 20217. So concerns never create a `Ruleset`
 * themselves: they hand their rules to a `PhaseRules` registry, and
 * `EdgeRulesets` writes one ruleset per phase with every rule for it.
 */
export const EDGE_PHASES = {
  redirects: "http_request_dynamic_redirect",
  customWaf: "http_request_firewall_custom",
  rateLimits: "http_ratelimit",
  managedWaf: "http_request_firewall_managed",
  cache: "http_request_cache_settings",
  responseHeaders: "http_response_headers_transform",
} as const;
export type EdgePhase = (typeof EDGE_PHASES)[keyof typeof EDGE_PHASES];

/** Short names used in logical names (`tradeloft-edge-rulesets-ratelimit`). */
const PHASE_KEYS: Record<EdgePhase, string> = {
  http_request_dynamic_redirect: "redirects",
  http_request_firewall_custom: "waf-custom",
  http_ratelimit: "ratelimit",
  http_request_firewall_managed: "waf-managed",
  http_request_cache_settings: "cache",
  http_response_headers_transform: "response-headers",
};

/** A rule as a concern builds it: the provider's own input type, with a required stable `ref`. */
export type EdgeRule = cloudflare.types.input.RulesetRule & { ref: string; expression: string; description: string };

/** Rules for one phase from one concern. */
export interface PhaseContribution {
  phase: EdgePhase;
  /** Who contributed (`waf`, `rate-limits`, …), for descriptions and error messages. */
  source: string;
  rules: EdgeRule[];
}

/**
 * Collects every concern's rules by phase. Order within a phase is the order
 * of contribution, then of rules (it matters: cache rules later override
 * earlier ones; WAF rules stop at the first terminating action).
 */
export class PhaseRules {
  private readonly byPhase = new Map<EdgePhase, { sources: string[]; rules: EdgeRule[] }>();

  add(contribution: PhaseContribution): this {
    if (contribution.rules.length === 0) return this;
    const entry = this.byPhase.get(contribution.phase) ?? { sources: [], rules: [] };
    for (const rule of contribution.rules) {
      if (entry.rules.some((r) => r.ref === rule.ref)) {
        throw new Error(`two rules in phase ${contribution.phase} share the ref "${rule.ref}" (from ${contribution.source}); each rule needs its own ref`);
      }
      entry.rules.push(rule);
    }
    if (!entry.sources.includes(contribution.source)) entry.sources.push(contribution.source);
    this.byPhase.set(contribution.phase, entry);
    return this;
  }

  addAll(contributions: PhaseContribution[]): this {
    for (const c of contributions) this.add(c);
    return this;
  }

  phases(): EdgePhase[] {
    return [...this.byPhase.keys()];
  }

  rulesFor(phase: EdgePhase): EdgeRule[] {
    return [...(this.byPhase.get(phase)?.rules ?? [])];
  }

  sourcesFor(phase: EdgePhase): string[] {
    return [...(this.byPhase.get(phase)?.sources ?? [])];
  }
}

export interface EdgeRulesetsArgs {
  zoneId: pulumi.Input<string>;
  /** Portal name, for ruleset names shown in the dashboard. */
  portalName: string;
  rules: PhaseRules;
}

/** One zone entry-point `Ruleset` per phase that has rules; none for a phase without. */
export class EdgeRulesets extends pulumi.ComponentResource {
  readonly rulesets: Partial<Record<EdgePhase, cloudflare.Ruleset>> = {};

  constructor(name: string, args: EdgeRulesetsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:edge:EdgeRulesets", name, {}, opts);
    for (const phase of args.rules.phases()) {
      this.rulesets[phase] = new cloudflare.Ruleset(
        `${name}-${PHASE_KEYS[phase]}`,
        {
          zoneId: args.zoneId,
          kind: "zone",
          phase,
          name: `${args.portalName} ${PHASE_KEYS[phase]} (launch-ready)`,
          description: `Entry point for ${phase}, owned by launch-ready (${args.rules.sourcesFor(phase).join(", ")}). Edit the stack config, not the dashboard.`,
          rules: args.rules.rulesFor(phase),
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}
