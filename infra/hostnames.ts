import type { PortalConfig } from "../stacks/schema";
import { isIpv4, isIpv6 } from "../stacks/schema";
import type { DnsRecordSpec } from "./dns";
import { switchPlan } from "./deploy/switch-plan";

/** Fully qualified names of the portal's hosts. */
export interface PortalHosts {
  apex: string;
  www: string;
  app: string;
  api: string;
}

export function portalHosts(config: PortalConfig): PortalHosts {
  const { apex, hostnames } = config.domain;
  const fqdn = (label: string) => (label === "@" ? apex : `${label}.${apex}`);
  return { apex, www: fqdn(hostnames.www), app: fqdn(hostnames.app), api: fqdn(hostnames.api) };
}

/** A, AAAA or CNAME, depending on what the origin is. */
export function recordTypeFor(origin: string): "A" | "AAAA" | "CNAME" {
  if (isIpv4(origin)) return "A";
  if (isIpv6(origin)) return "AAAA";
  return "CNAME";
}

const PURPOSE: Record<keyof PortalHosts, string> = {
  apex: "marketing site",
  www: "marketing alias",
  app: "portal",
  api: "API",
};

/**
 * The portal hostnames' DNS records, all proxied so origin IPs are never
 * published. Hosts that follow `deploy.active` point at the active colour's
 * origin with the dns switch; with the load-balancer switch they get no
 * record at all (the load balancer owns the hostname). Other hosts follow
 * `deploy.marketingOrigin`.
 *
 * The comment names no colour: a flip must change only the switched records'
 * content, nothing else (see the diff test).
 */
export function hostRecords(config: PortalConfig): DnsRecordSpec[] {
  const hosts = portalHosts(config);
  const plan = switchPlan(config);
  const activeOrigin = config.deploy.origins[plan.active];
  const records: DnsRecordSpec[] = [];
  for (const key of ["apex", "www", "app", "api"] as const) {
    const switched = plan.switchedHosts.includes(key);
    if (switched && plan.backend === "load-balancer") continue;
    const origin = switched ? activeOrigin : (config.deploy.marketingOrigin ?? activeOrigin);
    records.push({
      key,
      name: hosts[key],
      type: recordTypeFor(origin),
      content: origin,
      proxied: true,
      comment: `launch-ready: ${PURPOSE[key]}${switched ? ", follows deploy.active" : ""}`,
    });
  }
  return records;
}
