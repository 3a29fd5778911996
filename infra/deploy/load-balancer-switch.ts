import * as pulumi from "@pulumi/pulumi";
import * as cloudflare from "@pulumi/cloudflare";
import type { PortalConfig } from "../../stacks/schema";
import { COLOURS, type Colour } from "../../stacks/schema/deploy";
import { portalHosts } from "../hostnames";
import { switchPlan, type HostKey } from "./switch-plan";

/**
 * The blue/green switch on Cloudflare Load Balancing: one HTTPS monitor on
 * the health path, one pool per colour watched by it, and one load balancer
 * per hostname that follows `deploy.active`, with the active pool first and
 * the standby as failover and fallback.
 *
 * Flipping `deploy.active` changes only the load balancers' pool order (and
 * canary weights): the monitor and the pools do not depend on the active
 * colour, and no logical name contains it, so nothing is replaced.
 */
export class LoadBalancerSwitch extends pulumi.ComponentResource {
  readonly monitor: cloudflare.LoadBalancerMonitor;
  readonly pools: Record<Colour, cloudflare.LoadBalancerPool>;
  readonly loadBalancers: Partial<Record<HostKey, cloudflare.LoadBalancer>> = {};

  constructor(name: string, config: PortalConfig, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:deploy:LoadBalancerSwitch", name, {}, opts);
    const plan = switchPlan(config);
    const hosts = portalHosts(config);
    if (config.cloudflare.plan !== "enterprise") {
      // Creating a pool without the subscription fails mid-apply; say it at plan time instead.
      void pulumi.log.warn(
        `deploy.switch.backend is load-balancer: Cloudflare Load Balancing is a paid add-on on the ${config.cloudflare.plan} plan; enable it for account ${config.cloudflare.accountId} before \`pulumi up\`, or use backend: dns`,
      );
    }
    // Monitors and pools are account-level: the environment in their names keeps stacks apart.
    const label = `${config.name}-${config.environment}`;

    this.monitor = new cloudflare.LoadBalancerMonitor(
      `${name}-monitor`,
      {
        accountId: config.cloudflare.accountId,
        type: "https",
        method: "GET",
        path: plan.healthPath,
        expectedCodes: "200",
        // Origins serve the portal by virtual host; probe as the app hostname would be requested.
        header: { Host: [hosts.app] },
        followRedirects: false,
        allowInsecure: false,
        // 60 s is the shortest interval every Load Balancing subscription allows.
        interval: 60,
        timeout: 5,
        retries: 2,
        consecutiveDown: 2,
        consecutiveUp: 2,
        description: `launch-ready ${label}: ${plan.healthPath} of the blue and green origins`,
      },
      { parent: this },
    );

    const pools = {} as Record<Colour, cloudflare.LoadBalancerPool>;
    for (const colour of COLOURS) {
      pools[colour] = new cloudflare.LoadBalancerPool(
        `${name}-pool-${colour}`,
        {
          accountId: config.cloudflare.accountId,
          // Pool names allow letters, digits, - and _ only.
          name: `${label}-${colour}`,
          origins: [{ name: colour, address: config.deploy.origins[colour], enabled: true, weight: 1 }],
          monitor: this.monitor.id,
          minimumOrigins: 1,
          description: `launch-ready ${label}: the ${colour} origin`,
        },
        { parent: this },
      );
    }
    this.pools = pools;

    const active = pools[plan.active];
    const standby = pools[plan.standby];
    const canary = plan.canaryPercent > 0;
    for (const key of plan.switchedHosts) {
      this.loadBalancers[key] = new cloudflare.LoadBalancer(
        `${name}-${key}`,
        {
          zoneId: config.cloudflare.zoneId,
          name: hosts[key],
          // Proxied: origins stay hidden and the WAF and rate limits apply, as on the DNS records.
          proxied: true,
          defaultPools: [active.id, standby.id],
          fallbackPool: standby.id,
          // "off" = failover in defaultPools order; "random" honours the canary weights.
          steeringPolicy: canary ? "random" : "off",
          randomSteering: canary
            ? pulumi.all([active.id, standby.id]).apply(([activeId, standbyId]) => ({
                defaultWeight: 0,
                poolWeights: { [activeId]: (100 - plan.canaryPercent) / 100, [standbyId]: plan.canaryPercent / 100 },
              }))
            : undefined,
          // During a canary a user must stay on one colour: hopping mid-session mixes two releases' assets and sessions.
          sessionAffinity: canary ? "cookie" : "none",
          description: `launch-ready ${label}: ${hosts[key]} follows deploy.active`,
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}
