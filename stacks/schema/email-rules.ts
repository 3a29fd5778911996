import type { z } from "zod";
import type { EmailConfig } from "./email";
import { SPF_LOOKUP_LIMIT, emailRecordPlans, planSpfRecords } from "./email-records";

type Issue = { path: (string | number)[]; input: unknown; message: string };

function isSameOrSub(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}

/**
 * Cross-field rules of the `email` section. Runs once every key has its
 * shape; each problem names the key to change (p=none for prod stays in
 * rules.ts, where it always was).
 */
export function emailProblems(email: EmailConfig, apex: string, environment: string, portalLabels: string[]): Issue[] {
  const issues: Issue[] = [];
  const domain = email.sendingDomain;

  // One provider of each kind: two SES identities for one domain fight over the same DKIM and MAIL FROM.
  const firstOfKind = new Map<string, number>();
  email.providers.forEach((p, i) => {
    if (firstOfKind.has(p.kind)) {
      issues.push({ path: ["email", "providers", i, "kind"], input: p.kind, message: `${p.kind} is already listed at email.providers[${firstOfKind.get(p.kind)}]; list each provider once` });
    } else firstOfKind.set(p.kind, i);
  });

  // One key per selector: two TXT records at one <selector>._domainkey break both (RFC 6376 §3.6.2.2).
  const selectorAt = new Map<string, string>();
  email.providers.forEach((p, i) => {
    if (p.kind === "ses") return;
    p.dkim.forEach((k, j) => {
      const where = `email.providers[${i}].dkim[${j}]`;
      const prior = selectorAt.get(k.selector);
      if (prior) issues.push({ path: ["email", "providers", i, "dkim", j, "selector"], input: k.selector, message: `selector ${k.selector} is already used at ${prior}; each DKIM key needs its own selector` });
      else selectorAt.set(k.selector, where);
    });
  });

  // RFC 7208 §4.6.4: more than 10 lookups is a permerror, which receivers treat as no SPF at all.
  for (const spf of planSpfRecords(email)) {
    if (spf.lookups > SPF_LOOKUP_LIMIT) {
      issues.push({
        // Point at the list the user can shorten: their own includes if any, else the providers.
        path: email.spf.include.length ? ["email", "spf", "include"] : ["email", "providers"],
        input: spf.terms.filter((t) => t.startsWith("include:")).join(" "),
        message: `the SPF record of ${spf.name} needs ${spf.lookups} DNS lookups${spf.unknownIncludes.length ? " or more" : ""}, over the limit of ${SPF_LOOKUP_LIMIT} (RFC 7208 §4.6.4): receivers then fail SPF for every message. Remove includes you no longer send through, or replace them with ip4:/ip6: ranges (from ${spf.sources.join(", ")})`,
      });
    }
  }

  // Names: a CNAME owns its name alone (RFC 1034 §3.6.2), two MX hosts at one MAIL FROM split bounces,
  // and a mail name must not take a portal hostname.
  const records = emailRecordPlans(email);
  const byName = new Map<string, typeof records>();
  for (const r of records) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  for (const [name, rs] of byName) {
    const cname = rs.find((r) => r.type === "CNAME");
    if (cname && rs.length > 1) {
      const other = rs.find((r) => r !== cname)!;
      issues.push({ path: cname.source.split(/[.[\]]+/).filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : s)), input: name, message: `${name} would hold a CNAME and a ${other.type} record (from ${other.source}); a CNAME must be alone at its name (RFC 1034 §3.6.2). Pick another subdomain` });
    }
    const mx = rs.filter((r) => r.type === "MX");
    if (mx.length > 1) {
      issues.push({ path: mx[1].source.split(/[.[\]]+/).filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : s)), input: name, message: `${name} would get two different MAIL FROM MX hosts (${mx.map((m) => m.content).join(", ")}); give each provider its own bounce subdomain or the same region` });
    }
  }
  const hosts = new Set(portalLabels.map((l) => (l === "@" ? apex : `${l}.${apex}`)));
  email.providers.forEach((p, i) => {
    const label = p.kind === "ses" ? p.mailFromSubdomain : p.kind === "resend" ? p.bounceSubdomain : p.kind === "postmark" ? p.returnPathSubdomain : undefined;
    if (label === undefined) return;
    const key = p.kind === "ses" ? "mailFromSubdomain" : p.kind === "resend" ? "bounceSubdomain" : "returnPathSubdomain";
    if (label === "@" || hosts.has(`${label}.${domain}`)) {
      issues.push({ path: ["email", "providers", i, key], input: label, message: `${label === "@" ? domain : `${label}.${domain}`} is a portal hostname (or the sending domain itself); the bounce domain needs a subdomain of its own, such as ${p.kind === "ses" ? "mail" : "bounces"}` });
    }
  });

  // RFC 7489 §7.1: reports to another organization's domain are only sent if that domain authorizes them.
  const ruaDomain = email.dmarc.reportAddress.split("@").pop()!.toLowerCase();
  if (!isSameOrSub(ruaDomain, apex) && !email.dmarc.authorizedReportDomains.some((d) => isSameOrSub(ruaDomain, d))) {
    issues.push({
      path: ["email", "dmarc", "reportAddress"],
      input: email.dmarc.reportAddress,
      message: `${ruaDomain} is outside ${apex}: receivers send DMARC reports there only if it publishes ${domain}._report._dmarc.${ruaDomain} TXT "v=DMARC1" (RFC 7489 §7.1). Publish that record and add ${ruaDomain} to email.dmarc.authorizedReportDomains, or use an address @${apex}`,
    });
  }

  // t=y softens the policy one step: quarantine becomes none, which prod refuses.
  if (environment === "prod" && email.dmarc.testing && email.dmarc.policy === "quarantine") {
    issues.push({
      path: ["email", "dmarc", "testing"],
      input: true,
      message: "t=y with p=quarantine acts as p=none, which is refused for prod: finish the staged rollout outside prod, or use p=reject with t=y",
    });
  }
  return issues;
}

/** Adds the email problems to the portal's refinement context. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function checkEmailRules(config: any, ctx: z.RefinementCtx): void {
  const labels = Object.values(config.domain?.hostnames ?? {}) as string[];
  for (const issue of emailProblems(config.email, config.domain.apex, config.environment, labels)) {
    ctx.addIssue({ code: "custom", path: issue.path, input: issue.input, message: issue.message });
  }
}
