import { beforeAll, describe, expect, it } from "vitest";
import type { Plan, PlannedResource } from "../../scripts/plan/model";
import { planStack } from "../../scripts/plan/plan-stack";
import { DNS_RECORD_TYPE } from "../../scripts/plan/zone-file";
import { componentWarnings } from "../plan/components";


function byName(plan: Plan, name: string): PlannedResource {
  const r = plan.resources.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name}; have ${plan.resources.map((x) => x.name).join(", ")}`);
  return r;
}

const STACKS = [
  { stack: "dev", apex: "tradeloft.test", policy: "quarantine", zoneId: "0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a" },
  { stack: "staging", apex: "example.net", policy: "quarantine", zoneId: "5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d" },
  { stack: "prod", apex: "example.com", policy: "reject", zoneId: "9f8e7d6c5b4a39281706f5e4d3c2b1a0" },
] as const;

describe.each(STACKS)("offline plan of the $stack example: SES identity and email records", ({ stack, apex, policy, zoneId }) => {
  let plan: Plan;
  beforeAll(async () => {
    plan = (await planStack({ stack })).plan;
  });

  it("creates the SES v2 configuration set, identity with Easy DKIM, and custom MAIL FROM", () => {
    expect(byName(plan, "tradeloft-email").type).toBe("launch-ready:email:PortalEmail");
    expect(byName(plan, "tradeloft-email-ses").type).toBe("launch-ready:email:SesSender");
    const config = byName(plan, "tradeloft-email-ses-config");
    expect(config.type).toBe("aws:sesv2/configurationSet:ConfigurationSet");
    expect(config.inputs).toEqual({
      configurationSetName: `tradeloft-${stack}`,
      region: "us-east-1",
      deliveryOptions: { tlsPolicy: "REQUIRE" },
      reputationOptions: { reputationMetricsEnabled: true },
      sendingOptions: { sendingEnabled: true },
      suppressionOptions: { suppressedReasons: ["BOUNCE", "COMPLAINT"] },
    });
    const identity = byName(plan, "tradeloft-email-ses-identity");
    expect(identity.type).toBe("aws:sesv2/emailIdentity:EmailIdentity");
    expect(identity.inputs).toEqual({
      emailIdentity: apex,
      region: "us-east-1",
      configurationSetName: `tradeloft-${stack}`,
      dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT" },
    });
    expect(identity.dependencies).toContain(config.urn);
    const mailFrom = byName(plan, "tradeloft-email-ses-mail-from");
    expect(mailFrom.type).toBe("aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes");
    expect(mailFrom.inputs).toEqual({ emailIdentity: apex, region: "us-east-1", mailFromDomain: `mail.${apex}`, behaviorOnMxFailure: "USE_DEFAULT_VALUE" });
  });

  it("writes every email record unproxied through PortalDns with exact values", () => {
    const dnsUrn = byName(plan, "tradeloft-dns").urn;
    const email = plan.resources.filter((r) => r.type === DNS_RECORD_TYPE && r.name.startsWith("tradeloft-dns-email-"));
    for (const r of email) {
      expect(r.parent).toBe(dnsUrn);
      expect(r.inputs.proxied).toBe(false);
      expect(r.inputs.ttl).toBe(1);
      expect(r.inputs.zoneId).toBe(zoneId);
    }
    const rows = email.map((r) => [r.name, r.inputs.type, r.inputs.name, r.inputs.content, r.inputs.priority]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const identity = byName(plan, "tradeloft-email-ses-identity");
    const tokens = [1, 2, 3].map((i) => String(byName(plan, `tradeloft-dns-email-ses-dkim-${i}`).inputs.name).split(".")[0]);
    expect(tokens).toHaveLength(3);
    for (const t of tokens) expect(t).toMatch(/^[0-9a-f]{32}$/);
    expect(rows).toEqual([
      ["tradeloft-dns-email-dmarc", "TXT", `_dmarc.${apex}`, `"v=DMARC1; p=${policy}; adkim=s; aspf=s; rua=mailto:dmarc@${apex}"`, undefined],
      ["tradeloft-dns-email-mx-mail", "MX", `mail.${apex}`, "feedback-smtp.us-east-1.amazonses.com", 10],
      ...tokens.map((t, i) => [`tradeloft-dns-email-ses-dkim-${i + 1}`, "CNAME", `${t}._domainkey.${apex}`, `${t}.dkim.amazonses.com`, undefined]),
      ["tradeloft-dns-email-spf", "TXT", apex, '"v=spf1 -all"', undefined],
      ["tradeloft-dns-email-spf-mail", "TXT", `mail.${apex}`, '"v=spf1 include:amazonses.com -all"', undefined],
    ]);
    // Exported for the live checks: `email-dns --selector` takes these.
    expect(plan.outputs.emailDkimSelectors).toEqual(tokens);
    // The DKIM CNAMEs come from the identity's tokens: the plan records the dependency.
    for (let i = 1; i <= 3; i++) expect(byName(plan, `tradeloft-dns-email-ses-dkim-${i}`).dependencies).toContain(identity.urn);
  });

  it("has no email warnings (quarantine/reject, -all, lookups well under 10)", () => {
    // Only the email component's own warnings: the edge and monitoring warn in the same plan.
    expect(componentWarnings(plan.notes, "email")).toEqual([]);
  });

  it("publishes one SPF record per name in the whole zone, whichever component writes records", () => {
    // RFC 7208 §4.5: two "v=spf1" records at one name make SPF a permerror.
    const spf = plan.resources.filter((r) => r.type === DNS_RECORD_TYPE && r.inputs.type === "TXT" && String(r.inputs.content).startsWith('"v=spf1'));
    expect(spf.map((r) => r.inputs.name).sort()).toEqual([apex, `mail.${apex}`].sort());
  });
});
