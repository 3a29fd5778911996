import { promises as dns } from "node:dns";
import { isIP } from "node:net";
import { UnreachableError, UsageError } from "../lib/errors";

/**
 * The resolver shape mailauth takes: `dns.resolve(name, rrtype)` semantics,
 * errors carrying the resolver's `code` (ENOTFOUND/ENODATA mean "no record").
 */
export type DnsResolver = (name: string, rrtype: string) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Codes that mean the server could not be asked at all, as opposed to "no such record". */
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ETIMEOUT", "ECONNRESET", "ECANCELLED"]);
/** A CNAME chain longer than this is a loop (resolvers commonly stop at 8-16). */
const MAX_CNAME_HOPS = 8;

export interface DnsServer {
  host: string;
  port: number;
}

/** Parses `HOST`, `HOST:PORT`, `[IPV6]:PORT` (port 53 when absent); bad input is a UsageError. */
export function parseDnsServer(text: string): DnsServer {
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d+))?$/i.exec(text);
  const plain = /^([^:\s]+)(?::(\d+))?$/.exec(text);
  const m = bracketed ?? (isIP(text) === 6 ? [text, text, undefined] : plain);
  const port = m?.[2] === undefined ? 53 : Number(m[2]);
  if (!m || !m[1] || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`--dns-server ${text}: expected HOST or HOST:PORT, such as 127.0.0.1:5353 or [::1]:53`);
  }
  return { host: m[1], port };
}

export function isUnreachable(err: unknown): boolean {
  return UNREACHABLE_CODES.has((err as NodeJS.ErrnoException)?.code ?? "");
}

export interface ResolverOptions {
  /** `HOST:PORT` of the DNS server to ask; the system resolver when absent. */
  dnsServer?: string;
  /** Per-query timeout. @default 2000 */
  timeoutMs?: number;
}

/**
 * A resolver bound to one DNS server. An authoritative server answers a TXT
 * query at a CNAME with the CNAME only (RFC 1034 §4.3.2), so TXT lookups
 * follow CNAME chains here, as a recursive resolver would (SES DKIM keys sit
 * behind CNAMEs).
 */
export async function createResolver(opts: ResolverOptions = {}): Promise<DnsResolver> {
  const resolver = new dns.Resolver({ timeout: opts.timeoutMs ?? 2000, tries: 2 });
  if (opts.dnsServer) {
    const { host, port } = parseDnsServer(opts.dnsServer);
    let address = host;
    if (isIP(host) === 0) {
      try {
        address = (await dns.lookup(host)).address;
      } catch {
        throw new UnreachableError(`--dns-server ${opts.dnsServer}: cannot resolve the host name ${host}`);
      }
    }
    resolver.setServers([isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`]);
  }
  const resolve: DnsResolver = async (name, rrtype) => {
    let current = name;
    for (let hop = 0; ; hop++) {
      // c-ares answers a CNAME-only response with an empty list (or ENODATA): follow the CNAME then.
      let answer: unknown;
      let failure: unknown;
      try {
        answer = await resolver.resolve(current, rrtype);
        if (!Array.isArray(answer) || answer.length > 0) return answer;
      } catch (err) {
        failure = err;
        if ((err as NodeJS.ErrnoException).code !== "ENODATA") throw err;
      }
      if (rrtype === "CNAME" || hop >= MAX_CNAME_HOPS) {
        if (failure) throw failure;
        return answer;
      }
      let target: string[] = [];
      try {
        target = await resolver.resolveCname(current);
      } catch {
        target = [];
      }
      if (!target.length) {
        if (failure) throw failure;
        return answer;
      }
      current = target[0];
    }
  };
  return resolve;
}
