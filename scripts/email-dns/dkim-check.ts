import { getPublicKey } from "mailauth/lib/tools";
import type { Finding } from "../lib/findings";
import { recordFinding, type RecordProblem } from "./finding";
import type { DnsResolver } from "./resolver";

/** RFC 8301 §3.2: verifiers refuse RSA keys under 1024 bits; 2048 is what providers issue today. */
const MIN_RSA_BITS = 1024;
const RECOMMENDED_RSA_BITS = 2048;

/**
 * The DKIM key at `<selector>._domainkey.<domain>` (CNAMEs followed), parsed
 * and validated by mailauth the way a receiver does before verifying a
 * signature (RFC 6376 §3.6.1, RFC 8463).
 */
export async function checkDkim(domain: string, selector: string, resolver: DnsResolver): Promise<Finding> {
  const name = `${selector}._domainkey.${domain}`;
  const problems: RecordProblem[] = [];
  const finding = (passMessage: string, evidence?: string) =>
    recordFinding({ id: "email-dkim", target: name, severity: "high", problems, passMessage, evidence });
  try {
    const key = await getPublicKey("DKIM", name, MIN_RSA_BITS, resolver, { strict: true });
    const bits = key.keyType === "rsa" ? `${key.modulusLength}-bit rsa` : key.keyType;
    if (key.keyType === "rsa" && (key.modulusLength ?? 0) < RECOMMENDED_RSA_BITS) {
      problems.push({ level: "warn", message: `${name} is a ${bits} key; ${RECOMMENDED_RSA_BITS} bits is the current recommendation`, fix: "Rotate to a 2048-bit key in the provider's settings." });
    }
    if (key.testing) {
      problems.push({ level: "warn", message: `${name} has t=y (testing): receivers may treat its signatures as unsigned`, fix: "Remove t=y from the key record once signing works." });
    }
    return finding(`${name}: valid ${bits} DKIM key`, shorten(key.rr));
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { rr?: string };
    if (e.code === "ENOTFOUND" || e.code === "ENODATA") {
      problems.push({ level: "fail", message: `no DKIM key at ${name}: signatures with s=${selector} cannot be verified, so DKIM fails`, fix: `Publish the key your provider shows for selector ${selector} (TXT, or the CNAME it gives).` });
      return finding("");
    }
    if (e.code && /^E(?:TIMEOUT|CONNREFUSED|SERVFAIL|REFUSED)/.test(e.code)) {
      problems.push({ level: "fail", message: `the lookup of ${name} failed (${e.code})`, fix: "Check that the DNS server answers for the domain and try again." });
      return finding("");
    }
    const revoked = /Missing key value/.test(e.message);
    problems.push({
      level: "fail",
      message: revoked ? `${name} has an empty or missing p=: the key is revoked or the record is incomplete` : `the DKIM key at ${name} is malformed: ${e.message}`,
      fix: `Copy the key record for selector ${selector} again from the provider ("v=DKIM1; k=rsa; p=<base64>").`,
    });
    return finding("", e.rr ? shorten(e.rr) : undefined);
  }
}

function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
