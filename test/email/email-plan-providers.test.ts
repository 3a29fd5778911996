import { describe, expect, it } from "vitest";
import { planStack } from "../../scripts/plan/plan-stack";
import { DNS_RECORD_TYPE } from "../../scripts/plan/zone-file";
import { dkimPublicKey, examplePortal } from "./helpers";
import { componentWarnings } from "../plan/components";

describe("offline plan with several providers at once", () => {
  it("publishes each provider's DKIM, return path and one merged SPF, and warns about p=none and ~all in dev", async () => {
    const key = dkimPublicKey();
    const raw = examplePortal("dev");
    raw.email.providers = [
      { kind: "ses", mailFromSubdomain: "bounce", region: "eu-west-1" },
      { kind: "google-workspace", dkim: [{ selector: "google", publicKey: key }] },
      { kind: "postmark", dkim: [{ selector: "20240101pm", publicKey: `v=DKIM1; k=rsa; p=${key}` }] },
      { kind: "sendgrid", dkim: [{ selector: "s1", target: "s1.domainkey.u123.wl.sendgrid.net" }, { selector: "s2", target: "s2.domainkey.u123.wl.sendgrid.net" }] },
    ];
    raw.email.spf = { all: "~all", include: ["spf.crm.example.org"] };
    raw.email.dmarc.policy = "none";
    const { plan } = await planStack({ stack: "dev", portalOverride: raw });

    const records = plan.resources
      .filter((r) => r.type === DNS_RECORD_TYPE && r.name.startsWith("tradeloft-dns-email-") && !r.name.includes("ses-dkim"))
      .map((r) => [r.name, r.inputs.type, r.inputs.name, r.inputs.content, r.inputs.proxied])
      // Registration order follows when each input resolves; compare by logical name.
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const quotedKey = (() => {
      const value = `v=DKIM1; k=rsa; p=${key}`;
      const chunks: string[] = [];
      for (let i = 0; i < value.length; i += 255) chunks.push(`"${value.slice(i, i + 255)}"`);
      return chunks.join(" ");
    })();
    expect(records).toEqual([
      ["tradeloft-dns-email-cname-pm-bounces", "CNAME", "pm-bounces.tradeloft.test", "pm.mtasv.net", false],
      ["tradeloft-dns-email-dkim-20240101pm", "TXT", "20240101pm._domainkey.tradeloft.test", quotedKey, false],
      ["tradeloft-dns-email-dkim-google", "TXT", "google._domainkey.tradeloft.test", quotedKey, false],
      ["tradeloft-dns-email-dkim-s1", "CNAME", "s1._domainkey.tradeloft.test", "s1.domainkey.u123.wl.sendgrid.net", false],
      ["tradeloft-dns-email-dkim-s2", "CNAME", "s2._domainkey.tradeloft.test", "s2.domainkey.u123.wl.sendgrid.net", false],
      ["tradeloft-dns-email-dmarc", "TXT", "_dmarc.tradeloft.test", '"v=DMARC1; p=none; adkim=s; aspf=s; rua=mailto:dmarc@tradeloft.test"', false],
      ["tradeloft-dns-email-mx-bounce", "MX", "bounce.tradeloft.test", "feedback-smtp.eu-west-1.amazonses.com", false],
      ["tradeloft-dns-email-spf", "TXT", "tradeloft.test", '"v=spf1 include:_spf.google.com include:sendgrid.net include:spf.crm.example.org ~all"', false],
      ["tradeloft-dns-email-spf-bounce", "TXT", "bounce.tradeloft.test", '"v=spf1 include:amazonses.com ~all"', false],
    ]);
    expect(plan.resources.find((r) => r.name === "tradeloft-email-ses-identity")?.inputs.region).toBe("eu-west-1");
    expect(plan.resources.filter((r) => r.name.startsWith("tradeloft-dns-email-ses-dkim-"))).toHaveLength(3);

    expect(componentWarnings(plan.notes, "email")).toEqual([
      "email.dmarc.policy is none for tradeloft.test: receivers only report, spoofed password resets still reach inboxes. Move to quarantine once reports are clean (prod refuses none).",
      "email.spf.all is ~all for tradeloft.test: unlisted senders only softfail; use -all once every sender is listed.",
      "the SPF record of tradeloft.test includes spf.crm.example.org, whose nested lookups the plan cannot know: counted 6 as a lower bound. Run `launch-ready email-dns --domain tradeloft.test` after deploying to count them.",
    ]);
  });

  it("warns when the SPF record nears the 10-lookup limit", async () => {
    const key = dkimPublicKey();
    const raw = examplePortal("staging");
    raw.email.providers = [
      { kind: "google-workspace", dkim: [{ selector: "google", publicKey: key }] },
      { kind: "mailgun", dkim: [{ selector: "mx", publicKey: key }] },
    ];
    const { plan } = await planStack({ stack: "staging", portalOverride: raw });
    expect(plan.resources.some((r) => r.type.startsWith("aws:sesv2/"))).toBe(false);
    expect(plan.resources.find((r) => r.name === "tradeloft-dns-email-spf")?.inputs.content).toBe('"v=spf1 include:_spf.google.com include:mailgun.org -all"');
    expect(componentWarnings(plan.notes, "email")).toEqual([
      "the SPF record of example.net needs 9 of 10 DNS lookups (RFC 7208 §4.6.4): one more nested include breaks SPF.",
    ]);
    expect(plan.outputs.emailDkimSelectors).toEqual(["google", "mx"]);
  });
});
