import { createPublicKey } from "node:crypto";
import { z } from "zod";
import { dnsLabel, domainName } from "./primitives";

/**
 * The mail providers launch-ready knows, with what each needs in DNS. Values a
 * provider generates per account (DKIM keys, CNAME targets) come from config;
 * what is the same for everyone (SPF includes, MX hosts) is written here once.
 */

export const PROVIDER_KINDS = ["ses", "postmark", "sendgrid", "resend", "mailgun", "google-workspace"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/**
 * What each SPF include costs in DNS lookups in total (the include itself plus
 * every include/a/mx/exists nested inside it), as the providers published them
 * when this table was written. RFC 7208 §4.6.4 allows 10 per evaluation; the
 * plan refuses a record above that, and `launch-ready email-dns` counts the
 * live value. An include not listed here is counted as 1 and reported as a
 * lower bound.
 */
export const SPF_INCLUDE_LOOKUPS: Record<string, number> = {
  "amazonses.com": 1,
  // _spf.google.com → _netblocks, _netblocks2, _netblocks3.
  "_spf.google.com": 4,
  // mailgun.org → _spf.mailgun.org (→ _spf1, _spf2) and _spf.eu.mailgun.org.
  "mailgun.org": 5,
  "sendgrid.net": 1,
  "spf.mtasv.net": 1,
};

/** The SPF include of each provider (used where the provider sends with the sending domain as envelope sender). */
export const PROVIDER_SPF_INCLUDE: Record<ProviderKind, string> = {
  ses: "amazonses.com",
  postmark: "spf.mtasv.net",
  sendgrid: "sendgrid.net",
  resend: "amazonses.com",
  mailgun: "mailgun.org",
  "google-workspace": "_spf.google.com",
};

/** SES's feedback MX for a custom MAIL FROM domain (SES developer guide, "Setting up a custom MAIL FROM domain"). */
export function sesFeedbackMx(region: string): string {
  return `feedback-smtp.${region}.amazonses.com`;
}

/** Postmark's Return-Path CNAME target (Postmark docs, "Custom Return-Path"). */
export const POSTMARK_RETURN_PATH_TARGET = "pm.mtasv.net";

const AWS_REGION = /^[a-z]{2}(?:-gov)?-[a-z]+-\d$/;
const awsRegion = z
  .string({ error: "expected an AWS region such as us-east-1" })
  .regex(AWS_REGION, { error: "expected an AWS region id such as us-east-1 or eu-west-1" });

/** A DKIM selector: one or more DNS labels (RFC 6376 §3.1), e.g. `google` or `s1`. */
export const dkimSelector = z
  .string({ error: "expected a DKIM selector such as google" })
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i, {
    error: "expected a DKIM selector: lowercase DNS labels such as google, s1 or 20240101pm (no ._domainkey suffix)",
  })
  .transform((s) => s.toLowerCase());

/** Why a DKIM public key is unusable, or undefined when it is fine. */
export function dkimKeyProblem(value: string): string | undefined {
  const tags = parseDkimKeyText(value);
  if (tags.k !== "rsa" && tags.k !== "ed25519") return `key type k=${tags.k} is not rsa or ed25519 (RFC 6376 §3.6.1, RFC 8463)`;
  const b64 = tags.p;
  if (!b64) return "no public key: expected the base64 value of p= (an empty p= means the key was revoked)";
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return "the key is not base64 (expected only A-Z a-z 0-9 + / and = padding)";
  const der = Buffer.from(b64, "base64");
  if (tags.k === "ed25519") return der.length === 32 ? undefined : `an ed25519 key is 32 bytes, this one is ${der.length}`;
  try {
    const key = createPublicKey({ key: der, format: "der", type: "spki" });
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (key.asymmetricKeyType !== "rsa") return `the key is ${key.asymmetricKeyType}, not rsa`;
    // RFC 8301 §3.2: verifiers must refuse RSA keys under 1024 bits.
    if (bits < 1024) return `the RSA key has ${bits} bits; RFC 8301 requires at least 1024 (use 2048)`;
    return undefined;
  } catch {
    return "the key is not a DER-encoded RSA public key (SubjectPublicKeyInfo)";
  }
}

/** Accepts a bare base64 key or the whole record a provider shows (`v=DKIM1; k=rsa; p=…`). */
export function parseDkimKeyText(value: string): { k: string; p: string } {
  const text = value.replace(/["\s]/g, "");
  if (!text.includes("=") || /^[A-Za-z0-9+/]+={0,2}$/.test(text)) return { k: "rsa", p: text };
  const tags: Record<string, string> = {};
  for (const part of text.split(";")) {
    const at = part.indexOf("=");
    if (at > 0) tags[part.slice(0, at).toLowerCase()] = part.slice(at + 1);
  }
  return { k: (tags.k ?? "rsa").toLowerCase(), p: tags.p ?? "" };
}

/** The TXT content launch-ready publishes for a DKIM key. */
export function dkimRecordContent(publicKey: string): string {
  const { k, p } = parseDkimKeyText(publicKey);
  return `v=DKIM1; k=${k}; p=${p}`;
}

/**
 * One DKIM key of a provider: either the public key (TXT at
 * `<selector>._domainkey`) or the CNAME target the provider hosts it at.
 */
export const DkimKeySchema = z
  .object({
    /** The selector the provider signs with (`s=` in DKIM-Signature). */
    selector: dkimSelector,
    /** The public key as the provider shows it: base64 or `v=DKIM1; k=rsa; p=…`. */
    publicKey: z
      .string({ error: "expected the DKIM public key (base64, or the whole v=DKIM1; k=rsa; p=… value)" })
      .superRefine((v, ctx) => {
        const problem = dkimKeyProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: `malformed DKIM key: ${problem}. Copy the key again from the provider's DNS settings` });
      })
      .optional(),
    /** The host the provider publishes the key at (CNAME target), e.g. `s1.domainkey.u123.wl.sendgrid.net`. */
    target: domainName.optional(),
  })
  .strict()
  .refine((k) => (k.publicKey === undefined) !== (k.target === undefined), {
    error: "give exactly one of publicKey (a TXT record) or target (a CNAME record) for this selector",
  });
export type DkimKey = z.infer<typeof DkimKeySchema>;

const dkimKeys = (example: string) =>
  z
    .array(DkimKeySchema, { error: `expected a list of DKIM keys such as [{ selector: ${example}, publicKey: "MIIBIjANBg…" }]` })
    .min(1, { error: `list the DKIM key(s) the provider shows, such as [{ selector: ${example}, publicKey: "MIIBIjANBg…" }]` });

/** Amazon SES v2: the identity, Easy DKIM, a custom MAIL FROM and a configuration set are all created. */
export const SesProviderSchema = z
  .object({
    kind: z.literal("ses"),
    /** Region of the SES identity (SES is regional). @default "us-east-1" */
    region: awsRegion.default("us-east-1"),
    /** Label of the custom MAIL FROM domain under the sending domain. @default "mail" */
    mailFromSubdomain: dnsLabel.default("mail"),
    /**
     * What SES does when the MAIL FROM MX is missing. `USE_DEFAULT_VALUE` keeps
     * mail flowing with amazonses.com as envelope (DKIM still aligns for DMARC).
     * @default "USE_DEFAULT_VALUE"
     */
    behaviorOnMxFailure: z
      .enum(["USE_DEFAULT_VALUE", "REJECT_MESSAGE"], { error: "expected USE_DEFAULT_VALUE or REJECT_MESSAGE" })
      .default("USE_DEFAULT_VALUE"),
    /** Key length of Easy DKIM keys. @default "RSA_2048_BIT" */
    dkimKeyLength: z.enum(["RSA_2048_BIT", "RSA_1024_BIT"], { error: "expected RSA_2048_BIT or RSA_1024_BIT" }).default("RSA_2048_BIT"),
    /** The identity's default configuration set. */
    configurationSet: z
      .object({
        /** Refuse to deliver to servers without TLS. @default true */
        requireTls: z.boolean({ error: "expected true or false" }).default(true),
        /** Reputation metrics (bounce and complaint rates) in CloudWatch. @default true */
        reputationMetrics: z.boolean({ error: "expected true or false" }).default(true),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** Postmark: DKIM key from the Postmark "DNS settings" page and a Return-Path CNAME. */
export const PostmarkProviderSchema = z
  .object({
    kind: z.literal("postmark"),
    dkim: dkimKeys("20240101000000pm"),
    /** Label of the Return-Path CNAME (→ pm.mtasv.net). @default "pm-bounces" */
    returnPathSubdomain: dnsLabel.default("pm-bounces"),
  })
  .strict();

/** SendGrid (automated security): DKIM CNAMEs s1/s2 and the em… return-path CNAME, all from the SendGrid UI. */
export const SendgridProviderSchema = z
  .object({
    kind: z.literal("sendgrid"),
    dkim: dkimKeys("s1"),
    /** The `em1234` CNAME SendGrid shows (its envelope domain, which carries SPF); without it, sendgrid.net is included in the sending domain's SPF. */
    returnPath: z.object({ subdomain: dnsLabel, target: domainName }).strict().optional(),
  })
  .strict();

/** Resend: DKIM key `resend._domainkey` and the `send` bounce subdomain (MX + SPF on amazonses.com). */
export const ResendProviderSchema = z
  .object({
    kind: z.literal("resend"),
    dkim: dkimKeys("resend"),
    /** Region Resend shows in its MX value. @default "us-east-1" */
    region: awsRegion.default("us-east-1"),
    /** Label of the bounce (MAIL FROM) subdomain. @default "send" */
    bounceSubdomain: dnsLabel.default("send"),
  })
  .strict();

/** Mailgun sending from the sending domain: DKIM key and `include:mailgun.org`. */
export const MailgunProviderSchema = z.object({ kind: z.literal("mailgun"), dkim: dkimKeys("mx") }).strict();

/** Google Workspace: DKIM key from Admin console (Gmail → Authenticate email) and `include:_spf.google.com`. */
export const GoogleWorkspaceProviderSchema = z.object({ kind: z.literal("google-workspace"), dkim: dkimKeys("google") }).strict();

export const EmailProviderSchema = z.discriminatedUnion(
  "kind",
  [SesProviderSchema, PostmarkProviderSchema, SendgridProviderSchema, ResendProviderSchema, MailgunProviderSchema, GoogleWorkspaceProviderSchema],
  { error: `expected kind to be one of ${PROVIDER_KINDS.join(", ")}` },
);
export type EmailProvider = z.infer<typeof EmailProviderSchema>;
export type SesProvider = z.infer<typeof SesProviderSchema>;
