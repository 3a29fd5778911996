import { EDGE_PHASES, type PhaseContribution } from "./rulesets";
import { portalHostNames, privateRequest, type EdgeContext } from "./context";
import { hostIs } from "./expressions";

/** The Content-Security-Policy header name and value the config asks for. */
export function cspHeader({ config }: EdgeContext): { name: string; value: string } {
  const { csp } = config.edge.headers;
  const value = csp.reportUri ? `${csp.policy.replace(/;\s*$/, "")}; report-uri ${csp.reportUri}` : csp.policy;
  return { name: csp.reportOnly ? "Content-Security-Policy-Report-Only" : "Content-Security-Policy", value };
}

/**
 * Response header transform rules: security headers on every portal host,
 * and `X-Robots-Tag: noindex` on the private side so only marketing pages are
 * indexable. (HSTS is a zone setting, not a header rule.)
 */
export function responseHeaderRules(ctx: EdgeContext): PhaseContribution[] {
  const { headers } = ctx.config.edge;
  const csp = cspHeader(ctx);
  const set = (value: string) => ({ operation: "set", value });
  return [
    {
      phase: EDGE_PHASES.responseHeaders,
      source: "response-headers",
      rules: [
        {
          ref: "security_headers",
          description: "Security headers on every portal host",
          expression: hostIs(portalHostNames(ctx.hosts)),
          action: "rewrite",
          actionParameters: {
            headers: {
              "X-Content-Type-Options": set("nosniff"),
              "X-Frame-Options": set(headers.frameOptions),
              "Referrer-Policy": set(headers.referrerPolicy),
              "Permissions-Policy": set(headers.permissionsPolicy),
              [csp.name]: set(csp.value),
            },
          },
        },
        {
          ref: "noindex_private",
          description: "Keep the portal, API, admin area and login page out of search engines",
          expression: privateRequest(ctx, { withCookie: false }),
          action: "rewrite",
          actionParameters: { headers: { "X-Robots-Tag": set("noindex, nofollow") } },
        },
      ],
    },
  ];
}
