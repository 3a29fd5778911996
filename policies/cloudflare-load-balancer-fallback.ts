import { asArray, ofType, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type LoadBalancerProps } from "./lib/types";

export const cloudflareLoadBalancerFallback: LaunchReadyPolicy = {
  name: "cloudflare-load-balancer-fallback",
  description: "Every load balancer must name its default pools and a fallback pool, so traffic has somewhere to go when every default pool is unhealthy.",
  severity: "high",
  tags: ["deployment-safety", "cloudflare"],
  remediationSteps: "Set defaultPools to the active colour's pool and fallbackPool to the other colour's pool.",
  validateResource: ofType<LoadBalancerProps>(CF.loadBalancer, (lb, args, report) => {
    if (asArray(lb.defaultPools).length === 0) report(`Load balancer ${lb.name ?? args.name} must list at least one default pool.`);
    if (!lb.fallbackPool) report(`Load balancer ${lb.name ?? args.name} must set fallbackPool (the pool used when all default pools are unhealthy).`);
  }),
};
