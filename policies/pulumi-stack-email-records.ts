import { isDmarc, isSpf, normalizeName, txtText } from "./lib/dns";
import { resourcesOf, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type DnsRecordProps } from "./lib/types";

/** The checklist: "SPF/DKIM/DMARC all pass for the sending domain" — so all three must be published. */
export const pulumiStackEmailRecords: LaunchReadyPolicy = {
  name: "pulumi-stack-email-records",
  description: "The sending domain the stack claims must publish SPF, DKIM and DMARC records, so portal mail (password resets, invites) reaches inboxes.",
  severity: "high",
  tags: ["email-dns", "pulumi"],
  remediationSteps: "Publish an SPF TXT at the sending domain, the provider's DKIM records at <selector>._domainkey.<domain>, and a DMARC TXT at _dmarc.<domain>.",
  configSchema: {
    properties: {
      sendingDomain: { type: "string", default: "", description: "Domain in the From: header of portal mail. Empty: the stack claims none and the policy does not apply." },
      minDkimRecords: { type: "integer", minimum: 1, default: 1, description: "DKIM records expected (Amazon SES Easy DKIM publishes 3)." },
    },
  },
  validateStack: (args, report) => {
    const { sendingDomain = "", minDkimRecords = 1 } = args.getConfig<{ sendingDomain?: string; minDkimRecords?: number }>();
    if (!sendingDomain) return args.notApplicable("No sending domain configured");
    const domain = normalizeName(sendingDomain);
    const records = resourcesOf(args, CF.dnsRecord).map((r) => r.props as DnsRecordProps);
    const txtAt = (name: string) => records.filter((r) => r.type === "TXT" && normalizeName(r.name) === name).map((r) => txtText(r.content));
    if (!txtAt(domain).some(isSpf)) report(`${domain} must publish an SPF record (TXT "v=spf1 … -all" at ${domain}); none is declared.`);
    if (!txtAt(`_dmarc.${domain}`).some(isDmarc)) report(`${domain} must publish a DMARC record (TXT "v=DMARC1; p=quarantine; rua=mailto:…" at _dmarc.${domain}); none is declared.`);
    const dkim = records.filter((r) => (r.type === "CNAME" || r.type === "TXT") && normalizeName(r.name).endsWith(`._domainkey.${domain}`));
    if (dkim.length < minDkimRecords) {
      report(`${domain} must publish ${minDkimRecords} DKIM record(s) at <selector>._domainkey.${domain}; found ${dkim.length}.`);
    }
  },
};
