import type { Finding } from "../lib/findings";

/**
 * The email DNS checker `verify` calls for email-spf, email-dkim and
 * email-dmarc. Issue 4 builds it (`checkEmailDns` in scripts/email-dns/check.ts);
 * until it is plugged in (run-verify.ts `VerifyOptions.emailChecker`), the
 * three checks report `skip` and say why.
 */
export type EmailChecker = (opts: { domain: string; dnsServer?: string; selectors?: string[] }) => Promise<Finding[]>;
