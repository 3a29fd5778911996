import type { Command } from "commander";
import { checkEmailDns, emailDnsTargetsFromConfig, type CheckEmailDnsOptions } from "../email-dns/check";
import { EXIT, UsageError } from "../lib/errors";
import { hasBlockingFailure } from "../lib/findings";
import { emit, formatOption, outputOption, useColour, type OutputFlags } from "../lib/output";
import { renderFindings } from "../lib/reports";
import { readStackPortal } from "../plan/stack-config";

/** launch-ready's own project folder (not imported from the plan: live checks never load the Pulumi program). */

interface EmailDnsFlags extends OutputFlags {
  domain?: string;
  dnsServer?: string;
  selector?: string[];
  stack?: string;
}

export function registerEmailDns(program: Command): void {
  program
    .command("email-dns")
    .description("check SPF, DKIM and DMARC as DNS serves them for a sending domain")
    .option("--domain <domain>", "sending domain to check (default: the stack's email.sendingDomain)")
    .option("--dns-server <host:port>", "DNS server to ask, e.g. 127.0.0.1:5353 (default: the system resolver)")
    .option("--selector <selector>", "DKIM selector to check (repeatable)", (v: string, all: string[] | undefined) => [...(all ?? []), v])
    .option("--stack <stack>", "also check what this stack declares: MAIL FROM names, DKIM selectors, alignment")
    .addOption(formatOption())
    .addOption(outputOption())
    .action(async (flags: EmailDnsFlags) => {
      process.exitCode = await runEmailDnsCommand(flags);
    });
}

export async function runEmailDnsCommand(flags: EmailDnsFlags): Promise<number> {
  const opts = optionsFromFlags(flags);
  const findings = await checkEmailDns(opts);
  const ctx = { title: `launch-ready email-dns --domain ${opts.domain}`, tool: "launch-ready email-dns" };
  emit(renderFindings(flags.format, findings, ctx, useColour(flags)), flags);
  return hasBlockingFailure(findings) ? EXIT.findings : EXIT.ok;
}

function optionsFromFlags(flags: EmailDnsFlags): CheckEmailDnsOptions {
  const domain = flags.domain?.toLowerCase().replace(/\.$/, "");
  if (domain !== undefined && !/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(domain)) {
    throw new UsageError(`--domain ${flags.domain}: expected a domain name such as example.com`);
  }
  const selectors = flags.selector ?? [];
  for (const s of selectors) {
    if (!/^[a-z0-9_](?:[a-z0-9_.-]{0,253})$/i.test(s) || s.includes("._domainkey")) {
      throw new UsageError(`--selector ${s}: expected a DKIM selector such as google or s1 (without ._domainkey)`);
    }
  }
  if (!flags.stack) {
    if (!domain) throw new UsageError("email-dns needs --domain (or --stack to take the stack's sending domain)");
    return { domain, dnsServer: flags.dnsServer, selectors };
  }
  const { config } = readStackPortal(flags.stack);
  const targets = emailDnsTargetsFromConfig(config);
  const sameDomain = !domain || domain === targets.domain;
  return {
    domain: domain ?? targets.domain,
    dnsServer: flags.dnsServer,
    selectors: [...selectors, ...(sameDomain ? targets.selectors : [])],
    spfNames: sameDomain ? targets.spfNames : [],
    expectedAlignment: sameDomain ? targets.expectedAlignment : undefined,
  };
}
