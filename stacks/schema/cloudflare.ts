import { z } from "zod";
import { cloudflareId, cloudflarePlan } from "./primitives";

/** The Cloudflare account and zone that hold the portal, and the zone's plan. */
export const CloudflareSchema = z
  .object({
    accountId: cloudflareId,
    zoneId: cloudflareId,
    /**
     * The zone's plan decides which WAF rulesets, rate-limit rules, health checks
     * and load balancing are available.
     * @default "free"
     */
    plan: cloudflarePlan.default("free"),
  })
  .strict();
export type CloudflareConfig = z.infer<typeof CloudflareSchema>;
