import { EDGE_PHASES, type PhaseContribution } from "./rulesets";
import type { EdgeContext } from "./context";
import { PATH, hostIs, str } from "./expressions";

/**
 * www → apex (or apex → www) as one single-redirect rule. The path and query
 * string are kept. HTTP → HTTPS is not a rule: the zone's Always Use HTTPS
 * setting does it before any ruleset runs.
 */
export function redirectRules({ config, hosts }: EdgeContext): PhaseContribution[] {
  if (hosts.www === hosts.apex) return [];
  const toApex = config.edge.redirect.canonicalHost === "apex";
  const [from, to] = toApex ? [hosts.www, hosts.apex] : [hosts.apex, hosts.www];
  return [
    {
      phase: EDGE_PHASES.redirects,
      source: "redirects",
      rules: [
        {
          ref: toApex ? "www_to_apex" : "apex_to_www",
          description: `Redirect ${from} to the canonical host ${to}`,
          expression: hostIs([from]),
          action: "redirect",
          actionParameters: {
            fromValue: {
              statusCode: config.edge.redirect.statusCode,
              targetUrl: { expression: `concat(${str(`https://${to}`)}, ${PATH})` },
              preserveQueryString: true,
            },
          },
        },
      ],
    },
  ];
}
