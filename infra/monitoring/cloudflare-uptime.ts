import * as pulumi from "@pulumi/pulumi";
import * as cloudflare from "@pulumi/cloudflare";
import type { UptimeCheckSpec } from "./route53-uptime";

/** Three regions: the Pro plan allows three (Cloudflare health check limits per plan). */
export const CLOUDFLARE_CHECK_REGIONS = ["WNAM", "ENAM", "WEU"];

export interface CloudflareUptimeArgs {
  accountId: pulumi.Input<string>;
  zoneId: pulumi.Input<string>;
  displayPrefix: string;
  checks: UptimeCheckSpec[];
  mechanisms: pulumi.Input<cloudflare.types.input.NotificationPolicyMechanisms>;
}

/**
 * Uptime on Cloudflare (Pro and up): one standalone health check per path and
 * one notification policy per check that fires on Unhealthy and on Healthy,
 * so people hear about the failure and the recovery.
 */
export class CloudflareUptime extends pulumi.ComponentResource {
  readonly healthChecks: Record<string, cloudflare.Healthcheck> = {};
  readonly policies: Record<string, cloudflare.NotificationPolicy> = {};

  constructor(name: string, args: CloudflareUptimeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:monitoring:CloudflareUptime", name, {}, opts);
    for (const check of args.checks) {
      const healthCheck = this.createHealthCheck(name, args, check);
      this.healthChecks[check.key] = healthCheck;
      this.policies[check.key] = this.createPolicy(name, args, check, healthCheck);
    }
    this.registerOutputs({});
  }

  private createHealthCheck(name: string, args: CloudflareUptimeArgs, check: UptimeCheckSpec): cloudflare.Healthcheck {
    return new cloudflare.Healthcheck(
      `${name}-${check.key}`,
      {
        zoneId: args.zoneId,
        // Names allow letters, digits, - and _ only.
        name: `${args.displayPrefix}-${check.key}`.replace(/[^A-Za-z0-9_-]/g, "-"),
        description: `launch-ready: https://${check.fqdn}${check.path}`,
        // The public hostname (proxied records are accepted), so the check follows blue/green switches.
        address: check.fqdn,
        type: "HTTPS",
        checkRegions: CLOUDFLARE_CHECK_REGIONS,
        interval: check.intervalSeconds,
        consecutiveFails: check.failureThreshold,
        consecutiveSuccesses: 2,
        retries: 2,
        timeout: 5,
        httpConfig: {
          method: "GET",
          path: check.path,
          port: 443,
          expectedCodes: [String(check.expectedStatus)],
          expectedBody: check.bodyMatch,
          // A redirect to a login or error page must not count as healthy.
          followRedirects: false,
          allowInsecure: false,
          header: { Host: [check.fqdn] },
        },
      },
      { parent: this },
    );
  }

  private createPolicy(name: string, args: CloudflareUptimeArgs, check: UptimeCheckSpec, healthCheck: cloudflare.Healthcheck): cloudflare.NotificationPolicy {
    return new cloudflare.NotificationPolicy(
      `${name}-${check.key}`,
      {
        accountId: args.accountId,
        name: `${args.displayPrefix} uptime ${check.key}`,
        description: `https://${check.fqdn}${check.path} changed health (launch-ready)`,
        alertType: "health_check_status_notification",
        enabled: true,
        // Both directions: the failure and the recovery reach the same people.
        filters: { healthCheckIds: [healthCheck.id], statuses: ["Unhealthy", "Healthy"] },
        mechanisms: args.mechanisms,
      },
      { parent: this },
    );
  }
}
