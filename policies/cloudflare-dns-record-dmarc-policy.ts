import { dmarcTags, isDmarc, normalizeName, txtText } from "./lib/dns";
import { ofType, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type DnsRecordProps } from "./lib/types";

/** p=none only monitors: spoofed password resets still reach inboxes (RFC 7489 §6.3). */
export const cloudflareDnsRecordDmarcPolicy: LaunchReadyPolicy = {
  name: "cloudflare-dns-record-dmarc-policy",
  description: "A DMARC record must set its policy to quarantine or reject and name an aggregate report address (rua=mailto:), so spoofed mail is refused and failures are seen.",
  severity: "high",
  tags: ["email-dns", "cloudflare"],
  remediationSteps: 'Publish "v=DMARC1; p=quarantine; rua=mailto:dmarc@<domain>" (or p=reject) at _dmarc.<domain>.',
  configSchema: {
    properties: {
      allowedPolicies: {
        type: "array",
        items: { type: "string", enum: ["none", "quarantine", "reject"] },
        minItems: 1,
        default: ["quarantine", "reject"],
        description: "DMARC p= values accepted.",
      },
    },
  },
  validateResource: ofType<DnsRecordProps>(CF.dnsRecord, (record, args, report) => {
    const text = txtText(record.content);
    if (record.type !== "TXT" || !isDmarc(text)) return args.notApplicable("Record is not a DMARC TXT record");
    const { allowedPolicies = ["quarantine", "reject"] } = args.getConfig<{ allowedPolicies?: string[] }>();
    const name = normalizeName(record.name);
    if (!name.startsWith("_dmarc.")) report(`DMARC record must be published at _dmarc.<domain>, found it at ${name}.`);
    const tags = dmarcTags(text);
    const p = (tags.p ?? "").toLowerCase();
    if (!allowedPolicies.includes(p)) {
      report(`DMARC record ${name} must set p= to ${allowedPolicies.join(" or ")}, found ${p ? `p=${p}` : "no p= tag"}.`);
    }
    if (!/mailto:[^\s@,;]+@[^\s,;]+/i.test(tags.rua ?? "")) {
      report(`DMARC record ${name} must name an aggregate report address (rua=mailto:dmarc@<domain>), so failures are seen.`);
    }
  }),
};
