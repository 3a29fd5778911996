import { normalizeName } from "./lib/dns";
import { ofType, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type DnsRecordProps } from "./lib/types";

/** Hosts of mail providers that DKIM/MAIL FROM/return-path records point at. */
const MAIL_TARGETS = [/\.amazonses\.com\.?$/i, /\.sendgrid\.net\.?$/i, /\.mailgun\.org\.?$/i, /\.mtasv\.net\.?$/i, /\.resend\.com\.?$/i];

/** Whether a record exists for mail: the proxy only speaks HTTP(S), so proxied mail records break DKIM and bounces. */
export function isMailRecord(record: DnsRecordProps, mailHostnames: string[]): boolean {
  const name = normalizeName(record.name);
  if (record.type === "MX") return true;
  if (/(^|\.)_domainkey\./.test(name) || name.startsWith("_dmarc.")) return true;
  if (mailHostnames.map(normalizeName).includes(name)) return true;
  return typeof record.content === "string" && MAIL_TARGETS.some((re) => re.test(record.content!.trim()));
}

export const cloudflareDnsRecordMailNotProxied: LaunchReadyPolicy = {
  name: "cloudflare-dns-record-mail-not-proxied",
  description: "DNS records used for mail (MX, DKIM, MAIL FROM, return-path) must not be proxied, because Cloudflare's proxy only carries HTTP and would answer with its own addresses.",
  severity: "high",
  tags: ["email-dns", "cloudflare"],
  remediationSteps: "Set proxied: false on the mail record (DKIM CNAMEs, MAIL FROM MX/TXT, return-path CNAMEs).",
  configSchema: {
    properties: {
      mailHostnames: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Extra fully qualified names that exist for mail (e.g. the MAIL FROM subdomain).",
      },
    },
  },
  // With enforcementLevel "remediate" the pack turns the proxy off instead of refusing the change.
  remediateResource: (args) => {
    if (args.type !== CF.dnsRecord) return;
    const record = args.props as DnsRecordProps;
    const { mailHostnames = [] } = args.getConfig<{ mailHostnames?: string[] }>();
    if (record.proxied === true && isMailRecord(record, mailHostnames)) return { ...args.props, proxied: false };
    return;
  },
  validateResource: ofType<DnsRecordProps>(CF.dnsRecord, (record, args, report) => {
    const { mailHostnames = [] } = args.getConfig<{ mailHostnames?: string[] }>();
    if (!isMailRecord(record, mailHostnames)) return args.notApplicable("Record is not a mail record");
    if (record.proxied === true) {
      report(`${record.type} record ${normalizeName(record.name)} is used for mail and must not be proxied; set proxied: false (the proxy only carries HTTP).`);
    }
  }),
};
