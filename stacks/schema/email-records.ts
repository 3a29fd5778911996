import type { EmailConfig } from "./email";
import {
  POSTMARK_RETURN_PATH_TARGET,
  PROVIDER_SPF_INCLUDE,
  SPF_INCLUDE_LOOKUPS,
  dkimRecordContent,
  sesFeedbackMx,
  type EmailProvider,
} from "./email-providers";

/**
 * The email DNS records a config asks for, as plain values. The schema's
 * rules judge them (lookup limit, name clashes) and the Pulumi program
 * publishes them, so both read the same list. SES Easy DKIM CNAMEs are not
 * here: their names come from SES at deploy time.
 */

/** RFC 7208 §4.6.4: at most 10 DNS-querying terms per SPF evaluation. */
export const SPF_LOOKUP_LIMIT = 10;

export interface EmailRecordPlan {
  /** Stable key: becomes part of the record's logical name. */
  key: string;
  /** Fully qualified name. */
  name: string;
  type: "TXT" | "CNAME" | "MX";
  content: string;
  priority?: number;
  comment: string;
  /** Config key path the record comes from (for error messages). */
  source: string;
}

export interface SpfPlan {
  key: string;
  name: string;
  /** Mechanisms in order, ending with the `all` term. */
  terms: string[];
  content: string;
  /** DNS lookups the plan can count (known include costs, 1 for unknown ones). */
  lookups: number;
  /** Includes whose nested cost is not known offline: `lookups` is a lower bound when this is not empty. */
  unknownIncludes: string[];
  /** Who asked for each include, e.g. `email.providers[1] (google-workspace)`. */
  sources: string[];
}

function fqdn(label: string, domain: string): string {
  return label === "@" ? domain : `${label}.${domain}`;
}

/** A key fragment safe in a Pulumi logical name. */
function keyPart(text: string): string {
  return text.replace(/[^a-z0-9-]/gi, "-");
}

function spfKey(name: string, domain: string): string {
  return name === domain ? "email-spf" : `email-spf-${keyPart(name.slice(0, -(domain.length + 1)))}`;
}

/** The envelope (MAIL FROM) domain a provider uses, or the sending domain when it bounces there. */
export function providerEnvelopeName(provider: EmailProvider, domain: string): string | undefined {
  switch (provider.kind) {
    case "ses":
      return fqdn(provider.mailFromSubdomain, domain);
    case "resend":
      return fqdn(provider.bounceSubdomain, domain);
    case "postmark":
      // Return-Path CNAME to Postmark: Postmark's own SPF answers for it.
      return undefined;
    case "sendgrid":
      return provider.returnPath ? undefined : domain;
    case "mailgun":
    case "google-workspace":
      return domain;
  }
}

/** One SPF record per name: every provider's include merged, ip4/ip6 first (they cost no lookup). */
export function planSpfRecords(email: EmailConfig): SpfPlan[] {
  const domain = email.sendingDomain;
  const byName = new Map<string, { ip: string[]; includes: string[]; sources: string[] }>();
  const entry = (name: string) => {
    let e = byName.get(name);
    if (!e) byName.set(name, (e = { ip: [], includes: [], sources: [] }));
    return e;
  };
  // The sending domain always gets a record: `v=spf1 -all` when nothing sends with it as envelope.
  const apex = entry(domain);
  for (const ip of email.spf.ip4) apex.ip.push(`ip4:${ip}`);
  for (const ip of email.spf.ip6) apex.ip.push(`ip6:${ip}`);
  email.providers.forEach((p, i) => {
    const name = providerEnvelopeName(p, domain);
    if (!name) return;
    const e = entry(name);
    const include = PROVIDER_SPF_INCLUDE[p.kind];
    if (!e.includes.includes(include)) e.includes.push(include);
    e.sources.push(`email.providers[${i}] (${p.kind})`);
  });
  email.spf.include.forEach((inc, i) => {
    if (!apex.includes.includes(inc)) apex.includes.push(inc);
    apex.sources.push(`email.spf.include[${i}]`);
  });
  return [...byName.entries()].map(([name, e]) => {
    const terms = [...e.ip, ...e.includes.map((d) => `include:${d}`), email.spf.all];
    const unknownIncludes = e.includes.filter((d) => SPF_INCLUDE_LOOKUPS[d] === undefined);
    const lookups = e.includes.reduce((sum, d) => sum + (SPF_INCLUDE_LOOKUPS[d] ?? 1), 0);
    return { key: spfKey(name, domain), name, terms, content: `v=spf1 ${terms.join(" ")}`, lookups, unknownIncludes, sources: e.sources };
  });
}

/** The `_dmarc` TXT value (RFC 7489 §6.3; `t=` from DMARCbis instead of `pct`). */
export function dmarcRecordContent(email: EmailConfig): string {
  const d = email.dmarc;
  const align = d.alignment === "strict" ? "s" : "r";
  const tags = [`v=DMARC1`, `p=${d.policy}`];
  if (d.subdomainPolicy) tags.push(`sp=${d.subdomainPolicy}`);
  tags.push(`adkim=${align}`, `aspf=${align}`, `rua=mailto:${d.reportAddress}`);
  if (d.testing) tags.push("t=y");
  return tags.join("; ");
}

/** Every email record the config determines (all but SES Easy DKIM CNAMEs), unproxied. */
export function emailRecordPlans(email: EmailConfig): EmailRecordPlan[] {
  const domain = email.sendingDomain;
  const out: EmailRecordPlan[] = [];
  const seen = new Set<string>();
  const add = (r: EmailRecordPlan) => {
    const id = `${r.type} ${r.name} ${r.content}`;
    if (seen.has(id)) return; // e.g. SES and Resend sharing a bounce subdomain in one region
    seen.add(id);
    out.push(r);
  };

  for (const spf of planSpfRecords(email)) {
    add({ key: spf.key, name: spf.name, type: "TXT", content: spf.content, comment: "launch-ready: SPF (RFC 7208)", source: "email.spf" });
  }
  add({ key: "email-dmarc", name: `_dmarc.${domain}`, type: "TXT", content: dmarcRecordContent(email), comment: "launch-ready: DMARC policy", source: "email.dmarc" });

  email.providers.forEach((p, i) => {
    const at = `email.providers[${i}]`;
    if (p.kind === "ses" || p.kind === "resend") {
      const label = p.kind === "ses" ? p.mailFromSubdomain : p.bounceSubdomain;
      add({
        key: `email-mx-${keyPart(label)}`,
        name: fqdn(label, domain),
        type: "MX",
        content: sesFeedbackMx(p.region),
        priority: 10,
        comment: `launch-ready: ${p.kind} MAIL FROM feedback`,
        source: at,
      });
    }
    if (p.kind === "postmark") {
      add({
        key: `email-cname-${keyPart(p.returnPathSubdomain)}`,
        name: fqdn(p.returnPathSubdomain, domain),
        type: "CNAME",
        content: POSTMARK_RETURN_PATH_TARGET,
        comment: "launch-ready: postmark Return-Path",
        source: at,
      });
    }
    if (p.kind === "sendgrid" && p.returnPath) {
      add({
        key: `email-cname-${keyPart(p.returnPath.subdomain)}`,
        name: fqdn(p.returnPath.subdomain, domain),
        type: "CNAME",
        content: p.returnPath.target,
        comment: "launch-ready: sendgrid return path",
        source: `${at}.returnPath`,
      });
    }
    if (p.kind !== "ses") {
      p.dkim.forEach((k, j) => {
        const name = `${k.selector}._domainkey.${domain}`;
        const common = { key: `email-dkim-${keyPart(k.selector)}`, name, comment: `launch-ready: ${p.kind} DKIM`, source: `${at}.dkim[${j}]` };
        if (k.publicKey !== undefined) add({ ...common, type: "TXT", content: dkimRecordContent(k.publicKey) });
        else add({ ...common, type: "CNAME", content: k.target! });
      });
    }
  });
  return out;
}

/** Selectors the config declares (SES Easy DKIM selectors are its tokens, known after deploy). */
export function declaredDkimSelectors(email: EmailConfig): string[] {
  return email.providers.flatMap((p) => (p.kind === "ses" ? [] : p.dkim.map((k) => k.selector)));
}
