import type { EdgeContext } from "./context";
import { rateLimitDesign } from "./rate-limits";

const ONE_YEAR = 31_536_000;

/**
 * Every explicit choice in the config that makes the edge weaker than the
 * defaults, phrased as a plan warning: what is weaker, and the key to change.
 * Plan-budget adjustments of the rate limits are listed too.
 */
export function edgeWarnings(ctx: EdgeContext): string[] {
  const { config } = ctx;
  const { tls, security, dns, waf, headers, access } = config.edge;
  const w: string[] = [];
  const key = (k: string) => `launch-ready:portal.edge.${k}`;
  if (tls.sslMode === "full") w.push(`${key("tls.sslMode")} is full: Cloudflare encrypts to the origin but does not validate its certificate; use strict with an origin certificate`);
  if (!tls.tls13) w.push(`${key("tls.tls13")} is false: TLS 1.3 is not offered`);
  if (!tls.alwaysUseHttps) w.push(`${key("tls.alwaysUseHttps")} is false: plain HTTP requests are served instead of redirected to HTTPS`);
  if (!tls.automaticHttpsRewrites) w.push(`${key("tls.automaticHttpsRewrites")} is false: http:// links in pages are not rewritten (mixed content)`);
  if (!tls.hsts.enabled) w.push(`${key("tls.hsts.enabled")} is false: no Strict-Transport-Security, browsers may still try HTTP first`);
  else if (tls.hsts.maxAgeSeconds < ONE_YEAR) w.push(`${key("tls.hsts.maxAgeSeconds")} is ${tls.hsts.maxAgeSeconds}: HSTS max-age below one year (31536000)`);
  if (tls.hsts.enabled && !tls.hsts.includeSubdomains) w.push(`${key("tls.hsts.includeSubdomains")} is false: subdomains are not covered by HSTS`);
  if (security.level === "low" || security.level === "essentially_off") w.push(`${key("security.level")} is ${security.level}: fewer suspicious visitors are challenged`);
  if (!security.browserIntegrityCheck) w.push(`${key("security.browserIntegrityCheck")} is false: requests with abusive-bot headers are not blocked`);
  if (dns.caaIssuers.length === 0) w.push(`${key("dns.caaIssuers")} is empty: no CAA records, any certificate authority may issue for ${config.domain.apex}`);
  if (!dns.dnssec) w.push(`${key("dns.dnssec")} is false: the zone is not signed, answers can be spoofed`);
  if (dns.wildcard) w.push(`${key("dns.wildcard")} is true: *.${config.domain.apex} answers for every name (proxied to the app host)`);
  if (!waf.managedRules) w.push(`${key("waf.managedRules")} is false: no managed WAF ruleset runs`);
  if (headers.csp.reportOnly) w.push(`${key("headers.csp.reportOnly")} is true: the Content-Security-Policy is reported, not enforced`);
  if (!access.enabled) w.push(`${key("access.enabled")} is false: the admin routes are not behind Access with MFA, so the edge blocks them on every host`);
  for (const a of rateLimitDesign(ctx).adjustments) {
    w.push(`rate limits (${config.cloudflare.plan} plan): ${a.message}. To avoid this: ${a.options}`);
  }
  return w;
}
