import { spf } from "mailauth/lib/spf";
import type { Finding } from "../lib/findings";
import { isNoRecord, joinTxt, recordFinding, type RecordProblem } from "./finding";
import type { DnsResolver } from "./resolver";

/**
 * The client address SPF is evaluated for: TEST-NET-1 (RFC 5737) sends no
 * real mail, so every mechanism is tried (all lookups counted) and the
 * verdict is what the record says about an unlisted host.
 */
export const SPF_PROBE_IP = "192.0.2.1";
/** RFC 7208 §4.6.4 limits. */
export const SPF_MAX_LOOKUPS = 10;
export const SPF_MAX_VOID_LOOKUPS = 2;

const SPF_VERSION = /^v=spf1(?:\s|$)/i;

/**
 * The SPF record at one name, as DNS serves it: exactly one, syntactically
 * valid, ≤ 10 lookups and ≤ 2 void lookups (mailauth's RFC 7208 evaluator in
 * strict mode counts them), and ending in -all or ~all.
 */
export async function checkSpf(name: string, resolver: DnsResolver): Promise<Finding> {
  const problems: RecordProblem[] = [];
  const finding = (passMessage: string, evidence?: string) =>
    recordFinding({ id: "email-spf", target: name, severity: "high", problems, passMessage, evidence });

  let txt: string[];
  try {
    txt = joinTxt(await resolver(name, "TXT"));
  } catch (err) {
    if (!isNoRecord(err)) {
      problems.push({ level: "fail", message: `the TXT lookup of ${name} failed (${(err as NodeJS.ErrnoException).code})`, fix: "Check that the DNS server answers for the domain and try again." });
      return finding("");
    }
    txt = [];
  }
  const records = txt.map((t) => t.trim()).filter((t) => SPF_VERSION.test(t));
  if (records.length === 0) {
    problems.push({ level: "fail", message: `${name} publishes no SPF record: receivers cannot tell your senders from forgers`, fix: `Publish one TXT record "v=spf1 include:<your provider> -all" at ${name}.` });
    return finding("", txt.length ? `TXT: ${txt.join(" | ")}` : "no TXT records");
  }
  if (records.length > 1) {
    problems.push({
      level: "fail",
      message: `${name} publishes ${records.length} SPF records; RFC 7208 §3.2 makes that a permerror, so SPF fails for every message`,
      fix: `Merge them into one record at ${name} (all includes in one "v=spf1 … -all").`,
    });
    return finding("", records.join(" | "));
  }

  const record = records[0];
  const terms = record.split(/\s+/).slice(1).filter(Boolean);
  const allIndex = terms.findIndex((t) => /^[+\-~?]?all$/i.test(t));
  const allTerm = allIndex >= 0 ? terms[allIndex].toLowerCase() : undefined;
  const redirect = terms.some((t) => /^redirect=/i.test(t));
  if (allTerm === "+all" || allTerm === "all") {
    problems.push({ level: "fail", message: `${name} ends with ${allTerm}: every host on the internet may send as ${name}`, fix: `End the record with -all (or ~all while testing).` });
  } else if (allTerm === "?all") {
    problems.push({ level: "fail", message: `${name} ends with ?all (neutral): unlisted hosts are neither allowed nor refused`, fix: "End the record with -all (or ~all while testing)." });
  } else if (allTerm === undefined && !redirect) {
    problems.push({ level: "fail", message: `${name} has no all term: unlisted hosts get a neutral result (RFC 7208 §4.7)`, fix: "End the record with -all (or ~all while testing)." });
  } else if (allIndex >= 0 && allIndex < terms.length - 1 && !terms.slice(allIndex + 1).every((t) => /^[a-z][a-z0-9_.-]*=/i.test(t))) {
    problems.push({ level: "warn", message: `${name} has mechanisms after ${allTerm}; they are never evaluated`, fix: `Move ${allTerm} to the end of the record.` });
  }

  const result = await spf({
    sender: `postmaster@${name}`,
    ip: SPF_PROBE_IP,
    helo: name,
    mta: "launch-ready",
    resolver,
    strict: true,
    maxResolveCount: SPF_MAX_LOOKUPS,
    maxVoidCount: SPF_MAX_VOID_LOOKUPS,
    maxElapsedTime: 20_000,
  });
  const verdict = result.status.result;
  const lookups = result.lookups?.count ?? 0;
  const voids = result.lookups?.void ?? 0;
  const evidence = `${record} (spf=${verdict} for ${SPF_PROBE_IP}; ${lookups} of ${SPF_MAX_LOOKUPS} lookups, ${voids} of ${SPF_MAX_VOID_LOOKUPS} void)`;
  const comment = result.status.comment ? `: ${result.status.comment}` : "";

  if (voids > SPF_MAX_VOID_LOOKUPS || /too many void/i.test(comment)) {
    problems.push({
      level: "fail",
      message: `${name} has ${voids} void lookups (names that do not exist or have no records), over the limit of ${SPF_MAX_VOID_LOOKUPS} (RFC 7208 §4.6.4)`,
      fix: "Remove includes, a: and mx: terms that point at names without records.",
    });
  } else if (lookups > SPF_MAX_LOOKUPS || /too many dns requests/i.test(comment)) {
    problems.push({
      level: "fail",
      message: `${name} needs ${lookups > SPF_MAX_LOOKUPS ? lookups : `more than ${SPF_MAX_LOOKUPS}`} DNS lookups, over the limit of ${SPF_MAX_LOOKUPS} (RFC 7208 §4.6.4): SPF permerrors for every message`,
      fix: "Remove includes you no longer send through, or replace includes with ip4:/ip6: ranges.",
    });
  } else if (verdict === "permerror") {
    problems.push({ level: "fail", message: `${name}'s SPF record is invalid${comment} (permerror: receivers treat it as no SPF)`, fix: "Fix the record's syntax (RFC 7208 §12): v=spf1, then mechanisms such as include:, ip4:, a, mx, then -all." });
  } else if (verdict === "temperror") {
    problems.push({ level: "fail", message: `a DNS lookup failed while evaluating ${name}'s SPF record${comment} (temperror)`, fix: "Check that every include: names a domain that answers, then run the check again." });
  } else if (verdict === "pass") {
    problems.push({ level: "fail", message: `${name} authorizes ${SPF_PROBE_IP}, a documentation address no one sends from: the record lets (nearly) any host send`, fix: "Remove +all and overly broad ip4:/ip6: ranges; end with -all." });
  }
  const ending = allTerm ?? "a redirect";
  return finding(`${name}: one valid SPF record, ${lookups} of ${SPF_MAX_LOOKUPS} lookups, ${voids} void, ends with ${ending}`, evidence);
}
