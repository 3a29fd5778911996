// Types for the mailauth 7.1 modules launch-ready uses that ship without declarations.
declare module "mailauth/lib/tools" {
  /** Fetches and validates a DKIM key record (RFC 6376 §3.6.1, RFC 8463); throws with `code` on a bad or missing key. */
  export function getPublicKey(
    type: "DKIM",
    name: string,
    minBitLength: number,
    resolver: (name: string, rrtype: string) => Promise<unknown>,
    options?: { strict?: boolean },
  ): Promise<{ rr: string; modulusLength?: number; keyType: string; flags: string[]; testing: boolean; warnings: string[] }>;
}

declare module "mailauth/lib/dmarc/get-dmarc-record" {
  /** The DMARC record that applies to a domain (RFC 9989 Tree Walk), or false. */
  function getDmarcRecord(
    domain: string,
    resolver: (name: string, rrtype: string) => Promise<unknown>,
    opts?: { strict?: boolean },
  ): Promise<getDmarcRecord.DmarcRecord | false>;
  namespace getDmarcRecord {
    interface DmarcRecord {
      v?: string;
      p?: string;
      sp?: string;
      np?: string;
      adkim?: string;
      aspf?: string;
      rua?: string;
      ruf?: string;
      pct?: number;
      t?: string;
      rr: string;
      [tag: string]: unknown;
    }
    /** Parses one record's tag-list (RFC 9989 §4.7); null in strict mode when a tag is repeated. */
    function parseDmarcRecord(txt: string, opts?: { strict?: boolean; warnings?: Set<string> }): DmarcRecord | null;
    /** The policy tags a record is applied with; null when it gets no DMARC processing at all. */
    function getPolicyTags(record: DmarcRecord): { p: string; sp?: string; np?: string } | null;
  }
  export = getDmarcRecord;
}
