import { normalizeName } from "./lib/dns";
import { resourcesOf, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type DnsRecordProps, type LoadBalancerProps } from "./lib/types";

/** Rollback is "flip the switch back": each switched hostname needs exactly one thing that decides where it points. */
export const pulumiStackBlueGreenSwitch: LaunchReadyPolicy = {
  name: "pulumi-stack-blue-green-switch",
  description: "Every hostname the stack deploys blue/green must have one switch: a Cloudflare load balancer for it, or a single proxied DNS record per address type whose target flips between the colours.",
  severity: "high",
  tags: ["deployment-safety", "pulumi"],
  remediationSteps: "Declare a cloudflare.LoadBalancer named after the hostname (pools blue and green), or one proxied A/AAAA/CNAME record that points at the active colour.",
  configSchema: {
    properties: {
      hostnames: { type: "array", items: { type: "string" }, default: [], description: "Fully qualified hostnames switched between blue and green. Empty: the stack claims no blue/green and the policy does not apply." },
    },
  },
  validateStack: (args, report) => {
    const { hostnames = [] } = args.getConfig<{ hostnames?: string[] }>();
    if (hostnames.length === 0) return args.notApplicable("No blue/green hostnames configured");
    const lbs = resourcesOf(args, CF.loadBalancer).map((r) => r.props as LoadBalancerProps);
    const records = resourcesOf(args, CF.dnsRecord).map((r) => r.props as DnsRecordProps);
    for (const host of hostnames.map(normalizeName)) {
      if (lbs.some((lb) => normalizeName(lb.name) === host)) continue;
      const own = records.filter((r) => normalizeName(r.name) === host && ["A", "AAAA", "CNAME"].includes(String(r.type)));
      if (own.length === 0) {
        report(`${host} must have a blue/green switch: a Cloudflare LoadBalancer named ${host}, or one proxied DNS record pointing at the active colour; found neither.`);
        continue;
      }
      const perType = new Map<string, number>();
      own.forEach((r) => perType.set(String(r.type), (perType.get(String(r.type)) ?? 0) + 1));
      const doubled = [...perType].filter(([, n]) => n > 1).map(([t]) => t);
      if (doubled.length) report(`${host} must have one ${doubled.join("/")} record so a flip moves all traffic; found several (round-robin across colours is not a switch).`);
      const unproxied = own.filter((r) => r.proxied !== true);
      if (unproxied.length) report(`${host} switch record must be proxied, so the flip takes effect at the edge without waiting for client DNS caches.`);
    }
  },
};
