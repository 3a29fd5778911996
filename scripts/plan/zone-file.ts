import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../lib/errors";
import type { Plan, PlannedResource } from "./model";

/** The Cloudflare v6 DNS record type token, as the plan records it. */
export const DNS_RECORD_TYPE = "cloudflare:index/dnsRecord:DnsRecord";

/** TTL written for Cloudflare's "automatic" (ttl = 1), which Cloudflare serves as 300 s. */
export const AUTOMATIC_TTL = 300;

export interface ZoneFileOptions {
  /** The zone apex, written as $ORIGIN. */
  origin: string;
  /** First comment line, e.g. the command that made the file. */
  title: string;
}

function absolute(name: string): string {
  return name.endsWith(".") ? name : `${name}.`;
}

/** Record data in master-file syntax (RFC 1035 §5.1), from Cloudflare's input shape. */
function rdata(r: PlannedResource): string | undefined {
  const i = r.inputs as Record<string, unknown>;
  const type = String(i.type);
  const content = typeof i.content === "string" ? i.content : undefined;
  switch (type) {
    case "A":
    case "AAAA":
      return content;
    case "CNAME":
    case "NS":
    case "PTR":
      return content === undefined ? undefined : absolute(content);
    case "MX":
      return content === undefined ? undefined : `${Number(i.priority ?? 10)} ${absolute(content)}`;
    case "TXT":
      // PortalDns already quotes TXT content and splits it into 255-byte strings (RFC 1035 §3.3.14).
      if (content === undefined) return undefined;
      return content.startsWith('"') ? content : `"${content.replace(/"/g, '\\"')}"`;
    case "CAA": {
      const d = i.data as { flags?: number; tag?: string; value?: string } | undefined;
      return d ? `${d.flags ?? 0} ${d.tag} "${d.value}"` : undefined;
    }
    default:
      return content;
  }
}

/**
 * The plan's DNS records as a standard zone file (RFC 1035 master file):
 * one line per record, sorted by name and type so two plans diff cleanly.
 * SOA and NS are left out: Cloudflare owns them, and imports ignore them.
 * Proxied records show the origin they point at, marked as proxied.
 */
export function renderZoneFile(plan: Plan, opts: ZoneFileOptions): string {
  const rows = plan.resources
    .filter((r) => r.type === DNS_RECORD_TYPE)
    .map((r) => {
      const i = r.inputs as Record<string, unknown>;
      const ttl = typeof i.ttl === "number" && i.ttl > 1 ? i.ttl : AUTOMATIC_TTL;
      return { name: absolute(String(i.name)), type: String(i.type), ttl, data: rdata(r), proxied: i.proxied === true, logical: r.name };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type) || String(a.data).localeCompare(String(b.data)));
  const out = [
    `; ${opts.title}`,
    `; ${rows.length} DNS records planned for ${opts.origin} (SOA and NS are Cloudflare's).`,
    `$ORIGIN ${absolute(opts.origin)}`,
    `$TTL ${AUTOMATIC_TTL}`,
  ];
  for (const row of rows) {
    if (row.data === undefined) {
      out.push(`; ${row.name} ${row.type}: value not known until deploy (${row.logical})`);
      continue;
    }
    const note = row.proxied ? ` ; ${row.logical}, proxied by Cloudflare` : ` ; ${row.logical}`;
    out.push(`${row.name} ${row.ttl} IN ${row.type} ${row.data}${note}`);
  }
  return `${out.join("\n")}\n`;
}

/** Writes the zone file; an unwritable path is bad input (exit 2). */
export function writeZoneFile(file: string, plan: Plan, opts: ZoneFileOptions): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, renderZoneFile(plan, opts));
  } catch (e) {
    throw new UsageError(`--zone-file ${file}: cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  process.stderr.write(`wrote ${file}\n`);
}
