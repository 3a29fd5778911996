import type { StackValidationArgs } from "@pulumi/policy";
import { normalizeName } from "./lib/dns";
import { trimPath } from "./lib/expression";
import { resourcesOf, type LaunchReadyPolicy } from "./lib/kit";
import { AWS, CF, type CloudflareHealthcheckProps, type Route53HealthCheckProps } from "./lib/types";

export interface UptimeCheck {
  urn: string;
  host: string;
  path: string;
  kind: "route53" | "cloudflare";
}

/** Every active HTTP(S) uptime check in the stack: Route 53 health checks and Cloudflare standalone health checks. */
export function uptimeChecksOf(args: StackValidationArgs): UptimeCheck[] {
  const checks: UptimeCheck[] = [];
  for (const r of resourcesOf(args, AWS.route53HealthCheck)) {
    const p = r.props as Route53HealthCheckProps;
    if (p.disabled === true || !/^HTTPS?(_STR_MATCH)?$/.test(String(p.type))) continue;
    checks.push({ urn: r.urn, host: normalizeName(p.fqdn ?? p.ipAddress), path: trimPath(String(p.resourcePath ?? "/").split("?")[0]), kind: "route53" });
  }
  for (const r of resourcesOf(args, CF.healthcheck)) {
    const p = r.props as CloudflareHealthcheckProps;
    if (p.suspended === true || !/^HTTPS?$/.test(String(p.type ?? "HTTP"))) continue;
    checks.push({ urn: r.urn, host: normalizeName(p.address), path: trimPath(String(p.httpConfig?.path ?? "/").split("?")[0]), kind: "cloudflare" });
  }
  return checks;
}

/** The checklist: "uptime monitoring active" for the homepage, login and health endpoint. */
export const pulumiStackUptimeChecks: LaunchReadyPolicy = {
  name: "pulumi-stack-uptime-checks",
  description: "Every path the stack claims to monitor (homepage, login, health) must have an active HTTP(S) uptime check: a Route 53 health check or a Cloudflare health check.",
  severity: "high",
  tags: ["monitoring-logs", "pulumi"],
  remediationSteps: "Add an aws.route53.HealthCheck (type HTTPS, fqdn, resourcePath) or a cloudflare.Healthcheck (address, httpConfig.path) for the path.",
  configSchema: {
    properties: {
      monitoredPaths: { type: "array", items: { type: "string", pattern: "^/" }, default: [], description: "Paths that must be checked from outside. Empty: the stack claims none and the policy does not apply." },
      monitoredHosts: { type: "array", items: { type: "string" }, default: [], description: "Hosts a check may target (empty: any host)." },
    },
  },
  validateStack: (args, report) => {
    const { monitoredPaths = [], monitoredHosts = [] } = args.getConfig<{ monitoredPaths?: string[]; monitoredHosts?: string[] }>();
    if (monitoredPaths.length === 0) return args.notApplicable("No monitored paths configured");
    const hosts = monitoredHosts.map(normalizeName);
    const checks = uptimeChecksOf(args).filter((c) => hosts.length === 0 || hosts.includes(c.host));
    for (const path of monitoredPaths) {
      if (!checks.some((c) => c.path === trimPath(path))) {
        const found = [...new Set(checks.map((c) => `${c.host}${c.path}`))];
        report(`${path} must have an active uptime check (Route 53 HealthCheck or Cloudflare Healthcheck requesting that path${hosts.length ? ` on ${hosts.join(" or ")}` : ""}); found ${found.length ? `checks for ${found.join(", ")}` : "no uptime checks"}.`);
      }
    }
  },
};
