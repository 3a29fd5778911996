import * as pulumi from "@pulumi/pulumi";
import * as cloudflare from "@pulumi/cloudflare";
import type { AlertTarget } from "./targets";

export interface CloudflareAlertDestinationsArgs {
  accountId: pulumi.Input<string>;
  displayPrefix: string;
  targets: AlertTarget[];
}

/**
 * The alert targets as Cloudflare notification mechanisms: emails by address,
 * a webhook destination per webhook (Cloudflare formats the body for Slack,
 * Google Chat, Discord and others by URL), PagerDuty by its connected destination.
 */
export class CloudflareAlertDestinations extends pulumi.ComponentResource {
  readonly webhooks: Record<string, cloudflare.NotificationPolicyWebhooks> = {};
  /** Ready to pass as `NotificationPolicy.mechanisms`. */
  readonly mechanisms: cloudflare.types.input.NotificationPolicyMechanisms;

  constructor(name: string, args: CloudflareAlertDestinationsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:monitoring:CloudflareAlertDestinations", name, {}, opts);
    const emails: { id: string }[] = [];
    const webhooks: { id: pulumi.Output<string> }[] = [];
    const pagerduties: { id: string }[] = [];
    for (const target of args.targets) {
      if (target.kind === "email") emails.push({ id: target.address });
      else if (target.kind === "webhook") {
        const hook = new cloudflare.NotificationPolicyWebhooks(
          `${name}-${target.key}`,
          { accountId: args.accountId, name: `${args.displayPrefix} ${target.label}`, url: target.url },
          { parent: this },
        );
        this.webhooks[target.key] = hook;
        webhooks.push({ id: hook.id });
      } else if (target.cloudflareDestinationId) pagerduties.push({ id: target.cloudflareDestinationId });
    }
    this.mechanisms = {
      emails: emails.length ? emails : undefined,
      webhooks: webhooks.length ? webhooks : undefined,
      pagerduties: pagerduties.length ? pagerduties : undefined,
    };
    this.registerOutputs({});
  }
}
