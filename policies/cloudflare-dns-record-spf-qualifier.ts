import { isSpf, txtText } from "./lib/dns";
import { ofType, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type DnsRecordProps } from "./lib/types";

/** `+all` and `?all` let anyone send as the domain (RFC 7208 §5.1, §8). */
export const cloudflareDnsRecordSpfQualifier: LaunchReadyPolicy = {
  name: "cloudflare-dns-record-spf-qualifier",
  description: "An SPF record must end in -all or ~all; +all and ?all let anyone send mail as the domain (RFC 7208).",
  severity: "high",
  tags: ["email-dns", "cloudflare"],
  remediationSteps: 'End the SPF record with "-all" (or "~all" while rolling out), after the include: of every provider that sends for the domain.',
  validateResource: ofType<DnsRecordProps>(CF.dnsRecord, (record, args, report) => {
    const text = txtText(record.content);
    if (record.type !== "TXT" || !isSpf(text)) return args.notApplicable("Record is not an SPF TXT record");
    const terms = text.trim().split(/\s+/);
    const all = terms.filter((t) => /^[+?~-]?all$/i.test(t));
    // Without an "all", a redirect= modifier hands the verdict to another record (RFC 7208 §6.1), which is judged there.
    if (all.length === 0 && terms.some((t) => /^redirect=/i.test(t))) return;
    if (all.length === 0) {
      report(`SPF record ${record.name} must end with "-all" or "~all", found no "all" mechanism in "${text}".`);
    } else if (all.some((t) => /^[+?]?all$/i.test(t))) {
      report(`SPF record ${record.name} must not use "${all[0]}": it lets any server send as the domain; end the record with "-all" or "~all".`);
    }
  }),
};
