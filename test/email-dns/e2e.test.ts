// Per-module imports: mailauth's main entry loads its BIMI code, whose bundled undici 8 needs Node 22.
import { dkimSign } from "mailauth/lib/dkim/sign";
import { dkimVerify } from "mailauth/lib/dkim/verify";
import { dmarc } from "mailauth/lib/dmarc";
import { spf } from "mailauth/lib/spf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResolver, type DnsResolver } from "../../scripts/email-dns/resolver";
import { checkEmailDns } from "../../scripts/email-dns/check";
import { planStack } from "../../scripts/plan/plan-stack";
import { renderZoneFile } from "../../scripts/plan/zone-file";
import { dkimKeyPair } from "../email/helpers";
import { startKnot, txt, type KnotServer } from "./knot-server";

/**
 * End to end: the dev stack's planned zone on a real Knot server, plus a DKIM
 * key generated now; a password-reset message signed with it is verified by
 * mailauth against that server, as a receiving MTA would.
 */

const SES_IP = "54.240.0.25"; // inside the stub amazonses.com SPF range below
const OTHER_IP = "203.0.113.99"; // TEST-NET-3, listed nowhere
const ENVELOPE = "0100018c-reset@mail.tradeloft.test"; // SES custom MAIL FROM

let knot: KnotServer;
let resolver: DnsResolver;
let signed: string;

const MESSAGE = [
  "From: Tradeloft <noreply@tradeloft.test>",
  "To: buyer@example.org",
  "Subject: Reset your Tradeloft password",
  "Date: Thu, 03 Dec 2026 12:00:00 +0000",
  "Message-ID: <reset-1@tradeloft.test>",
  "MIME-Version: 1.0",
  "Content-Type: text/plain; charset=utf-8",
  "",
  "Someone asked to reset your password. Use this link within 30 minutes:",
  "https://app.tradeloft.test/reset/one-time-token",
  "",
].join("\r\n");

beforeAll(async () => {
  const { plan, config } = await planStack({ stack: "dev" });
  const keys = dkimKeyPair();
  const zone = `${renderZoneFile(plan, { origin: config.domain.apex, title: "dev" })}e2e._domainkey TXT ${txt(`v=DKIM1; k=rsa; p=${keys.publicKey}`)}\n`;
  knot = await startKnot([
    { origin: "tradeloft.test", body: zone },
    // Stand-in for SES's own SPF record (what include:amazonses.com reaches).
    { origin: "amazonses.com", body: '@ TXT "v=spf1 ip4:54.240.0.0/18 -all"' },
  ]);
  resolver = await createResolver({ dnsServer: knot.address });
  // mailauth 7.1 signs what `signatureData` lists (its typings also want the fields at the top).
  const key = { signingDomain: "tradeloft.test", selector: "e2e", privateKey: keys.privateKey, canonicalization: "relaxed/relaxed" };
  const signature = await dkimSign(MESSAGE, { ...key, signatureData: [key] });
  expect(signature.errors).toEqual([]);
  expect(signature.signatures.match(/^DKIM-Signature:/gm)).toHaveLength(1);
  signed = signature.signatures + MESSAGE;
}, 60_000);

afterAll(async () => {
  await knot?.stop();
});

/** What a receiving MTA does (mailauth's authenticate() without ARC/BIMI): DKIM, SPF, then DMARC over both. */
async function verify(message: string, ip: string) {
  // strict: RFC 6376 exactly, so a body hash mismatch is dkim=fail (the lenient default says neutral).
  const dkim = await dkimVerify(message, { resolver, strict: true });
  const spfResult = await spf({ ip, helo: "a48-30.smtp-out.amazonses.com", sender: ENVELOPE, mta: "mx.receiver.test", resolver });
  const dmarcResult = await dmarc({
    headerFrom: dkim.headerFrom,
    fromFields: dkim.fromFields,
    spfDomains: spfResult.status.result === "pass" ? [spfResult.domain] : [],
    dkimDomains: dkim.results
      .filter((r) => r.status.result === "pass")
      .map((r) => ({ id: r.id, domain: r.signingDomain!, aligned: r.status.aligned, underSized: r.status.underSized })),
    resolver,
  });
  const headers = [...dkim.results.map((r) => r.info), spfResult.info, dmarcResult ? dmarcResult.info : ""].join("; ");
  return { dkim, spf: spfResult, dmarc: dmarcResult, headers };
}

describe("a signed password-reset message verified against the served zone", () => {
  it("the served zone itself passes the checker, with the test selector", async () => {
    const findings = await checkEmailDns({ domain: "tradeloft.test", dnsServer: knot.address, selectors: ["e2e"], spfNames: ["mail.tradeloft.test"] });
    expect(findings.map((f) => [f.id, f.status])).toEqual([
      ["email-spf", "pass"],
      ["email-spf", "pass"],
      ["email-dkim", "pass"],
      ["email-dmarc", "pass"],
    ]);
  });

  it("from an allowed SES address: spf=pass, dkim=pass, dmarc=pass", async () => {
    const result = await verify(signed, SES_IP);
    expect(result.spf && result.spf.status.result).toBe("pass");
    expect(result.spf && result.spf.domain).toBe("mail.tradeloft.test");
    expect(result.dkim.results.map((r) => [r.signingDomain, r.selector, r.status.result])).toEqual([["tradeloft.test", "e2e", "pass"]]);
    expect(result.dmarc && result.dmarc.status.result).toBe("pass");
    expect(result.dmarc && result.dmarc.policy).toBe("quarantine");
    // Strict alignment (the default): DKIM d=tradeloft.test aligns; the MAIL FROM subdomain does not.
    expect(result.dmarc && result.dmarc.alignment.dkim.result).toBe("tradeloft.test");
    expect(result.dmarc && result.dmarc.alignment.spf.result).toBeFalsy();
    expect(result.headers).toContain("spf=pass");
    expect(result.headers).toContain("dkim=pass");
    expect(result.headers).toContain("dmarc=pass");
  });

  it("from an address SPF does not list: spf=fail (DKIM still carries DMARC)", async () => {
    const result = await verify(signed, OTHER_IP);
    expect(result.spf && result.spf.status.result).toBe("fail");
    expect(result.dkim.results[0].status.result).toBe("pass");
    expect(result.dmarc && result.dmarc.status.result).toBe("pass");
  });

  it("with a tampered body: dkim=fail", async () => {
    const tampered = signed.replace("https://app.tradeloft.test/reset/one-time-token", "https://evil.example/reset/one-time-token");
    expect(tampered).not.toBe(signed);
    const result = await verify(tampered, SES_IP);
    expect(result.dkim.results[0].status.result).toBe("fail");
    expect(result.dkim.results[0].status.comment).toMatch(/body hash did not verify/);
  });

  it("tampered and from an unlisted address: dmarc=fail and the quarantine policy applies", async () => {
    const tampered = signed.replace("within 30 minutes", "within 300 minutes");
    const result = await verify(tampered, OTHER_IP);
    expect(result.spf && result.spf.status.result).toBe("fail");
    expect(result.dkim.results[0].status.result).toBe("fail");
    expect(result.dmarc && result.dmarc.status.result).toBe("fail");
    expect(result.dmarc && result.dmarc.policy).toBe("quarantine");
    expect(result.headers).toContain("dmarc=fail");
  });
});
