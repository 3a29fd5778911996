import { z } from "zod";

/**
 * Small reusable schema pieces. Every message says what is allowed, so a
 * user who gets it wrong can fix the stack file without reading this code.
 */

const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const DNS_LABEL = /^(?:@|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)$/;

/** A fully qualified, lowercase DNS name such as `example.com`. */
export const domainName = z
  .string({ error: "expected a domain name such as example.com" })
  .regex(DNS_NAME, { error: "expected a lowercase domain name such as example.com (letters, digits, hyphens, dots; no scheme, no trailing dot)" });

/** One DNS label under the zone (`app`), or `@` for the apex. */
export const dnsLabel = z
  .string({ error: "expected a DNS label such as app" })
  .regex(DNS_LABEL, { error: "expected one lowercase DNS label such as app (or @ for the apex)" });

/** A Cloudflare account or zone id: 32 lowercase hex characters. */
export const cloudflareId = z
  .string({ error: "expected a 32-character hex id from the Cloudflare dashboard" })
  .regex(/^[0-9a-f]{32}$/, { error: "expected the 32-character lowercase hex id shown in the Cloudflare dashboard (Overview → API)" });

/** A URL path such as `/api/auth/login`; a trailing `*` means "and everything below". */
export const routePath = z
  .string({ error: "expected a path such as /api/orders" })
  .regex(/^\/[A-Za-z0-9._~!$&'()+,;=:@%\/-]*\*?$/, {
    error: "expected a path that starts with / (letters, digits and -._~/ only; a trailing * matches everything below it), such as /api/orders or /admin/*",
  });

/** An exact path without wildcards (health endpoints, login pages). */
export const exactPath = z
  .string({ error: "expected a path such as /api/health" })
  .regex(/^\/[A-Za-z0-9._~!$&'()+,;=:@%\/-]*$/, { error: "expected an exact path that starts with /, without wildcards, such as /api/health" });

/** An https origin without a path: `https://app.example.com`. */
export const httpsOrigin = z
  .string({ error: "expected an origin such as https://app.example.com" })
  .regex(/^https:\/\/(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?$/, {
    error: "expected an https origin with no path, no wildcard and no trailing slash, such as https://app.example.com",
  });

export const emailAddress = z
  .string({ error: "expected an email address" })
  .regex(/^[^\s@]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, { error: "expected an email address such as ops@example.com" });

/** An https URL (webhooks, status pages). */
export const httpsUrl = z
  .string({ error: "expected an https URL" })
  .regex(/^https:\/\/[^\s/$.?#][^\s]*$/i, { error: "expected an https:// URL such as https://hooks.example.com/alerts" });

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[0-9a-f:]+:[0-9a-f:]*$/i;

/** An origin server: an IPv4/IPv6 address or a hostname (CNAME target). */
export const originAddress = z
  .string({ error: "expected an IP address or hostname" })
  .refine((v) => IPV4.test(v) || IPV6.test(v) || DNS_NAME.test(v), {
    error: "expected an origin IPv4 address (203.0.113.10), IPv6 address or hostname (origin.example.net)",
  });

export function isIpv4(v: string): boolean {
  return IPV4.test(v);
}
export function isIpv6(v: string): boolean {
  return !IPV4.test(v) && IPV6.test(v);
}

/** A name of a Pulumi config key in this project (`databaseUrl`). */
export const configKey = z
  .string({ error: "expected a config key name" })
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, { error: "expected a config key such as databaseUrl (letters, digits, - and _, starting with a letter)" });

export const environmentName = z.enum(["dev", "staging", "prod"], {
  error: "expected one of dev, staging, prod",
});

export const cloudflarePlan = z.enum(["free", "pro", "business", "enterprise"], {
  error: "expected one of free, pro, business, enterprise (the zone's Cloudflare plan)",
});
export type CloudflarePlan = z.infer<typeof cloudflarePlan>;
