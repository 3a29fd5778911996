import { EDGE_PHASES, type EdgeRule, type PhaseContribution } from "./rulesets";
import { privateRequest, type EdgeContext } from "./context";
import { all, hostIs, not, pathMatches } from "./expressions";

/**
 * Cache rules. Every matching cache rule applies and later rules override
 * earlier ones (Cloudflare cache rules are not terminating), so the bypass for
 * private requests comes LAST: nothing earlier can make the portal, the API,
 * the admin area or a request with a session cookie cacheable.
 */
export function cacheRules(ctx: EdgeContext): PhaseContribution[] {
  const { config, hosts } = ctx;
  const rules: EdgeRule[] = [];
  if (config.edge.cache.cacheMarketing) {
    rules.push({
      ref: "cache_marketing",
      description: `Cache marketing pages on ${hosts.apex} and ${hosts.www} for ${config.edge.cache.marketingEdgeTtlSeconds} s at the edge`,
      expression: all([hostIs([hosts.apex, hosts.www]), pathMatches(config.routes.public), not(privateRequest(ctx, { withCookie: true }))]),
      action: "set_cache_settings",
      actionParameters: {
        cache: true,
        edgeTtl: { mode: "override_origin", default: config.edge.cache.marketingEdgeTtlSeconds },
        browserTtl: { mode: "respect_origin" },
      },
    });
  }
  rules.push({
    ref: "bypass_private",
    description: "Never cache the portal, the API, the admin area, the login page or any request with a session cookie",
    expression: privateRequest(ctx, { withCookie: true }),
    action: "set_cache_settings",
    actionParameters: { cache: false },
  });
  return [{ phase: EDGE_PHASES.cache, source: "cache", rules }];
}
