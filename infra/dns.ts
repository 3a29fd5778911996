import * as pulumi from "@pulumi/pulumi";
import * as cloudflare from "@pulumi/cloudflare";

/** One DNS record as the portal wants it; the component turns it into a Cloudflare record. */
export interface DnsRecordSpec {
  /** Stable key for the logical name: `${component}-${key}` (e.g. `app`, `dkim-1`). */
  key: string;
  /** Fully qualified record name, e.g. `app.example.com` (an Output when it comes from a provider, e.g. SES DKIM tokens). */
  name: pulumi.Input<string>;
  type: "A" | "AAAA" | "CNAME" | "TXT" | "MX" | "CAA";
  /** Record content. TXT content is quoted by the component (Cloudflare expects quotes). */
  content?: pulumi.Input<string>;
  /** CAA records carry structured data instead of content. */
  data?: { flags: number; tag: string; value: string };
  priority?: number;
  /**
   * Behind Cloudflare's proxy (origin IP hidden, WAF applies). Only A/AAAA/CNAME
   * can be proxied; mail records must never be.
   */
  proxied: boolean;
  comment: string;
}

export interface PortalDnsArgs {
  zoneId: pulumi.Input<string>;
  records: DnsRecordSpec[];
}

/**
 * Every DNS record of the portal's zone, written one way. Other components
 * (email, edge) hand their records to this component rather than creating
 * `DnsRecord`s themselves, so hygiene rules live in one place.
 */
export class PortalDns extends pulumi.ComponentResource {
  /** Records by spec key. */
  readonly records: Record<string, cloudflare.DnsRecord> = {};

  constructor(name: string, args: PortalDnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:edge:PortalDns", name, {}, opts);
    assertUniqueKeys(args.records);
    for (const spec of args.records) {
      this.records[spec.key] = new cloudflare.DnsRecord(
        `${name}-${spec.key}`,
        {
          zoneId: args.zoneId,
          name: spec.name,
          type: spec.type,
          content: spec.type === "TXT" && spec.content !== undefined ? pulumi.output(spec.content).apply(quoteTxt) : spec.content,
          data: spec.data,
          priority: spec.priority,
          // Cloudflare requires a ttl; 1 means "automatic" and is the only value allowed on proxied records.
          ttl: 1,
          proxied: canProxy(spec.type) ? spec.proxied : false,
          comment: spec.comment,
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}

export function canProxy(type: DnsRecordSpec["type"]): boolean {
  return type === "A" || type === "AAAA" || type === "CNAME";
}

/**
 * Cloudflare wants TXT content in quotes, and strings over 255 bytes split into
 * several quoted chunks (RFC 1035 §3.3.14).
 */
export function quoteTxt(value: string): string {
  if (value.startsWith('"')) return value;
  const chunks: string[] = [];
  for (let i = 0; i < value.length; i += 255) chunks.push(value.slice(i, i + 255));
  return chunks.map((c) => `"${c.replace(/"/g, '\\"')}"`).join(" ");
}

function assertUniqueKeys(records: DnsRecordSpec[]): void {
  const seen = new Set<string>();
  for (const r of records) {
    if (seen.has(r.key)) throw new Error(`PortalDns: two records share the key "${r.key}"; each record needs its own key`);
    seen.add(r.key);
  }
}
