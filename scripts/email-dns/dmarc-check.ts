import getDmarcRecord from "mailauth/lib/dmarc/get-dmarc-record";
import type { Finding } from "../lib/findings";
import { isNoRecord, joinTxt, recordFinding, type RecordProblem } from "./finding";
import type { DnsResolver } from "./resolver";

const DMARC_START = /^v\s*=\s*dmarc1/i;
/** mailauth's exact version rule (RFC 9989 §4.7): `v=DMARC1` first, case-sensitive value. */
const DMARC_VERSION = /^[vV][ \t]*=[ \t]*DMARC1[ \t]*(?:;|$)/;

export interface DmarcExpectations {
  /** The alignment the stack declares; a different published one is a warning. */
  alignment?: "strict" | "relaxed";
}

function sameOrSub(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}

/**
 * The `_dmarc` record of a domain: one record, parseable (mailauth's RFC 9989
 * parser in strict mode), p=quarantine or reject, alignment as declared, and
 * a report address that receivers will actually send to (RFC 7489 §7.1).
 */
export async function checkDmarc(domain: string, resolver: DnsResolver, expect: DmarcExpectations = {}): Promise<Finding> {
  const name = `_dmarc.${domain}`;
  const problems: RecordProblem[] = [];
  const finding = (passMessage: string, evidence?: string) =>
    recordFinding({ id: "email-dmarc", target: name, severity: "high", problems, passMessage, evidence });

  let txt: string[];
  try {
    txt = joinTxt(await resolver(name, "TXT")).map((t) => t.trim());
  } catch (err) {
    if (!isNoRecord(err)) {
      problems.push({ level: "fail", message: `the TXT lookup of ${name} failed (${(err as NodeJS.ErrnoException).code})`, fix: "Check that the DNS server answers for the domain and try again." });
      return finding("");
    }
    txt = [];
  }
  const candidates = txt.filter((t) => DMARC_START.test(t));
  if (candidates.length === 0) {
    problems.push({ level: "fail", message: `${domain} publishes no DMARC record at ${name}: receivers apply no policy to mail forged as ${domain}`, fix: `Publish TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@${domain}" at ${name}.` });
    return finding("", txt.length ? `TXT: ${txt.join(" | ")}` : "no TXT records");
  }
  if (candidates.length > 1) {
    problems.push({ level: "fail", message: `${name} holds ${candidates.length} DMARC records; receivers discard them all (RFC 7489 §6.6.3)`, fix: `Keep one DMARC record at ${name}.` });
    return finding("", candidates.join(" | "));
  }

  const raw = candidates[0];
  // The sending domain's own record is what this stack publishes, so it is parsed directly rather than
  // found by the RFC 9989 Tree Walk (which would also ask the parent domains).
  const record = DMARC_VERSION.test(raw) ? getDmarcRecord.parseDmarcRecord(raw, { strict: true }) : null;
  const tags = record ? getDmarcRecord.getPolicyTags(record) : null;
  if (!record || !tags || !["none", "quarantine", "reject"].includes(String(record.p))) {
    problems.push({
      level: "fail",
      message: `the DMARC record at ${name} is malformed: ${describeMalformed(raw)}; receivers ${tags ? "apply p=none" : "ignore it"}`,
      fix: `Write it as "v=DMARC1; p=quarantine; adkim=s; aspf=s; rua=mailto:dmarc@${domain}" (tags separated by ";", each tag once).`,
    });
    return finding("", raw);
  }

  if (record.p === "none") {
    problems.push({ level: "fail", message: `${name} has p=none: receivers deliver mail that fails DMARC, so forged password resets reach inboxes`, fix: "Move to p=quarantine (then reject) once aggregate reports show your senders pass." });
  }
  if (record.sp === "none" && record.p !== "none") {
    problems.push({ level: "warn", message: `${name} has sp=none: subdomains of ${domain} can be forged freely`, fix: "Remove sp= (subdomains then follow p=) or set it to quarantine/reject." });
  }
  if (record.t === "y") {
    problems.push({ level: "warn", message: `${name} has t=y (testing): receivers apply p=${record.p} one step softer`, fix: "Remove t=y once reports are clean (the last step of the staged rollout)." });
  }
  if (typeof record.pct === "number" && record.pct < 100) {
    problems.push({ level: "warn", message: `${name} has pct=${record.pct}; DMARCbis removed pct and receivers may ignore it`, fix: "Remove pct and use t=y for a staged rollout." });
  }
  const adkim = record.adkim === "s" ? "strict" : "relaxed";
  const aspf = record.aspf === "s" ? "strict" : "relaxed";
  if (expect.alignment && (adkim !== expect.alignment || aspf !== expect.alignment)) {
    problems.push({ level: "warn", message: `${name} has adkim=${record.adkim ?? "r"} aspf=${record.aspf ?? "r"} but the stack declares ${expect.alignment} alignment`, fix: "Deploy the stack again so the record matches its config." });
  }

  const rua = String(record.rua ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean);
  const mailto = rua.filter((u) => /^mailto:[^@\s]+@[^@\s]+$/i.test(u.replace(/![0-9]+[kmgt]?$/i, "")));
  if (mailto.length === 0) {
    problems.push({ level: "fail", message: `${name} has no usable rua= report address: you will not see who sends as ${domain} before tightening the policy`, fix: `Add rua=mailto:dmarc@${domain}.` });
  }
  for (const uri of mailto) {
    const reportDomain = uri.replace(/![0-9]+[kmgt]?$/i, "").split("@").pop()!.toLowerCase();
    if (sameOrSub(reportDomain, domain) || sameOrSub(domain, reportDomain)) continue;
    // RFC 7489 §7.1: another organization's domain must publish <domain>._report._dmarc.<its domain>.
    const authName = `${domain}._report._dmarc.${reportDomain}`;
    let authorized = false;
    try {
      authorized = joinTxt(await resolver(authName, "TXT")).some((t) => DMARC_START.test(t.trim()));
    } catch {
      authorized = false;
    }
    if (!authorized) {
      problems.push({
        level: "fail",
        message: `reports go to ${reportDomain}, which does not authorize them: no TXT "v=DMARC1" at ${authName} (RFC 7489 §7.1), so receivers drop the reports`,
        fix: `Publish TXT "v=DMARC1" at ${authName}, or send reports to an address @${domain}.`,
      });
    }
  }
  return finding(`${name}: p=${record.p}${record.t === "y" ? " (t=y)" : ""}, adkim=${adkim}, aspf=${aspf}, reports to ${mailto.map((u) => u.slice(7)).join(", ")}`, raw);
}

/** Names the first thing wrong with a record mailauth could not use. */
function describeMalformed(raw: string): string {
  if (!/^v=DMARC1\s*(?:;|$)/.test(raw)) return `it must start with "v=DMARC1;" exactly, found "${raw.slice(0, 20)}"`;
  const tags = raw.split(";").map((t) => t.trim()).filter(Boolean);
  const bad = tags.find((t) => !t.includes("="));
  if (bad) return `"${bad}" is not a tag=value pair (missing ";" between tags?)`;
  const names = tags.map((t) => t.split("=")[0].trim().toLowerCase());
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) return `the tag ${dup}= appears twice`;
  const p = tags.find((t) => /^p\s*=/i.test(t));
  if (!p) return "it has no p= policy tag";
  return `p=${p.split("=")[1].trim()} is not none, quarantine or reject`;
}
