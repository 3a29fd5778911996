import { EDGE_PHASES, type EdgeRule, type PhaseContribution } from "./rulesets";
import type { EdgeContext } from "./context";
import { all, any, hostIs, intSet, methodIn, not, pathMatches, strSet } from "./expressions";

/** Cloudflare's managed rulesets (ids are the same in every account). */
export const MANAGED_RULESETS = {
  /** Cloudflare Managed Ruleset (paid plans). */
  cloudflareManaged: "efb7b8c949ac4650a09736fc376e9aee",
  /** Cloudflare OWASP Core Ruleset (paid plans). */
  owaspCore: "4814384a9e5d4991b9815dcfc25d2f1f",
  /** Cloudflare Free Managed Ruleset (every plan; the only one on Free). */
  freeManaged: "77454fe2d30c4220b5701f6fdfb893ba",
} as const;

/** OWASP rule 949110 "Inbound Anomaly Score Exceeded": the one rule that acts on the summed score. */
export const OWASP_ANOMALY_RULE = "6179ae15870a4bb7b2d480d4843b323c";

/** Managed WAF: what the plan allows, executed on every request of the zone. */
export function managedWafRules({ config }: EdgeContext): PhaseContribution[] {
  if (!config.edge.waf.managedRules) return [];
  const rules: EdgeRule[] =
    config.cloudflare.plan === "free"
      ? [
          {
            ref: "execute_free_managed",
            description: "Execute the Cloudflare Free Managed Ruleset",
            expression: "true",
            action: "execute",
            actionParameters: { id: MANAGED_RULESETS.freeManaged },
          },
        ]
      : [
          {
            ref: "execute_cloudflare_managed",
            description: "Execute the Cloudflare Managed Ruleset",
            expression: "true",
            action: "execute",
            actionParameters: { id: MANAGED_RULESETS.cloudflareManaged },
          },
          {
            ref: "execute_owasp_core",
            description: `Execute the Cloudflare OWASP Core Ruleset, blocking at anomaly score ${config.edge.waf.owaspScoreThreshold}`,
            expression: "true",
            action: "execute",
            actionParameters: {
              id: MANAGED_RULESETS.owaspCore,
              overrides: { rules: [{ id: OWASP_ANOMALY_RULE, action: "block", scoreThreshold: config.edge.waf.owaspScoreThreshold }] },
            },
          },
        ];
  return [{ phase: EDGE_PHASES.managedWaf, source: "waf", rules }];
}

/**
 * Custom WAF rules, most specific first (the first `block` ends evaluation):
 * 1. admin routes on any host that Access does not guard (all hosts when Access is off);
 * 2. API methods the API does not use;
 * 3. country and ASN lists from config (block, then managed challenge).
 * Countries and ASNs share one rule per action, so the Free plan's five custom rules suffice.
 */
export function customWafRules(ctx: EdgeContext): PhaseContribution[] {
  const { config, hosts } = ctx;
  const { waf, access } = config.edge;
  const rules: EdgeRule[] = [];

  const adminPaths = pathMatches(config.routes.admin);
  rules.push({
    ref: "block_admin_outside_access",
    description: access.enabled ? `Block admin routes on every host except ${hosts.app}, where Cloudflare Access (MFA) guards them` : "Block admin routes everywhere: edge.access.enabled is false, so nothing guards them",
    expression: access.enabled ? all([adminPaths, not(hostIs([hosts.app]))]) : adminPaths,
    action: "block",
  });

  rules.push({
    ref: "block_unused_api_methods",
    description: `Block HTTP methods the API does not use (allowed: ${waf.apiMethods.join(", ")})`,
    expression: all([any([hostIs([hosts.api]), pathMatches(config.routes.api)]), not(methodIn(waf.apiMethods))]),
    action: "block",
  });

  const geo = (countries: string[], asns: number[]) =>
    any([countries.length ? `ip.src.country in ${strSet(countries)}` : "", asns.length ? `ip.src.asnum in ${intSet(asns)}` : ""].filter(Boolean));
  if (waf.countries.block.length || waf.asns.block.length) {
    rules.push({
      ref: "block_countries_asns",
      description: "Block the countries and networks listed in edge.waf",
      expression: geo(waf.countries.block, waf.asns.block),
      action: "block",
    });
  }
  if (waf.countries.challenge.length || waf.asns.challenge.length) {
    rules.push({
      ref: "challenge_countries_asns",
      description: "Managed challenge for the countries and networks listed in edge.waf",
      expression: geo(waf.countries.challenge, waf.asns.challenge),
      action: "managed_challenge",
    });
  }
  return [{ phase: EDGE_PHASES.customWaf, source: "waf", rules }];
}
