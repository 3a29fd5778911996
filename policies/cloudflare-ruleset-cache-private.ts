import { hostnameMatches } from "./lib/dns";
import { isUnder, literalsOf, pathLiteralsOf, withoutNegations } from "./lib/expression";
import { asArray, ofType, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type RulesetProps } from "./lib/types";

/**
 * Cached authenticated responses are served to the next visitor: one user's
 * orders, another tenant's invoices. A cache rule must never make private
 * routes eligible for cache.
 */
export const cloudflareRulesetCachePrivate: LaunchReadyPolicy = {
  name: "cloudflare-ruleset-cache-private",
  description: "Cache rules must never make authenticated routes (portal, API, admin, login) or the portal's private hosts eligible for cache, so one user's data is never served to another.",
  severity: "critical",
  tags: ["authorization", "cloudflare"],
  remediationSteps: "Limit cache: true rules to public marketing paths on the marketing hosts, and add a bypass rule (cache: false) for private paths.",
  configSchema: {
    properties: {
      privatePaths: {
        type: "array",
        items: { type: "string", pattern: "^/" },
        default: ["/app", "/api", "/admin", "/login"],
        description: "Path prefixes that serve authenticated content.",
      },
      privateHosts: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Hostnames that only serve authenticated content (e.g. app.example.com, api.example.com).",
      },
    },
  },
  validateResource: ofType<RulesetProps>(CF.ruleset, (ruleset, args, report) => {
    if (ruleset.phase !== "http_request_cache_settings") return args.notApplicable("Ruleset is not in the http_request_cache_settings phase");
    const { privatePaths = ["/app", "/api", "/admin", "/login"], privateHosts = [] } = args.getConfig<{ privatePaths?: string[]; privateHosts?: string[] }>();
    asArray(ruleset.rules).forEach((rule, i) => {
      if (rule.enabled === false || rule.action !== "set_cache_settings" || rule.actionParameters?.cache !== true) return;
      // What the rule excludes (`not (...)`) is not what it caches.
      const expression = withoutNegations(String(rule.expression ?? ""));
      const label = `Cache rule ${i + 1}${rule.description ? ` ("${rule.description}")` : ""}`;
      const paths = pathLiteralsOf(expression);
      const hosts = literalsOf(expression).filter((l) => privateHosts.some((h) => hostnameMatches(l, h)));
      // A prefix match on "/" (or no path at all) reaches every private path too.
      const prefixMatch = /starts_with|wildcard|matches/.test(expression);
      const hitPaths = privatePaths.filter((p) => paths.some((lit) => isUnder(lit, p) || (prefixMatch && isUnder(p, lit))));
      if (hosts.length > 0) {
        report(`${label} caches responses of the private host ${hosts[0]}; cache rules must only match public hosts and paths.`);
      } else if (hitPaths.length > 0) {
        report(`${label} makes authenticated paths eligible for cache (${hitPaths.join(", ")}); cache only public paths and bypass cache for private ones.`);
      } else if (paths.length === 0 && !/http\.host|http\.request\.uri\.path\.extension/.test(expression)) {
        // A rule limited to hosts or to static file extensions (css, js, images) is judged by the checks above.
        report(`${label} caches every path (its expression names no path or host: ${JSON.stringify(expression)}); restrict it to public marketing paths.`);
      }
    });
  }),
};
