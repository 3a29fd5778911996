import type { Finding } from "../../lib/findings";
import type { LiveCheck } from "../check";
import { finding } from "../check";

const EMAIL_IDS = ["email-spf", "email-dkim", "email-dmarc"] as const;

/**
 * email-spf, email-dkim, email-dmarc: delegated to the pluggable email DNS
 * checker (issue 4's `checkEmailDns`); `skip` with the reason when no checker
 * is plugged in or no sending domain is known.
 */
export const emailDnsCheck: LiveCheck = {
  id: "email",
  title: "SPF, DKIM and DMARC of the sending domain",
  async run({ target, emailChecker }) {
    const domain = target.email.domain;
    if (!domain) return EMAIL_IDS.map((id) => finding(id, "skip", { message: "no sending domain known: use --stack (email.sendingDomain) or set email.domain in the verify file" }));
    if (!emailChecker) return EMAIL_IDS.map((id) => finding(id, "skip", { message: `no email DNS checker is plugged into verify; run \`launch-ready email-dns --domain ${domain}\``, target: domain }));
    const found: Finding[] = await emailChecker({ domain, dnsServer: target.email.dnsServer, selectors: target.email.selectors });
    const out: Finding[] = found.map((f) => ({ ...f, area: "email-dns", target: f.target ?? domain }));
    for (const id of EMAIL_IDS) {
      if (!out.some((f) => f.id === id)) out.push(finding(id, "skip", { message: `the email checker reported nothing for ${id}`, target: domain }));
    }
    return out;
  },
};
