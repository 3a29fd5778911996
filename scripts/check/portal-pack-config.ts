import { portalHosts } from "../../infra/hostnames";
import type { PortalConfig } from "../../stacks/schema";
import { resolveChecks } from "../../stacks/schema/monitoring";
import type { PackConfigFile } from "./pack-config";

/** `/admin/*` → `/admin`. */
function prefix(path: string): string {
  const p = path.replace(/\*$/, "").replace(/\/+$/, "");
  return p === "" ? "/" : p;
}

/**
 * What a stack claims, as policy-pack config: the same PortalConfig that
 * provisions the portal tells the pack which plan, paths, hosts and domain
 * to hold it to. `launch-ready check --emit-pack-config` writes this for
 * `pulumi preview --policy-pack policies --policy-pack-config <file>`.
 */
export function packConfigFromPortal(config: PortalConfig): PackConfigFile {
  const hosts = portalHosts(config);
  const plan = config.cloudflare.plan;
  const { routes } = config;
  // Checks resolved the way the program builds them (defaults follow the routes).
  const checks = resolveChecks(config);
  const sensitive = Object.entries(config.sensitiveEndpoints).map(([name, e]) => ({ name, path: e.path }));
  return {
    "cloudflare-dns-record-portal-proxied": { hostnames: [hosts.apex, hosts.www, hosts.app, hosts.api] },
    "cloudflare-access-application-admin-mfa": { adminDestinations: routes.admin.map((p) => `${hosts.app}${prefix(p)}`) },
    "cloudflare-ruleset-cache-private": {
      privatePaths: [...new Set([...routes.portal, ...routes.api, ...routes.admin, routes.loginPage].map(prefix))],
      privateHosts: [hosts.app, hosts.api],
    },
    "cloudflare-ruleset-managed-waf": { plan },
    "cloudflare-ruleset-rate-limit-plan": { plan },
    "cloudflare-ruleset-rate-limit-coverage": { sensitivePaths: sensitive },
    "cloudflare-dns-record-dmarc-policy": { allowedPolicies: config.environment === "prod" ? ["quarantine", "reject"] : config.email.dmarc.policy === "none" ? ["none", "quarantine", "reject"] : ["quarantine", "reject"] },
    "pulumi-stack-email-records": { sendingDomain: config.email.sendingDomain },
    "pulumi-stack-uptime-checks": {
      monitoredPaths: [...new Set(checks.map((c) => c.path))],
      monitoredHosts: [...new Set(checks.map((c) => hosts[c.host]))],
    },
    "pulumi-stack-alert-targets": { alertEmails: config.monitoring.alerts.emails },
    "pulumi-stack-blue-green-switch": { hostnames: [hosts.app, hosts.api] },
  };
}
