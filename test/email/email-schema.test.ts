import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { PortalConfigError, parsePortalConfig } from "../../stacks/schema";
import { dmarcRecordContent, emailRecordPlans, planSpfRecords } from "../../stacks/schema/email-records";
import { dkimPublicKey, examplePortal } from "./helpers";

const KEY = dkimPublicKey();

function problemsOf(raw: unknown): { path: string; value?: string; message: string }[] {
  try {
    parsePortalConfig(raw, "test");
  } catch (e) {
    expect(e).toBeInstanceOf(PortalConfigError);
    return (e as PortalConfigError).problems;
  }
  throw new Error("expected the config to be refused");
}

describe("email schema: defaults and example stacks", () => {
  it("fills safe defaults for a bare SES provider", () => {
    const config = parsePortalConfig(examplePortal("dev"));
    expect(config.email.providers).toEqual([
      {
        kind: "ses",
        region: "us-east-1",
        mailFromSubdomain: "mail",
        behaviorOnMxFailure: "USE_DEFAULT_VALUE",
        dkimKeyLength: "RSA_2048_BIT",
        configurationSet: { requireTls: true, reputationMetrics: true },
      },
    ]);
    expect(config.email.spf).toEqual({ all: "-all", include: [], ip4: [], ip6: [] });
    expect(config.email.dmarc).toEqual({
      policy: "quarantine",
      reportAddress: "dmarc@tradeloft.test",
      alignment: "strict",
      testing: false,
      authorizedReportDomains: [],
    });
  });

  it("defaults providers to SES when the key is absent", () => {
    const raw = examplePortal("dev");
    delete raw.email.providers;
    expect(parsePortalConfig(raw).email.providers.map((p) => p.kind)).toEqual(["ses"]);
  });

  it.each([
    ["dev", "v=DMARC1; p=quarantine; adkim=s; aspf=s; rua=mailto:dmarc@tradeloft.test"],
    ["staging", "v=DMARC1; p=quarantine; adkim=s; aspf=s; rua=mailto:dmarc@example.net"],
    ["prod", "v=DMARC1; p=reject; adkim=s; aspf=s; rua=mailto:dmarc@example.com"],
  ] as const)("%s: DMARC record", (stack, record) => {
    expect(dmarcRecordContent(parsePortalConfig(examplePortal(stack)).email)).toBe(record);
  });

  it("writes sp=, relaxed alignment and t=y (never pct) from config", () => {
    const raw = examplePortal("staging");
    raw.email.dmarc = { ...raw.email.dmarc, policy: "reject", subdomainPolicy: "quarantine", alignment: "relaxed", testing: true };
    const content = dmarcRecordContent(parsePortalConfig(raw).email);
    expect(content).toBe("v=DMARC1; p=reject; sp=quarantine; adkim=r; aspf=r; rua=mailto:dmarc@example.net; t=y");
    expect(content).not.toContain("pct");
  });
});

describe("email schema: SPF merging and the lookup limit", () => {
  it("merges every provider into one SPF record per name", () => {
    const raw = examplePortal("prod");
    raw.email.providers = [
      { kind: "ses" },
      { kind: "google-workspace", dkim: [{ selector: "google", publicKey: KEY }] },
      { kind: "mailgun", dkim: [{ selector: "mx", publicKey: `v=DKIM1; k=rsa; p=${KEY}` }] },
      { kind: "resend", dkim: [{ selector: "resend", publicKey: KEY }] },
      { kind: "postmark", dkim: [{ selector: "20240101pm", publicKey: KEY }] },
      { kind: "sendgrid", dkim: [{ selector: "s1", target: "s1.domainkey.u123.wl.sendgrid.net" }], returnPath: { subdomain: "em123", target: "u123.wl.sendgrid.net" } },
    ];
    raw.email.spf = { include: ["spf.protection.outlook.com"], ip4: ["203.0.113.25"], all: "~all" };
    const spf = planSpfRecords(parsePortalConfig(raw).email);
    expect(spf.map((s) => [s.key, s.name, s.content, s.lookups])).toEqual([
      ["email-spf", "example.com", "v=spf1 ip4:203.0.113.25 include:_spf.google.com include:mailgun.org include:spf.protection.outlook.com ~all", 10],
      ["email-spf-mail", "mail.example.com", "v=spf1 include:amazonses.com ~all", 1],
      ["email-spf-send", "send.example.com", "v=spf1 include:amazonses.com ~all", 1],
    ]);
    expect(spf[0].unknownIncludes).toEqual(["spf.protection.outlook.com"]);
  });

  it("merges SES and Resend sharing a bounce subdomain into one SPF and one MX", () => {
    const raw = examplePortal("prod");
    raw.email.providers = [{ kind: "ses", mailFromSubdomain: "bounce" }, { kind: "resend", bounceSubdomain: "bounce", dkim: [{ selector: "resend", publicKey: KEY }] }];
    const records = emailRecordPlans(parsePortalConfig(raw).email).filter((r) => r.name === "bounce.example.com");
    expect(records.map((r) => [r.type, r.content])).toEqual([
      ["TXT", "v=spf1 include:amazonses.com -all"],
      ["MX", "feedback-smtp.us-east-1.amazonses.com"],
    ]);
  });

  it("publishes v=spf1 -all at the sending domain when nothing sends with it as envelope", () => {
    const spf = planSpfRecords(parsePortalConfig(examplePortal("prod")).email);
    expect(spf.map((s) => [s.name, s.content])).toEqual([
      ["example.com", "v=spf1 -all"],
      ["mail.example.com", "v=spf1 include:amazonses.com -all"],
    ]);
  });

  it("accepts exactly 10 lookups", () => {
    const raw = examplePortal("prod");
    raw.email.providers = [{ kind: "google-workspace", dkim: [{ selector: "google", publicKey: KEY }] }, { kind: "mailgun", dkim: [{ selector: "mx", publicKey: KEY }] }];
    raw.email.spf = { include: ["a.example.org"] };
    expect(planSpfRecords(parsePortalConfig(raw).email)[0].lookups).toBe(10);
  });

  it("refuses 11 lookups, naming the key and the count", () => {
    const raw = examplePortal("prod");
    raw.email.providers = [{ kind: "google-workspace", dkim: [{ selector: "google", publicKey: KEY }] }, { kind: "mailgun", dkim: [{ selector: "mx", publicKey: KEY }] }];
    raw.email.spf = { include: ["a.example.org", "b.example.org"] };
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe("launch-ready:portal.email.spf.include");
    expect(problems[0].message).toMatch(/^the SPF record of example\.com needs 11 DNS lookups or more, over the limit of 10 \(RFC 7208 §4\.6\.4\)/);
    expect(problems[0].message).toContain("email.providers[0] (google-workspace), email.providers[1] (mailgun), email.spf.include[0]");
  });
});

describe("email schema: the lookup limit with known includes only", () => {
  it("counts nested lookups of known provider includes exactly (11, no lower bound)", () => {
    const raw = examplePortal("prod");
    raw.email.providers = [
      { kind: "google-workspace", dkim: [{ selector: "google", publicKey: KEY }] },
      { kind: "mailgun", dkim: [{ selector: "mx", publicKey: KEY }] },
      { kind: "sendgrid", dkim: [{ selector: "s1", target: "s1.domainkey.u1.wl.sendgrid.net" }] },
    ];
    raw.email.spf = { include: ["amazonses.com"] };
    const problems = problemsOf(raw);
    expect(problems.map((p) => [p.path, p.value])).toEqual([["launch-ready:portal.email.spf.include", '["amazonses.com"]']]);
    expect(problems[0].message).toBe(
      "the SPF record of example.com needs 11 DNS lookups, over the limit of 10 (RFC 7208 §4.6.4): receivers then fail SPF for every message. Remove includes you no longer send through, or replace them with ip4:/ip6: ranges (from email.providers[0] (google-workspace), email.providers[1] (mailgun), email.providers[2] (sendgrid), email.spf.include[0])",
    );
  });
});

describe("email schema: DMARC rules per environment", () => {
  const withDmarc = (stack: "dev" | "staging" | "prod", dmarc: Record<string, unknown>) => {
    const raw = examplePortal(stack);
    raw.email.dmarc = { ...raw.email.dmarc, ...dmarc };
    return raw;
  };

  it("allows p=none in dev and staging", () => {
    expect(parsePortalConfig(withDmarc("dev", { policy: "none" })).email.dmarc.policy).toBe("none");
    expect(parsePortalConfig(withDmarc("staging", { policy: "none" })).email.dmarc.policy).toBe("none");
  });

  it("refuses p=none for prod", () => {
    expect(problemsOf(withDmarc("prod", { policy: "none" }))).toEqual([
      {
        path: "launch-ready:portal.email.dmarc.policy",
        value: '"none"',
        message: "p=none is refused for prod: use quarantine or reject (none only monitors, spoofed resets still reach inboxes)",
      },
    ]);
  });

  it("refuses t=y with quarantine for prod (it acts as none) but allows it with reject", () => {
    expect(problemsOf(withDmarc("prod", { policy: "quarantine", testing: true }))).toEqual([
      {
        path: "launch-ready:portal.email.dmarc.testing",
        value: "true",
        message: "t=y with p=quarantine acts as p=none, which is refused for prod: finish the staged rollout outside prod, or use p=reject with t=y",
      },
    ]);
    expect(parsePortalConfig(withDmarc("prod", { policy: "reject", testing: true })).email.dmarc.testing).toBe(true);
    expect(parsePortalConfig(withDmarc("staging", { policy: "quarantine", testing: true })).email.dmarc.testing).toBe(true);
  });

  it("refuses pct with a pointer to testing (t=y)", () => {
    expect(problemsOf(withDmarc("staging", { pct: 50 }))).toEqual([
      {
        path: "launch-ready:portal.email.dmarc.pct",
        value: "50",
        message: "pct is gone in current DMARC (RFC 9989) and receivers ignore it: remove it and use testing: true (t=y) for a staged rollout",
      },
    ]);
  });

  it("refuses a report address outside the zone without an authorization record", () => {
    const problems = problemsOf(withDmarc("prod", { reportAddress: "reports@dmarc-vendor.example.org" }));
    expect(problems).toEqual([
      {
        path: "launch-ready:portal.email.dmarc.reportAddress",
        value: '"reports@dmarc-vendor.example.org"',
        message:
          'dmarc-vendor.example.org is outside example.com: receivers send DMARC reports there only if it publishes example.com._report._dmarc.dmarc-vendor.example.org TXT "v=DMARC1" (RFC 7489 §7.1). Publish that record and add dmarc-vendor.example.org to email.dmarc.authorizedReportDomains, or use an address @example.com',
      },
    ]);
  });

  it("accepts an external report address whose domain is listed as authorized, and subdomains of the zone", () => {
    const ok = parsePortalConfig(withDmarc("prod", { reportAddress: "reports@dmarc-vendor.example.org", authorizedReportDomains: ["dmarc-vendor.example.org"] }));
    expect(ok.email.dmarc.authorizedReportDomains).toEqual(["dmarc-vendor.example.org"]);
    expect(parsePortalConfig(withDmarc("prod", { reportAddress: "dmarc@reports.example.com" })).email.dmarc.reportAddress).toBe("dmarc@reports.example.com");
  });
});

describe("email schema: bad input gets clear errors, all at once", () => {
  it("names an unknown provider, a malformed DKIM key and a bad SPF qualifier together", () => {
    const raw = examplePortal("prod");
    raw.email.providers = [{ kind: "ses" }, { kind: "sparkpost" }, { kind: "google-workspace", dkim: [{ selector: "google", publicKey: "MIIBnotakey" }] }];
    raw.email.spf = { all: "+all" };
    const problems = problemsOf(raw);
    expect(problems).toEqual([
      {
        path: "launch-ready:portal.email.providers.1.kind",
        value: '"sparkpost"',
        message: "expected kind to be one of ses, postmark, sendgrid, resend, mailgun, google-workspace",
      },
      {
        path: "launch-ready:portal.email.providers.2.dkim.0.publicKey",
        value: '"MIIBnotakey"',
        message: "malformed DKIM key: the key is not a DER-encoded RSA public key (SubjectPublicKeyInfo). Copy the key again from the provider's DNS settings",
      },
      { path: "launch-ready:portal.email.spf.all", value: '"+all"', message: "expected -all (fail, the safe choice) or ~all (softfail)" },
    ]);
  });

  it("lists the keys the chosen provider allows when one is misspelt", () => {
    const raw = examplePortal("dev");
    raw.email.providers = [{ kind: "ses", regoin: "eu-west-1" }, { kind: "postmark", dkim: [{ selector: "pm", publicKey: KEY, key: "x" }] }];
    expect(problemsOf(raw).map((p) => [p.path, p.message])).toEqual([
      ["launch-ready:portal.email.providers.0.regoin", 'unknown key "regoin"; allowed keys here: kind, region, mailFromSubdomain, behaviorOnMxFailure, dkimKeyLength, configurationSet. Check the spelling or remove it.'],
      ["launch-ready:portal.email.providers.1.dkim.0.key", 'unknown key "key"; allowed keys here: selector, publicKey, target. Check the spelling or remove it.'],
    ]);
  });

  it.each([
    ["not base64", "not base64!!", "malformed DKIM key: the key is not base64 (expected only A-Z a-z 0-9 + / and = padding)"],
    ["a 512-bit key", dkimPublicKey(512), "malformed DKIM key: the RSA key has 512 bits; RFC 8301 requires at least 1024 (use 2048)"],
    ["an empty p=", "v=DKIM1; k=rsa; p=", "malformed DKIM key: no public key: expected the base64 value of p= (an empty p= means the key was revoked)"],
    ["an unknown key type", `v=DKIM1; k=dsa; p=${KEY}`, "malformed DKIM key: key type k=dsa is not rsa or ed25519 (RFC 6376 §3.6.1, RFC 8463). Copy the key again from the provider's DNS settings"],
  ])("refuses %s as a DKIM key", (_label, key, message) => {
    const raw = examplePortal("dev");
    raw.email.providers = [{ kind: "mailgun", dkim: [{ selector: "mx", publicKey: key }] }];
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe("launch-ready:portal.email.providers.0.dkim.0.publicKey");
    expect(problems[0].message.startsWith(message.replace(/\. Copy.*$/, ""))).toBe(true);
  });

  it("accepts an ed25519 key (RFC 8463) and publishes it with k=ed25519", () => {
    const raw32 = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "der" }).subarray(-32).toString("base64");
    const raw = examplePortal("dev");
    raw.email.providers = [{ kind: "mailgun", dkim: [{ selector: "ed", publicKey: `v=DKIM1; k=ed25519; p=${raw32}` }] }];
    const dkim = emailRecordPlans(parsePortalConfig(raw).email).find((r) => r.key === "email-dkim-ed");
    expect(dkim).toMatchObject({ name: "ed._domainkey.tradeloft.test", type: "TXT", content: `v=DKIM1; k=ed25519; p=${raw32}` });
  });

  it("requires the DKIM keys of a non-SES provider and one form per selector", () => {
    const raw = examplePortal("dev");
    raw.email.providers = [{ kind: "postmark" }, { kind: "google-workspace", dkim: [{ selector: "google", publicKey: KEY, target: "x.example.net" }] }];
    expect(problemsOf(raw).map((p) => [p.path, p.message])).toEqual([
      ["launch-ready:portal.email.providers.0.dkim", 'required: expected a list of DKIM keys such as [{ selector: 20240101000000pm, publicKey: "MIIBIjANBg…" }]'],
      ["launch-ready:portal.email.providers.1.dkim.0", "give exactly one of publicKey (a TXT record) or target (a CNAME record) for this selector"],
    ]);
  });

  it("refuses a provider listed twice, a selector used twice, and a bounce domain on a portal hostname", () => {
    const raw = examplePortal("dev");
    raw.email.providers = [
      { kind: "ses", mailFromSubdomain: "app" },
      { kind: "google-workspace", dkim: [{ selector: "google", publicKey: KEY }] },
      { kind: "google-workspace", dkim: [{ selector: "google2", publicKey: KEY }] },
      { kind: "mailgun", dkim: [{ selector: "google", publicKey: KEY }] },
    ];
    expect(problemsOf(raw).map((p) => [p.path, p.message])).toEqual([
      ["launch-ready:portal.email.providers.2.kind", "google-workspace is already listed at email.providers[1]; list each provider once"],
      ["launch-ready:portal.email.providers.3.dkim.0.selector", "selector google is already used at email.providers[1].dkim[0]; each DKIM key needs its own selector"],
      ["launch-ready:portal.email.providers.0.mailFromSubdomain", "app.tradeloft.test is a portal hostname (or the sending domain itself); the bounce domain needs a subdomain of its own, such as mail"],
    ]);
  });

  it("refuses a CNAME sharing its name with another record, and two MAIL FROM MX hosts at one name", () => {
    const raw = examplePortal("dev");
    raw.email.providers = [
      { kind: "ses", mailFromSubdomain: "bounce", region: "eu-west-1" },
      { kind: "resend", bounceSubdomain: "bounce", dkim: [{ selector: "resend", publicKey: KEY }] },
      { kind: "postmark", returnPathSubdomain: "bounce", dkim: [{ selector: "pm", publicKey: KEY }] },
    ];
    expect(problemsOf(raw).map((p) => [p.path, p.message])).toEqual([
      ["launch-ready:portal.email.providers.2", "bounce.tradeloft.test would hold a CNAME and a TXT record (from email.spf); a CNAME must be alone at its name (RFC 1034 §3.6.2). Pick another subdomain"],
      ["launch-ready:portal.email.providers.1", "bounce.tradeloft.test would get two different MAIL FROM MX hosts (feedback-smtp.eu-west-1.amazonses.com, feedback-smtp.us-east-1.amazonses.com); give each provider its own bounce subdomain or the same region"],
    ]);
  });
});
