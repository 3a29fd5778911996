import { expressionCoversPath } from "./lib/expression";
import { asArray, resourcesOf, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type RulesetProps } from "./lib/types";

interface SensitivePath {
  path: string;
  name?: string;
}

/** The checklist: login, password reset, invite and export must be throttled at the edge. */
export const cloudflareRulesetRateLimitCoverage: LaunchReadyPolicy = {
  name: "cloudflare-ruleset-rate-limit-coverage",
  description: "Every sensitive path the stack claims (login, password reset, invite, export) must be matched by an enabled rate limiting rule, so brute force and scraping are throttled at the edge.",
  severity: "critical",
  tags: ["rate-limiting", "cloudflare"],
  remediationSteps: "Add the path to an enabled rule of the zone's http_ratelimit Ruleset (e.g. http.request.uri.path eq \"/api/auth/login\").",
  configSchema: {
    properties: {
      sensitivePaths: {
        type: "array",
        items: {
          type: "object",
          properties: { path: { type: "string", pattern: "^/" }, name: { type: "string" } },
          required: ["path"],
        },
        default: [],
        description: "Paths that must be rate limited. Empty: the stack claims none and the policy does not apply.",
      },
    },
  },
  validateStack: (args, report) => {
    const { sensitivePaths = [] } = args.getConfig<{ sensitivePaths?: SensitivePath[] }>();
    if (sensitivePaths.length === 0) return args.notApplicable("No sensitive paths configured");
    const rules = resourcesOf(args, CF.ruleset)
      .map((r) => r.props as RulesetProps)
      .filter((p) => p.phase === "http_ratelimit")
      .flatMap((p) => asArray(p.rules))
      .filter((rule) => rule.enabled !== false && rule.ratelimit && typeof rule.expression === "string");
    for (const sp of sensitivePaths) {
      if (!rules.some((rule) => expressionCoversPath(rule.expression!, sp.path))) {
        report(`${sp.name ? `${sp.name} (${sp.path})` : sp.path} must be matched by an enabled rate limiting rule in an http_ratelimit Ruleset; none of the ${rules.length} rule(s) names it.`);
      }
    }
  },
};
