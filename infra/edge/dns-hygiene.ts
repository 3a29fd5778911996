import * as pulumi from "@pulumi/pulumi";
import * as cloudflare from "@pulumi/cloudflare";
import type { DnsRecordSpec } from "../dns";
import type { EdgeContext } from "./context";

/**
 * CAA records (RFC 8659): only the listed CAs may issue for the zone, plus an
 * optional iodef address for refused requests. And, when configured, the one
 * wildcard record, proxied and pointing at the app host so no origin address
 * is published. Handed to PortalDns like every other record.
 */
export function dnsHygieneRecords({ config, hosts }: EdgeContext): DnsRecordSpec[] {
  const { dns } = config.edge;
  const records: DnsRecordSpec[] = dns.caaIssuers.map((issuer, i) => ({
    key: `caa-issue-${i + 1}`,
    name: hosts.apex,
    type: "CAA",
    data: { flags: 0, tag: "issue", value: issuer },
    proxied: false,
    comment: `launch-ready: ${issuer} may issue certificates`,
  }));
  if (dns.caaIssuers.length) {
    // issuewild follows the same list, so a wildcard certificate needs no separate rule.
    dns.caaIssuers.forEach((issuer, i) =>
      records.push({
        key: `caa-issuewild-${i + 1}`,
        name: hosts.apex,
        type: "CAA",
        data: { flags: 0, tag: "issuewild", value: issuer },
        proxied: false,
        comment: `launch-ready: ${issuer} may issue wildcard certificates`,
      }),
    );
  }
  if (dns.caaIssuers.length && dns.caaReportEmail) {
    records.push({
      key: "caa-iodef",
      name: hosts.apex,
      type: "CAA",
      data: { flags: 0, tag: "iodef", value: `mailto:${dns.caaReportEmail}` },
      proxied: false,
      comment: "launch-ready: where CAs report refused issuance",
    });
  }
  if (dns.wildcard) {
    records.push({
      key: "wildcard",
      name: `*.${hosts.apex}`,
      type: "CNAME",
      content: hosts.app,
      proxied: true,
      comment: "launch-ready: wildcard (edge.dns.wildcard), proxied to the app host",
    });
  }
  return records;
}

export interface EdgeDnssecArgs {
  zoneId: pulumi.Input<string>;
}

/**
 * DNSSEC for the zone. Cloudflare signs; the DS record it returns must be
 * added at the registrar (exported as `dnssecDs`).
 */
export class EdgeDnssec extends pulumi.ComponentResource {
  readonly dnssec: cloudflare.ZoneDnssec;

  constructor(name: string, args: EdgeDnssecArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:edge:EdgeDnssec", name, {}, opts);
    this.dnssec = new cloudflare.ZoneDnssec(`${name}-zone`, { zoneId: args.zoneId, status: "active" }, { parent: this });
    this.registerOutputs({});
  }
}
