import type { PortalConfig } from "../stacks/schema";
import { isIpv4, isIpv6 } from "../stacks/schema";
import type { DnsRecordSpec } from "./dns";

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

/**
 * The four portal hostnames, all proxied so origin IPs are never published.
 * app and api follow the active colour; the marketing hosts follow
 * `deploy.marketingOrigin` (or the active colour when unset).
 */
export function hostRecords(config: PortalConfig): DnsRecordSpec[] {
  const hosts = portalHosts(config);
  const active = config.deploy.origins[config.deploy.active];
  const marketing = config.deploy.marketingOrigin ?? active;
  const rec = (key: string, name: string, origin: string, comment: string): DnsRecordSpec => ({
    key,
    name,
    type: recordTypeFor(origin),
    content: origin,
    proxied: true,
    comment,
  });
  return [
    rec("apex", hosts.apex, marketing, "launch-ready: marketing site"),
    rec("www", hosts.www, marketing, "launch-ready: marketing alias"),
    rec("app", hosts.app, active, `launch-ready: portal (${config.deploy.active})`),
    rec("api", hosts.api, active, `launch-ready: API (${config.deploy.active})`),
  ];
}
