import { z } from "zod";
import { EmailProviderSchema } from "./email-providers";
import { domainName, emailAddress } from "./primitives";

export { PROVIDER_KINDS, type EmailProvider, type ProviderKind, type SesProvider, type DkimKey } from "./email-providers";

const IPV4_CIDR = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\/(?:3[0-2]|[12]?\d))?$/;
const IPV6_CIDR = /^[0-9a-f:]+:[0-9a-f:]*(?:\/(?:12[0-8]|1[01]\d|[1-9]?\d))?$/i;

/** How the portal sends mail (password resets, invites) and proves it. */
export const EmailSchema = z
  .object({
    /** Domain in the From: header; usually the apex. */
    sendingDomain: domainName,
    /**
     * Mail providers that send for the domain; several at once are fine (one
     * merged SPF record per name, one DKIM key per selector).
     * @default [{ kind: "ses" }]
     */
    providers: z
      .array(EmailProviderSchema, { error: "expected a list of mail providers such as [{ kind: ses }]" })
      .min(1, { error: "list at least one mail provider, such as { kind: ses }" })
      .prefault([{ kind: "ses" }]),
    /** The SPF record of the sending domain itself (bounce subdomains get their own). */
    spf: z
      .object({
        /**
         * How receivers treat hosts not listed: `-all` (fail) or `~all` (softfail).
         * `+all` and `?all` authorize everyone and are not offered.
         * @default "-all"
         */
        all: z.enum(["-all", "~all"], { error: "expected -all (fail, the safe choice) or ~all (softfail)" }).default("-all"),
        /** Other senders' SPF includes (e.g. spf.protection.outlook.com); each costs at least one of the 10 DNS lookups. @default [] */
        include: z.array(domainName).default([]),
        /** IPv4 addresses or CIDR ranges of your own mail servers (no lookup cost). @default [] */
        ip4: z.array(z.string().regex(IPV4_CIDR, { error: "expected an IPv4 address or CIDR range such as 203.0.113.25 or 203.0.113.0/24" })).default([]),
        /** IPv6 addresses or CIDR ranges of your own mail servers. @default [] */
        ip6: z.array(z.string().regex(IPV6_CIDR, { error: "expected an IPv6 address or CIDR range such as 2001:db8::25 or 2001:db8::/48" })).default([]),
      })
      .strict()
      .prefault({}),
    dmarc: z
      .object({
        /**
         * What receivers do with mail that fails DMARC. `none` only monitors: it is
         * warned about, and refused for prod.
         * @default "quarantine"
         */
        policy: z.enum(["none", "quarantine", "reject"], { error: "expected one of quarantine, reject (or none, only outside prod)" }).default("quarantine"),
        /** Policy for subdomains (`sp=`); unset means the same as `policy`. */
        subdomainPolicy: z.enum(["none", "quarantine", "reject"], { error: "expected one of none, quarantine, reject" }).optional(),
        /** Where aggregate reports go (rua). */
        reportAddress: emailAddress,
        /** DKIM and SPF identifier alignment (`adkim`/`aspf`). @default "strict" */
        alignment: z.enum(["strict", "relaxed"], { error: "expected strict or relaxed" }).default("strict"),
        /**
         * Staged rollout: `t=y` asks receivers to apply the policy one step softer
         * (reject→quarantine, quarantine→none) while reports come in. DMARCbis
         * replaced `pct` with this flag, so `pct` is never written.
         * @default false
         */
        testing: z.boolean({ error: "expected true or false" }).default(false),
        /** Not accepted: DMARCbis (RFC 9989) removed `pct`; use `testing` for a staged rollout. */
        pct: z
          .never({ error: "pct is gone in current DMARC (RFC 9989) and receivers ignore it: remove it and use testing: true (t=y) for a staged rollout" })
          .optional(),
        /**
         * Report domains outside the zone that publish the RFC 7489 §7.1
         * authorization record `<sendingDomain>._report._dmarc.<domain> TXT "v=DMARC1"`.
         * Listing one states that record exists; `email-dns` checks it live.
         * @default []
         */
        authorizedReportDomains: z.array(domainName).default([]),
      })
      .strict(),
  })
  .strict();
export type EmailConfig = z.infer<typeof EmailSchema>;
