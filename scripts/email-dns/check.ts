import type { PortalConfig } from "../../stacks/schema";
import { declaredDkimSelectors, providerEnvelopeName } from "../../stacks/schema/email-records";
import { UnreachableError } from "../lib/errors";
import type { Finding } from "../lib/findings";
import { checkDkim } from "./dkim-check";
import { checkDmarc } from "./dmarc-check";
import { checkSpf } from "./spf-check";
import { createResolver, isUnreachable, type DnsResolver } from "./resolver";

export interface CheckEmailDnsOptions {
  /** The sending domain (From: domain), e.g. `example.com`. */
  domain: string;
  /** `HOST:PORT` of the DNS server to ask (port 53 when absent); the system resolver when unset. */
  dnsServer?: string;
  /** DKIM selectors to check at `<selector>._domainkey.<domain>`; none given → the DKIM finding is a skip. */
  selectors?: string[];
  /** More names whose SPF record is checked (MAIL FROM / bounce subdomains); the domain itself always is. */
  spfNames?: string[];
  /** The DMARC alignment the stack declares; a different published one is a warning. */
  expectedAlignment?: "strict" | "relaxed";
  /** Use this resolver instead of `dnsServer` (mailauth's `(name, rrtype)` shape). */
  resolver?: DnsResolver;
  /** Per-query timeout in ms. @default 2000 */
  timeoutMs?: number;
}

/**
 * What DNS actually serves for a sending domain, judged like a receiver
 * would: `email-spf` per SPF name, `email-dkim` per selector, `email-dmarc`.
 * Throws UnreachableError (exit 4) when the DNS server does not answer.
 */
export async function checkEmailDns(opts: CheckEmailDnsOptions): Promise<Finding[]> {
  const domain = opts.domain.toLowerCase().replace(/\.$/, "");
  const resolver = opts.resolver ?? (await createResolver({ dnsServer: opts.dnsServer, timeoutMs: opts.timeoutMs }));
  await probe(domain, resolver, opts.dnsServer);

  const spfNames = [...new Set([domain, ...(opts.spfNames ?? []).map((n) => n.toLowerCase())])];
  const selectors = [...new Set(opts.selectors ?? [])];
  const findings: Finding[] = [];
  for (const name of spfNames) findings.push(await checkSpf(name, resolver));
  if (selectors.length === 0) {
    findings.push({
      id: "email-dkim",
      area: "email-dns",
      status: "skip",
      severity: "info",
      message: `no DKIM selector to check for ${domain}: DKIM keys live at <selector>._domainkey.${domain} and the selector cannot be guessed`,
      target: domain,
      fix: "Pass --selector (repeatable) or --stack to check the selectors the stack declares.",
      mandatory: true,
    });
  }
  for (const selector of selectors) findings.push(await checkDkim(domain, selector, resolver));
  findings.push(await checkDmarc(domain, resolver, { alignment: opts.expectedAlignment }));
  return findings;
}

/** One query first, so an unreachable server is exit 4 rather than a page of failed checks. */
async function probe(domain: string, resolver: DnsResolver, server?: string): Promise<void> {
  try {
    await resolver(domain, "SOA");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (isUnreachable(err)) throw new UnreachableError(`DNS server ${server ?? "(system resolver)"} did not answer for ${domain} (${code})`);
    if (code === "EREFUSED") throw new UnreachableError(`DNS server ${server ?? "(system resolver)"} refused to answer for ${domain}: it neither serves the zone nor resolves for you`);
  }
}

/** What to check for a stack: its sending domain, every MAIL FROM name, its declared selectors and alignment. */
export function emailDnsTargetsFromConfig(config: PortalConfig): Required<Pick<CheckEmailDnsOptions, "domain" | "selectors" | "spfNames" | "expectedAlignment">> {
  const email = config.email;
  const spfNames = email.providers.map((p) => providerEnvelopeName(p, email.sendingDomain)).filter((n): n is string => n !== undefined && n !== email.sendingDomain);
  return { domain: email.sendingDomain, selectors: declaredDkimSelectors(email), spfNames: [...new Set(spfNames)], expectedAlignment: email.dmarc.alignment };
}
