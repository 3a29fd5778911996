import { fieldsOf } from "./lib/expression";
import { asArray, ofType, type LaunchReadyPolicy } from "./lib/kit";
import { CLOUDFLARE_PLANS, RATE_LIMIT_ALLOWANCE, type CloudflarePlan } from "./lib/plans";
import { CF, type RulesetProps } from "./lib/types";

/** Rate limiting rules that the zone's plan accepts: rule count, period, fields, characteristics (with cf.colo.id). */
export const cloudflareRulesetRateLimitPlan: LaunchReadyPolicy = {
  name: "cloudflare-ruleset-rate-limit-plan",
  description: "Rate limiting rules must fit the zone's Cloudflare plan (rule count, period, expression fields, counting) and count per data center with cf.colo.id, or the API rejects them.",
  severity: "high",
  tags: ["rate-limiting", "cloudflare"],
  remediationSteps: "Use a period and fields the plan allows, include cf.colo.id (and ip.src) in characteristics, or raise the plan in the policy config.",
  configSchema: {
    properties: {
      plan: { type: "string", enum: CLOUDFLARE_PLANS, default: "free", description: "The zone's Cloudflare plan." },
    },
  },
  validateResource: ofType<RulesetProps>(CF.ruleset, (ruleset, args, report) => {
    if (ruleset.phase !== "http_ratelimit") return args.notApplicable("Ruleset is not in the http_ratelimit phase");
    const { plan = "free" } = args.getConfig<{ plan?: CloudflarePlan }>();
    const allowance = RATE_LIMIT_ALLOWANCE[plan];
    const rules = asArray(ruleset.rules);
    if (rules.length > allowance.maxRules) {
      report(`The ${plan} plan allows ${allowance.maxRules} rate limiting rule(s) per zone, found ${rules.length}; merge paths into fewer rules or raise the plan.`);
    }
    rules.forEach((rule, i) => {
      const label = `rule ${i + 1}${rule.description ? ` ("${rule.description}")` : ""}`;
      const rl = rule.ratelimit;
      if (!rl) {
        report(`Rate limiting ${label} must set ratelimit (characteristics, period, requestsPerPeriod).`);
        return;
      }
      const characteristics = asArray(rl.characteristics);
      if (!characteristics.includes("cf.colo.id")) {
        report(`Rate limiting ${label} must include "cf.colo.id" in characteristics (Cloudflare counts per data center), found [${characteristics.join(", ")}].`);
      }
      if (allowance.characteristics) {
        const extra = characteristics.filter((c) => !allowance.characteristics!.includes(c));
        if (extra.length) report(`Rate limiting ${label} uses characteristics the ${plan} plan does not allow: ${extra.join(", ")}; use ${allowance.characteristics.join(" and ")}.`);
      }
      if (typeof rl.period !== "number" || !allowance.periods.includes(rl.period)) {
        report(`Rate limiting ${label} must use a period the ${plan} plan allows (${allowance.periods.join(", ")} seconds), found ${JSON.stringify(rl.period)}.`);
      }
      if (rl.countingExpression && !allowance.customCounting) {
        report(`Rate limiting ${label} sets countingExpression, which the ${plan} plan does not allow (Business and up); remove it.`);
      }
      if (allowance.fields && typeof rule.expression === "string") {
        const extra = fieldsOf(rule.expression).filter((f) => !allowance.fields!.includes(f));
        if (extra.length) report(`Rate limiting ${label} matches on fields the ${plan} plan does not allow: ${extra.join(", ")}; on ${plan} use ${allowance.fields.join(", ")}.`);
      }
    });
  }),
};
