import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../scripts/cli";
import { checkEmailDns, emailDnsTargetsFromConfig } from "../../scripts/email-dns/check";
import type { Finding } from "../../scripts/lib/findings";
import { planStack } from "../../scripts/plan/plan-stack";
import { renderZoneFile } from "../../scripts/plan/zone-file";
import { dkimPublicKey } from "../email/helpers";
import { freePort, startKnot, txt, type KnotServer, type ZoneSpec } from "./knot-server";

/**
 * The live checker against a real Knot DNS server on loopback: the dev
 * stack's exported zone passes; zones with one seeded flaw each fail with
 * the right finding.
 */

const KEY = dkimPublicKey();
const DKIM = txt(`v=DKIM1; k=rsa; p=${KEY}`);

/** A zone that passes every check; `flaw` replaces or adds lines. */
function zone(origin: string, flaw: { spf?: string[]; dkim?: string[]; dmarc?: string[]; extra?: string[] } = {}): ZoneSpec {
  const lines = [
    ...(flaw.spf ?? ['@ TXT "v=spf1 include:amazonses.com -all"']),
    ...(flaw.dkim ?? [`sel._domainkey TXT ${DKIM}`]),
    ...(flaw.dmarc ?? [`_dmarc TXT "v=DMARC1; p=reject; adkim=s; aspf=s; rua=mailto:dmarc@${origin}"`]),
    ...(flaw.extra ?? []),
  ];
  return { origin, body: lines.join("\n") };
}

const FLAWS: ZoneSpec[] = [
  zone("good.test"),
  zone("two-spf.test", { spf: ['@ TXT "v=spf1 include:amazonses.com -all"', '@ TXT "v=spf1 include:_spf.google.com -all"'] }),
  zone("plus-all.test", { spf: ['@ TXT "v=spf1 include:amazonses.com +all"'] }),
  zone("neutral.test", { spf: ['@ TXT "v=spf1 include:amazonses.com ?all"'] }),
  zone("softfail.test", { spf: ['@ TXT "v=spf1 include:amazonses.com ~all"'] }),
  zone("no-spf.test", { spf: ['@ TXT "google-site-verification=abc"'] }),
  zone("bad-syntax.test", { spf: ['@ TXT "v=spf1 ip4:999.0.0.1 -all"'] }),
  // 11 includes in a chain: 11 lookups.
  zone("eleven.test", {
    spf: ['@ TXT "v=spf1 include:l1.eleven.test -all"', ...Array.from({ length: 10 }, (_, i) => `l${i + 1} TXT "v=spf1 ${i + 1 < 10 ? `include:l${i + 2}.eleven.test ` : "include:amazonses.com "}-all"`)],
  }),
  // Three a: terms at names without records: 3 void lookups.
  zone("voids.test", { spf: ['@ TXT "v=spf1 a:v1.voids.test a:v2.voids.test a:v3.voids.test -all"'] }),
  zone("no-dkim.test", { dkim: [] }),
  zone("bad-dkim.test", { dkim: ['sel._domainkey TXT "v=DKIM1; k=rsa; p=bm90IGEga2V5"'] }),
  zone("revoked-dkim.test", { dkim: ['sel._domainkey TXT "v=DKIM1; k=rsa; p="'] }),
  // A CNAME to a key the provider no longer publishes (e.g. a rotated SES token).
  zone("dangling-dkim.test", { dkim: ["sel._domainkey CNAME gone.dkim.amazonses.com."] }),
  zone("short-dkim.test", { dkim: [`sel._domainkey TXT ${txt(`v=DKIM1; k=rsa; p=${dkimPublicKey(1024)}`)}`] }),
  zone("dmarc-none.test", { dmarc: ['_dmarc TXT "v=DMARC1; p=none; rua=mailto:dmarc@dmarc-none.test"'] }),
  zone("dmarc-malformed.test", { dmarc: ['_dmarc TXT "v=DMARC1 p=reject rua=mailto:dmarc@dmarc-malformed.test"'] }),
  zone("dmarc-two.test", { dmarc: ['_dmarc TXT "v=DMARC1; p=reject; rua=mailto:a@dmarc-two.test"', '_dmarc TXT "v=DMARC1; p=quarantine; rua=mailto:b@dmarc-two.test"'] }),
  zone("dmarc-missing.test", { dmarc: [] }),
  zone("dmarc-norua.test", { dmarc: ['_dmarc TXT "v=DMARC1; p=reject"'] }),
  zone("dmarc-testing.test", { dmarc: ['_dmarc TXT "v=DMARC1; p=reject; adkim=r; aspf=r; t=y; rua=mailto:dmarc@dmarc-testing.test"'] }),
  zone("rua-external.test", { dmarc: ['_dmarc TXT "v=DMARC1; p=reject; rua=mailto:reports@vendor.test"'] }),
  zone("rua-authorized.test", { dmarc: ['_dmarc TXT "v=DMARC1; p=reject; rua=mailto:reports@vendor.test"'] }),
  // The report vendor authorizes rua-authorized.test only (RFC 7489 §7.1).
  { origin: "vendor.test", body: 'rua-authorized.test._report._dmarc TXT "v=DMARC1"' },
];

let knot: KnotServer;
let devTokens: string[];
let devConfig: Awaited<ReturnType<typeof planStack>>["config"];

beforeAll(async () => {
  const { plan, config } = await planStack({ stack: "dev" });
  devConfig = config;
  const exported = renderZoneFile(plan, { origin: config.domain.apex, title: "dev" });
  devTokens = plan.resources
    .filter((r) => r.name.startsWith("tradeloft-dns-email-ses-dkim-"))
    .map((r) => String(r.inputs.name).split(".")[0])
    .sort();
  // What SES publishes on its side, played by a stub zone: its SPF and the Easy DKIM keys behind the CNAMEs.
  const amazonses = ['@ TXT "v=spf1 ip4:54.240.0.0/18 -all"', ...devTokens.map((t) => `${t}.dkim TXT ${DKIM}`)].join("\n");
  knot = await startKnot([{ origin: "tradeloft.test", body: exported }, { origin: "amazonses.com", body: amazonses }, { origin: "_spf.google.com", body: '@ TXT "v=spf1 ip4:209.85.128.0/17 ~all"' }, ...FLAWS]);
}, 60_000);

afterAll(async () => {
  await knot?.stop();
});

async function check(domain: string, selectors = ["sel"]): Promise<Finding[]> {
  return checkEmailDns({ domain, dnsServer: knot.address, selectors });
}
function one(findings: Finding[], id: string): Finding {
  const matches = findings.filter((f) => f.id === id);
  expect(matches).toHaveLength(1);
  return matches[0];
}

describe("email-dns against the dev stack's exported zone on Knot", () => {
  it("passes SPF (apex and MAIL FROM), the three SES DKIM keys behind their CNAMEs, and DMARC", async () => {
    const targets = emailDnsTargetsFromConfig(devConfig);
    expect(targets).toEqual({ domain: "tradeloft.test", selectors: [], spfNames: ["mail.tradeloft.test"], expectedAlignment: "strict" });
    const findings = await checkEmailDns({ ...targets, selectors: devTokens, dnsServer: knot.address });
    expect(findings.map((f) => [f.id, f.target, f.status])).toEqual([
      ["email-spf", "tradeloft.test", "pass"],
      ["email-spf", "mail.tradeloft.test", "pass"],
      ...devTokens.map((t) => ["email-dkim", `${t}._domainkey.tradeloft.test`, "pass"]),
      ["email-dmarc", "_dmarc.tradeloft.test", "pass"],
    ]);
    expect(findings[0].message).toBe("tradeloft.test: one valid SPF record, 0 of 10 lookups, 0 void, ends with -all");
    expect(findings[1].message).toBe("mail.tradeloft.test: one valid SPF record, 1 of 10 lookups, 0 void, ends with -all");
    expect(findings[2].message).toBe(`${devTokens[0]}._domainkey.tradeloft.test: valid 2048-bit rsa DKIM key`);
    expect(findings.at(-1)!.message).toBe("_dmarc.tradeloft.test: p=quarantine, adkim=strict, aspf=strict, reports to dmarc@tradeloft.test");
    for (const f of findings) expect(f.area).toBe("email-dns");
  });

  it("skips DKIM when no selector is known (SES tokens are only known after deploy)", async () => {
    const dkim = one(await checkEmailDns({ domain: "tradeloft.test", dnsServer: knot.address }), "email-dkim");
    expect(dkim.status).toBe("skip");
    expect(dkim.fix).toBe("Pass --selector (repeatable) or --stack to check the selectors the stack declares.");
  });
});

describe("email-dns: a good zone passes and each seeded flaw fails with the right finding", () => {
  it("good.test passes every check", async () => {
    expect((await check("good.test")).map((f) => [f.id, f.status])).toEqual([
      ["email-spf", "pass"],
      ["email-dkim", "pass"],
      ["email-dmarc", "pass"],
    ]);
  });

  it.each([
    ["two-spf.test", "two-spf.test publishes 2 SPF records; RFC 7208 §3.2 makes that a permerror, so SPF fails for every message"],
    ["plus-all.test", "plus-all.test ends with +all: every host on the internet may send as plus-all.test; plus-all.test authorizes 192.0.2.1, a documentation address no one sends from: the record lets (nearly) any host send"],
    ["neutral.test", "neutral.test ends with ?all (neutral): unlisted hosts are neither allowed nor refused"],
    ["no-spf.test", "no-spf.test publishes no SPF record: receivers cannot tell your senders from forgers"],
    ["eleven.test", "eleven.test needs 11 DNS lookups, over the limit of 10 (RFC 7208 §4.6.4): SPF permerrors for every message"],
  ])("SPF: %s", async (domain, message) => {
    const spf = one(await check(domain), "email-spf");
    expect(spf.status).toBe("fail");
    expect(spf.severity).toBe("high");
    expect(spf.message).toBe(message);
    expect(spf.target).toBe(domain);
  });

  it("SPF: more than 2 void lookups fail", async () => {
    const spf = one(await check("voids.test"), "email-spf");
    expect(spf.status).toBe("fail");
    expect(spf.message).toMatch(/^voids\.test has 3 void lookups .*over the limit of 2 \(RFC 7208 §4\.6\.4\)$/);
  });

  it("SPF: invalid syntax is a permerror", async () => {
    const spf = one(await check("bad-syntax.test"), "email-spf");
    expect(spf.status).toBe("fail");
    expect(spf.message).toMatch(/^bad-syntax\.test's SPF record is invalid.*\(permerror: receivers treat it as no SPF\)$/);
  });

  it("SPF: ~all passes (the bar allows it) and says so", async () => {
    const spf = one(await check("softfail.test"), "email-spf");
    expect(spf.status).toBe("pass");
    expect(spf.message).toBe("softfail.test: one valid SPF record, 1 of 10 lookups, 0 void, ends with ~all");
  });

  it.each([
    ["no-dkim.test", "fail", "no DKIM key at sel._domainkey.no-dkim.test: signatures with s=sel cannot be verified, so DKIM fails"],
    ["bad-dkim.test", "fail", "the DKIM key at sel._domainkey.bad-dkim.test is malformed: Unknown key type"],
    ["revoked-dkim.test", "fail", "sel._domainkey.revoked-dkim.test has an empty or missing p=: the key is revoked or the record is incomplete"],
    ["dangling-dkim.test", "fail", "no DKIM key at sel._domainkey.dangling-dkim.test: signatures with s=sel cannot be verified, so DKIM fails"],
    ["short-dkim.test", "warn", "sel._domainkey.short-dkim.test is a 1024-bit rsa key; 2048 bits is the current recommendation"],
  ])("DKIM: %s", async (domain, status, message) => {
    const dkim = one(await check(domain), "email-dkim");
    expect(dkim.status).toBe(status);
    expect(dkim.message).toBe(message);
    expect(dkim.target).toBe(`sel._domainkey.${domain}`);
  });

  it.each([
    ["dmarc-none.test", "fail", "_dmarc.dmarc-none.test has p=none: receivers deliver mail that fails DMARC, so forged password resets reach inboxes"],
    ["dmarc-malformed.test", "fail", 'the DMARC record at _dmarc.dmarc-malformed.test is malformed: it must start with "v=DMARC1;" exactly, found "v=DMARC1 p=reject ru"; receivers ignore it'],
    ["dmarc-two.test", "fail", "_dmarc.dmarc-two.test holds 2 DMARC records; receivers discard them all (RFC 7489 §6.6.3)"],
    ["dmarc-missing.test", "fail", "dmarc-missing.test publishes no DMARC record at _dmarc.dmarc-missing.test: receivers apply no policy to mail forged as dmarc-missing.test"],
    ["dmarc-norua.test", "fail", "_dmarc.dmarc-norua.test has no usable rua= report address: you will not see who sends as dmarc-norua.test before tightening the policy"],
    ["dmarc-testing.test", "warn", "_dmarc.dmarc-testing.test has t=y (testing): receivers apply p=reject one step softer"],
    [
      "rua-external.test",
      "fail",
      'reports go to vendor.test, which does not authorize them: no TXT "v=DMARC1" at rua-external.test._report._dmarc.vendor.test (RFC 7489 §7.1), so receivers drop the reports',
    ],
    ["rua-authorized.test", "pass", "_dmarc.rua-authorized.test: p=reject, adkim=relaxed, aspf=relaxed, reports to reports@vendor.test"],
  ])("DMARC: %s", async (domain, status, message) => {
    const dmarc = one(await check(domain), "email-dmarc");
    expect(dmarc.status).toBe(status);
    expect(dmarc.message).toBe(message);
    expect(dmarc.target).toBe(`_dmarc.${domain}`);
  });

  it("DMARC: a published alignment different from the stack's is a warning", async () => {
    const dmarc = one(await checkEmailDns({ domain: "dmarc-testing.test", dnsServer: knot.address, selectors: ["sel"], expectedAlignment: "strict" }), "email-dmarc");
    expect(dmarc.status).toBe("warn");
    expect(dmarc.message).toContain("_dmarc.dmarc-testing.test has adkim=r aspf=r but the stack declares strict alignment");
  });
});

describe("launch-ready email-dns (command line)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "email-dns-cli-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("exits 0 with a JSON report when everything passes, checking the stack's MAIL FROM name", async () => {
    const out = path.join(dir, "dev.json");
    const args = ["email-dns", "--stack", "dev", "--dns-server", knot.address, ...devTokens.flatMap((t) => ["--selector", t]), "--format", "json", "--output", out];
    expect(await main(args)).toBe(0);
    const { findings } = JSON.parse(fs.readFileSync(out, "utf8")) as { findings: Finding[] };
    expect(findings.map((f) => `${f.id} ${f.target} ${f.status}`)).toEqual([
      "email-spf tradeloft.test pass",
      "email-spf mail.tradeloft.test pass",
      ...devTokens.map((t) => `email-dkim ${t}._domainkey.tradeloft.test pass`),
      "email-dmarc _dmarc.tradeloft.test pass",
    ]);
  });

  it("exits 1 on a failing domain and writes SARIF and JUnit", async () => {
    const sarif = path.join(dir, "f.sarif");
    expect(await main(["email-dns", "--domain", "dmarc-none.test", "--dns-server", knot.address, "--selector", "sel", "--format", "sarif", "--output", sarif])).toBe(1);
    const results = JSON.parse(fs.readFileSync(sarif, "utf8")).runs[0].results;
    expect(results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([["email-dmarc", "error"]]);
    const junit = path.join(dir, "f.xml");
    expect(await main(["email-dns", "--domain", "dmarc-none.test", "--dns-server", knot.address, "--selector", "sel", "--format", "junit", "--output", junit])).toBe(1);
    expect(fs.readFileSync(junit, "utf8")).toContain('<testsuite name="email-dns" tests="3" failures="1" skipped="0">');
  });

  it("exits 2 on bad flags", async () => {
    expect(await main(["email-dns", "--domain", "not a domain"])).toBe(2);
    expect(await main(["email-dns", "--domain", "good.test", "--dns-server", "127.0.0.1:99999"])).toBe(2);
    expect(await main(["email-dns", "--domain", "good.test", "--selector", "sel._domainkey.good.test"])).toBe(2);
    expect(await main(["email-dns"])).toBe(2);
  });

  it("exits 4 when the DNS server does not answer", async () => {
    const port = await freePort();
    expect(await main(["email-dns", "--domain", "good.test", "--dns-server", `127.0.0.1:${port}`, "--format", "json", "--output", path.join(dir, "x.json")])).toBe(4);
  });
});
