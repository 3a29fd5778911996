import * as pulumi from "@pulumi/pulumi";
import type { PortalConfig } from "../../stacks/schema";
import { SPF_LOOKUP_LIMIT, declaredDkimSelectors, emailRecordPlans, planSpfRecords } from "../../stacks/schema/email-records";
import type { DnsRecordSpec } from "../dns";
import { SesSender } from "./ses";

/** Above this many counted lookups the plan warns: a provider adding one nested include tips it over. */
export const SPF_LOOKUP_WARN_AT = 8;

export interface PortalEmailArgs {
  config: PortalConfig;
}

/**
 * The sending domain's authentication: SES identity (when SES is a
 * provider), every provider's DKIM, one merged SPF record per name, DMARC.
 * It writes no DNS itself: `records` go to PortalDns with the rest of the
 * zone, all unproxied (mail records must resolve to their real values).
 */
export class PortalEmail extends pulumi.ComponentResource {
  readonly records: DnsRecordSpec[];
  readonly ses?: SesSender;
  /** Every DKIM selector of the domain (SES Easy DKIM tokens once known): what `email-dns --selector` checks. */
  readonly dkimSelectors: pulumi.Output<string[]>;

  constructor(name: string, args: PortalEmailArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:email:PortalEmail", name, {}, opts);
    const { config } = args;
    const email = config.email;

    const ses = email.providers.find((p) => p.kind === "ses");
    if (ses && ses.kind === "ses") {
      this.ses = new SesSender(
        `${name}-ses`,
        { sendingDomain: email.sendingDomain, provider: ses, configurationSetName: `${config.name}-${config.environment}` },
        { parent: this },
      );
    }

    const planned: DnsRecordSpec[] = emailRecordPlans(email).map((r) => ({
      key: r.key,
      name: r.name,
      type: r.type,
      content: r.content,
      priority: r.priority,
      proxied: false,
      comment: r.comment,
    }));
    this.records = [...planned, ...(this.ses?.dkimRecords ?? [])];
    const declared = declaredDkimSelectors(email);
    this.dkimSelectors = this.ses
      ? this.ses.identity.dkimSigningAttributes.apply((a) => [...(a.tokens ?? []), ...declared])
      : pulumi.output(declared);

    this.warnAboutPosture(config);
    this.registerOutputs({ dkimSelectors: this.dkimSelectors });
  }

  /** What the schema allows but a reviewer should see in the plan. */
  private warnAboutPosture(config: PortalConfig): void {
    const email = config.email;
    if (email.dmarc.policy === "none") {
      void pulumi.log.warn(
        `email.dmarc.policy is none for ${email.sendingDomain}: receivers only report, spoofed password resets still reach inboxes. Move to quarantine once reports are clean (prod refuses none).`,
        this,
      );
    }
    if (email.dmarc.testing) {
      void pulumi.log.warn(`email.dmarc.testing publishes t=y for ${email.sendingDomain}: receivers apply p=${email.dmarc.policy} one step softer until you turn it off.`, this);
    }
    if (email.spf.all === "~all") {
      void pulumi.log.warn(`email.spf.all is ~all for ${email.sendingDomain}: unlisted senders only softfail; use -all once every sender is listed.`, this);
    }
    for (const spf of planSpfRecords(email)) {
      if (spf.lookups >= SPF_LOOKUP_WARN_AT && spf.lookups <= SPF_LOOKUP_LIMIT) {
        void pulumi.log.warn(`the SPF record of ${spf.name} needs ${spf.lookups} of ${SPF_LOOKUP_LIMIT} DNS lookups (RFC 7208 §4.6.4): one more nested include breaks SPF.`, this);
      }
      if (spf.unknownIncludes.length) {
        void pulumi.log.warn(
          `the SPF record of ${spf.name} includes ${spf.unknownIncludes.join(", ")}, whose nested lookups the plan cannot know: counted ${spf.lookups} as a lower bound. Run \`launch-ready email-dns --domain ${email.sendingDomain}\` after deploying to count them.`,
          this,
        );
      }
    }
  }
}
