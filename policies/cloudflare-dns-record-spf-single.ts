import { isSpf, normalizeName, txtText } from "./lib/dns";
import { resourcesOf, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type DnsRecordProps } from "./lib/types";

/** Two SPF records on one name make SPF evaluate to permerror (RFC 7208 §4.5): mail fails DMARC. */
export const cloudflareDnsRecordSpfSingle: LaunchReadyPolicy = {
  name: "cloudflare-dns-record-spf-single",
  description: "Each DNS name must publish at most one SPF record, because two make every SPF check fail with permerror (RFC 7208 section 4.5).",
  severity: "high",
  tags: ["email-dns", "cloudflare"],
  remediationSteps: "Merge the SPF records of a name into one TXT record with every provider's include: and a single -all.",
  validateStack: (args, report) => {
    const byName = new Map<string, { urn: string; zone: string }[]>();
    for (const r of resourcesOf(args, CF.dnsRecord)) {
      const props = r.props as DnsRecordProps;
      if (props.type !== "TXT" || !isSpf(txtText(props.content))) continue;
      const key = `${props.zoneId ?? ""}|${normalizeName(props.name)}`;
      byName.set(key, [...(byName.get(key) ?? []), { urn: r.urn, zone: String(props.zoneId ?? "") }]);
    }
    for (const [key, records] of byName) {
      if (records.length < 2) continue;
      const name = key.slice(key.indexOf("|") + 1);
      for (const rec of records.slice(1)) {
        report(`${name} must have exactly one SPF record, found ${records.length}; merge them into one TXT record (two SPF records make every check fail with permerror).`, rec.urn);
      }
    }
  },
};
