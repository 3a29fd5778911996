import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../scripts/cli";
import type { Plan, PlannedResource } from "../../scripts/plan/model";
import { DNS_RECORD_TYPE, renderZoneFile } from "../../scripts/plan/zone-file";

function record(name: string, inputs: Record<string, unknown>): PlannedResource {
  return {
    urn: `urn:pulumi:t::p::${DNS_RECORD_TYPE}::${name}`,
    type: DNS_RECORD_TYPE,
    name,
    custom: true,
    dependencies: [],
    propertyDependencies: {},
    inputs,
    secretInputs: [],
    aliases: [],
    additionalSecretOutputs: [],
    ignoreChanges: [],
    replaceOnChanges: [],
    deleteBeforeReplace: false,
  };
}

describe("zone file writer", () => {
  it("writes each record type in master-file syntax, sorted, with proxied records marked", () => {
    const plan: Plan = {
      stack: "t",
      project: "p",
      outputs: {},
      findings: [],
      notes: [],
      resources: [
        record("z-www", { name: "www.example.com", type: "AAAA", content: "2001:db8::10", proxied: true, ttl: 1 }),
        record("z-caa", { name: "example.com", type: "CAA", data: { flags: 0, tag: "issue", value: "letsencrypt.org" }, proxied: false, ttl: 1 }),
        record("z-mx", { name: "mail.example.com", type: "MX", content: "feedback-smtp.us-east-1.amazonses.com", priority: 10, proxied: false, ttl: 1 }),
        record("z-txt", { name: "k._domainkey.example.com", type: "TXT", content: '"aaa" "bbb"', proxied: false, ttl: 3600 }),
        record("z-cname", { name: "s1._domainkey.example.com", type: "CNAME", content: "s1.domainkey.example.net", proxied: false, ttl: 1 }),
        record("z-unknown", { name: "later.example.com", type: "CNAME", proxied: false, ttl: 1 }),
        { ...record("not-dns", { name: "x" }), type: "aws:sesv2/emailIdentity:EmailIdentity" },
      ],
    };
    expect(renderZoneFile(plan, { origin: "example.com", title: "test" })).toBe(
      [
        "; test",
        "; 6 DNS records planned for example.com (SOA and NS are Cloudflare's).",
        "$ORIGIN example.com.",
        "$TTL 300",
        'example.com. 300 IN CAA 0 issue "letsencrypt.org" ; z-caa',
        "k._domainkey.example.com. 3600 IN TXT \"aaa\" \"bbb\" ; z-txt",
        "; later.example.com. CNAME: value not known until deploy (z-unknown)",
        "mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com. ; z-mx",
        "s1._domainkey.example.com. 300 IN CNAME s1.domainkey.example.net. ; z-cname",
        "www.example.com. 300 IN AAAA 2001:db8::10 ; z-www, proxied by Cloudflare",
        "",
      ].join("\n"),
    );
  });

  it("`plan --stack prod --zone-file` writes the prod plan's records", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zone-file-"));
    const zone = path.join(dir, "out", "prod.zone");
    const report = path.join(dir, "plan.json");
    const code = await main(["plan", "--stack", "prod", "--zone-file", zone, "--format", "json", "--output", report]);
    expect(code).toBe(0);
    const lines = fs.readFileSync(zone, "utf8").trimEnd().split("\n");
    const dkim = lines.filter((l) => l.includes("._domainkey."));
    expect(dkim).toHaveLength(3);
    for (const line of dkim) expect(line).toMatch(/^([0-9a-f]{32})\._domainkey\.example\.com\. 300 IN CNAME \1\.dkim\.amazonses\.com\. ; tradeloft-dns-email-ses-dkim-[123]$/);
    expect(lines.filter((l) => !l.includes("._domainkey."))).toEqual([
      "; launch-ready plan --stack prod --zone-file",
      "; 18 DNS records planned for example.com (SOA and NS are Cloudflare's).",
      "$ORIGIN example.com.",
      "$TTL 300",
      '_dmarc.example.com. 300 IN TXT "v=DMARC1; p=reject; adkim=s; aspf=s; rua=mailto:dmarc@example.com" ; tradeloft-dns-email-dmarc',
      "api.example.com. 300 IN A 203.0.113.10 ; tradeloft-dns-api, proxied by Cloudflare",
      "app.example.com. 300 IN A 203.0.113.10 ; tradeloft-dns-app, proxied by Cloudflare",
      "example.com. 300 IN A 203.0.113.10 ; tradeloft-dns-apex, proxied by Cloudflare",
      // The edge's CAA records (edge.dns.caaIssuers, caaReportEmail) share the zone.
      'example.com. 300 IN CAA 0 iodef "mailto:security@example.com" ; tradeloft-dns-caa-iodef',
      'example.com. 300 IN CAA 0 issue "letsencrypt.org" ; tradeloft-dns-caa-issue-1',
      'example.com. 300 IN CAA 0 issue "pki.goog" ; tradeloft-dns-caa-issue-2',
      'example.com. 300 IN CAA 0 issue "ssl.com" ; tradeloft-dns-caa-issue-3',
      'example.com. 300 IN CAA 0 issuewild "letsencrypt.org" ; tradeloft-dns-caa-issuewild-1',
      'example.com. 300 IN CAA 0 issuewild "pki.goog" ; tradeloft-dns-caa-issuewild-2',
      'example.com. 300 IN CAA 0 issuewild "ssl.com" ; tradeloft-dns-caa-issuewild-3',
      'example.com. 300 IN TXT "v=spf1 -all" ; tradeloft-dns-email-spf',
      "mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com. ; tradeloft-dns-email-mx-mail",
      'mail.example.com. 300 IN TXT "v=spf1 include:amazonses.com -all" ; tradeloft-dns-email-spf-mail',
      "www.example.com. 300 IN A 203.0.113.10 ; tradeloft-dns-www, proxied by Cloudflare",
    ]);
    // The JSON plan is still written as before: the flag only adds the zone file.
    expect(JSON.parse(fs.readFileSync(report, "utf8")).stack).toBe("prod");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("an unwritable --zone-file is bad input (exit 2)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zone-file-"));
    const blocker = path.join(dir, "file");
    fs.writeFileSync(blocker, "");
    const code = await main(["plan", "--stack", "dev", "--zone-file", path.join(blocker, "x.zone"), "--format", "json", "--output", path.join(dir, "p.json")]);
    expect(code).toBe(2);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
