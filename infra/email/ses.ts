import * as pulumi from "@pulumi/pulumi";
import * as sesv2 from "@pulumi/aws/sesv2";
import type { SesProvider } from "../../stacks/schema/email";
import type { DnsRecordSpec } from "../dns";

export interface SesSenderArgs {
  /** The domain SES sends for (the From: domain). */
  sendingDomain: string;
  provider: SesProvider;
  /** Name of the configuration set, e.g. `tradeloft-prod`. */
  configurationSetName: string;
}

/** SES Easy DKIM always hands out three tokens (SES developer guide, "Easy DKIM"). */
export const SES_DKIM_TOKEN_COUNT = 3;

/**
 * Amazon SES v2 sending identity for the domain: a configuration set, the
 * domain identity with Easy DKIM, and a custom MAIL FROM subdomain so SPF
 * aligns under relaxed DMARC. DNS records are handed back as specs for
 * PortalDns: the three DKIM CNAMEs come from the identity's tokens.
 */
export class SesSender extends pulumi.ComponentResource {
  readonly identity: sesv2.EmailIdentity;
  readonly configurationSet: sesv2.ConfigurationSet;
  readonly mailFrom: sesv2.EmailIdentityMailFromAttributes;
  /** The Easy DKIM CNAMEs `<token>._domainkey.<domain>` → `<token>.dkim.amazonses.com`. */
  readonly dkimRecords: DnsRecordSpec[];

  constructor(name: string, args: SesSenderArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:email:SesSender", name, {}, opts);
    const { provider, sendingDomain } = args;
    const region = provider.region;

    this.configurationSet = new sesv2.ConfigurationSet(
      `${name}-config`,
      {
        configurationSetName: args.configurationSetName,
        region,
        deliveryOptions: { tlsPolicy: provider.configurationSet.requireTls ? "REQUIRE" : "OPTIONAL" },
        reputationOptions: { reputationMetricsEnabled: provider.configurationSet.reputationMetrics },
        sendingOptions: { sendingEnabled: true },
        // Stop sending to addresses that bounced or complained: repeated bounces hurt the domain's reputation.
        suppressionOptions: { suppressedReasons: ["BOUNCE", "COMPLAINT"] },
      },
      { parent: this },
    );

    this.identity = new sesv2.EmailIdentity(
      `${name}-identity`,
      {
        emailIdentity: sendingDomain,
        region,
        configurationSetName: this.configurationSet.configurationSetName,
        dkimSigningAttributes: { nextSigningKeyLength: provider.dkimKeyLength },
      },
      { parent: this },
    );

    this.mailFrom = new sesv2.EmailIdentityMailFromAttributes(
      `${name}-mail-from`,
      {
        emailIdentity: this.identity.emailIdentity,
        region,
        mailFromDomain: `${provider.mailFromSubdomain}.${sendingDomain}`,
        behaviorOnMxFailure: provider.behaviorOnMxFailure,
      },
      { parent: this },
    );

    const tokens = this.identity.dkimSigningAttributes.apply((a) => a.tokens ?? []);
    this.dkimRecords = [];
    for (let i = 0; i < SES_DKIM_TOKEN_COUNT; i++) {
      const token = tokens.apply((t) => {
        if (t[i] === undefined) throw new Error(`SES returned ${t.length} DKIM tokens for ${sendingDomain}; Easy DKIM needs ${SES_DKIM_TOKEN_COUNT}`);
        return t[i];
      });
      this.dkimRecords.push({
        key: `email-ses-dkim-${i + 1}`,
        name: pulumi.interpolate`${token}._domainkey.${sendingDomain}`,
        type: "CNAME",
        content: pulumi.interpolate`${token}.dkim.amazonses.com`,
        // DKIM lookups must reach SES's key, not Cloudflare's edge.
        proxied: false,
        comment: "launch-ready: ses Easy DKIM",
      });
    }
    this.registerOutputs({ identityArn: this.identity.arn, configurationSetName: this.configurationSet.configurationSetName });
  }
}
