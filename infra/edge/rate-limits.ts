import { RATE_LIMIT_PLAN_LIMITS, designRateLimits, type PlannedRateLimit, type RateLimitDesign } from "../../stacks/schema/rate-limit-plan";
import { EDGE_PHASES, type EdgeRule, type PhaseContribution } from "./rulesets";
import type { EdgeContext } from "./context";
import { all, any, hostIs, intSet, methodIn, pathIn, pathMatches } from "./expressions";

/** Counted per Cloudflare data centre: Cloudflare requires `cf.colo.id` in every rate-limit rule's characteristics. */
const COLO = "cf.colo.id";

/** The rate-limit design for this config's plan (the same function the schema checks with). */
export function rateLimitDesign({ config }: EdgeContext): RateLimitDesign {
  return designRateLimits({
    plan: config.cloudflare.plan,
    advancedRateLimiting: config.edge.rateLimits.advancedRateLimiting,
    endpoints: config.sensitiveEndpoints,
    api: config.edge.rateLimits.api,
  });
}

/**
 * Rate limiting rules: login, password reset, invite and export (merged into
 * fewer, stricter rules when the plan's budget is smaller), then the optional
 * general API limit. Blocks for one period once the limit is reached.
 */
export function rateLimitRules(ctx: EdgeContext): PhaseContribution[] {
  const design = rateLimitDesign(ctx);
  return [{ phase: EDGE_PHASES.rateLimits, source: "rate-limits", rules: design.rules.map((r) => rateLimitRule(ctx, r)) }];
}

function rateLimitRule(ctx: EdgeContext, planned: PlannedRateLimit): EdgeRule {
  const { config, hosts } = ctx;
  // Free rate-limit expressions may use the path only; Pro and up may also match the host.
  const apiRequests = RATE_LIMIT_PLAN_LIMITS[config.cloudflare.plan].hostInExpression ? any([hostIs([hosts.api]), pathMatches(config.routes.api)]) : pathMatches(config.routes.api);
  const expression =
    planned.paths === undefined
      ? apiRequests
      : planned.methods
        ? all([pathIn(planned.paths), methodIn(planned.methods)])
        : pathIn(planned.paths);
  const characteristics =
    planned.countPer === "session"
      ? [COLO, ...config.edge.sessionCookies.map((c) => `http.request.cookies["${c}"]`)]
      : [COLO, "ip.src"];
  const what = planned.paths === undefined ? "all API requests" : planned.endpoints.join(", ");
  return {
    ref: `ratelimit_${planned.key.replace(/\+/g, "_").replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`,
    description: `Rate limit ${what}: ${planned.requests} requests per ${planned.periodSeconds} s per ${planned.countPer === "session" ? "session" : "IP"}`,
    expression,
    action: "block",
    ratelimit: {
      characteristics,
      period: planned.periodSeconds,
      requestsPerPeriod: planned.requests,
      // Blocked for one period: the shortest timeout every plan accepts for that period.
      mitigationTimeout: planned.periodSeconds,
      ...(planned.countResponseCodes.length ? { countingExpression: all([expression, `http.response.code in ${intSet(planned.countResponseCodes)}`]) } : {}),
    },
  };
}
