import { asArray, ofType, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type LoadBalancerPoolProps } from "./lib/types";

/** Without a monitor, Cloudflare keeps sending traffic to a dead pool and never fails over. */
export const cloudflareLoadBalancerPoolMonitor: LaunchReadyPolicy = {
  name: "cloudflare-load-balancer-pool-monitor",
  description: "Every load balancer pool must have a health monitor and at least one enabled origin, so Cloudflare can fail over when it breaks.",
  severity: "high",
  tags: ["deployment-safety", "cloudflare"],
  remediationSteps: "Create a cloudflare.LoadBalancerMonitor on the health path and set it as the pool's monitor.",
  validateResource: ofType<LoadBalancerPoolProps>(CF.loadBalancerPool, (pool, args, report) => {
    if (!pool.monitor && !pool.monitorGroup) report(`Load balancer pool ${pool.name ?? args.name} must set monitor (a LoadBalancerMonitor id) so unhealthy origins are taken out of rotation.`);
    if (!asArray(pool.origins).some((o) => o && o.enabled !== false)) report(`Load balancer pool ${pool.name ?? args.name} must have at least one enabled origin.`);
  }),
};
