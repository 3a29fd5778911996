import * as pulumi from "@pulumi/pulumi";
import * as sns from "@pulumi/aws/sns";
import { readSecret } from "../config";
import { pagerDutyCloudWatchUrl, type AlertTarget } from "./targets";

export interface AlertTopicArgs {
  /** Region of the topic: CloudWatch alarms notify topics in their own region. undefined = the provider's. */
  region?: string;
  displayName: string;
  targets: AlertTarget[];
}

/**
 * An SNS topic that CloudWatch alarms notify, with one subscription per alert
 * target. No KMS key: CloudWatch cannot publish to a topic encrypted with the
 * AWS-managed SNS key (alias/aws/sns), and alarm messages hold no secrets.
 */
export class AlertTopic extends pulumi.ComponentResource {
  readonly topic: sns.Topic;
  readonly subscriptions: Record<string, sns.TopicSubscription> = {};

  constructor(name: string, args: AlertTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:monitoring:AlertTopic", name, {}, opts);
    this.topic = new sns.Topic(name, { region: args.region, displayName: args.displayName, tags: { "launch-ready:purpose": "alerts" } }, { parent: this });
    for (const target of args.targets) {
      const sub = subscriptionFor(target);
      if (!sub) continue;
      this.subscriptions[target.key] = new sns.TopicSubscription(`${name}-${target.key}`, { region: args.region, topic: this.topic.arn, ...sub }, { parent: this });
    }
    this.registerOutputs({});
  }
}

/** SNS protocol and endpoint per target kind. */
function subscriptionFor(target: AlertTarget): Pick<sns.TopicSubscriptionArgs, "protocol" | "endpoint" | "endpointAutoConfirms"> | undefined {
  switch (target.kind) {
    case "email":
      // The recipient must click the confirmation link AWS sends before alerts arrive.
      return { protocol: "email", endpoint: target.address };
    case "webhook":
      // SNS posts its JSON envelope and expects the endpoint to confirm the subscription.
      return { protocol: "https", endpoint: target.url, endpointAutoConfirms: false };
    case "pagerduty":
      if (!target.integrationKeySecret) return undefined;
      return { protocol: "https", endpoint: pagerDutyCloudWatchUrl(readSecret(target.integrationKeySecret)), endpointAutoConfirms: true };
  }
}
