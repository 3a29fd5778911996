import { hostnameMatches } from "./lib/dns";
import { ofType, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type DnsRecordProps } from "./lib/types";

const PROXIABLE = ["A", "AAAA", "CNAME"];

/** A grey-clouded portal hostname publishes the origin IP and bypasses the WAF, rate limits and TLS settings. */
export const cloudflareDnsRecordPortalProxied: LaunchReadyPolicy = {
  name: "cloudflare-dns-record-portal-proxied",
  description: "DNS records of the portal's web hostnames (app, api, www) must be proxied through Cloudflare, so the origin stays hidden and the WAF, rate limits and TLS settings apply.",
  severity: "high",
  tags: ["edge-tls", "cloudflare"],
  remediationSteps: "Set proxied: true on the A/AAAA/CNAME records of the portal hostnames.",
  configSchema: {
    properties: {
      hostnames: {
        type: "array",
        items: { type: "string", minLength: 1 },
        default: ["app", "api", "www"],
        description: "Hostnames that must be proxied: fully qualified names, or a first label (app) that matches under any zone.",
      },
    },
  },
  validateResource: ofType<DnsRecordProps>(CF.dnsRecord, (record, args, report) => {
    const { hostnames = ["app", "api", "www"] } = args.getConfig<{ hostnames?: string[] }>();
    const name = String(record.name ?? "");
    if (!hostnames.some((h) => hostnameMatches(name, h))) return args.notApplicable("Record is not a portal hostname");
    if (!PROXIABLE.includes(String(record.type))) return args.notApplicable("Only A, AAAA and CNAME records can be proxied");
    if (record.proxied !== true) {
      report(`${record.type} record ${name} must be proxied (proxied: true): unproxied, it publishes the origin address and skips the WAF, rate limits and TLS settings.`);
    }
  }),
};
