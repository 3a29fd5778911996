import type { StackValidationArgs } from "@pulumi/policy";
import { asArray, resourcesOf, type LaunchReadyPolicy } from "./lib/kit";
import { CLOUDFLARE_PLANS, MANAGED_RULESETS, type CloudflarePlan } from "./lib/plans";
import { CF, type DnsRecordProps, type RulesetProps, type ZoneSettingProps } from "./lib/types";

/** Zones the stack manages, from the zone-scoped resources it declares. */
export function zonesOf(args: StackValidationArgs): string[] {
  const zones = new Set<string>();
  for (const r of [...resourcesOf(args, CF.dnsRecord), ...resourcesOf(args, CF.zoneSetting)]) {
    const zoneId = (r.props as DnsRecordProps | ZoneSettingProps).zoneId;
    if (typeof zoneId === "string" && zoneId) zones.add(zoneId);
  }
  return [...zones];
}

/** The Cloudflare Managed Ruleset blocks known exploits (SQLi, RCE, CVEs) before they reach the portal. */
export const cloudflareRulesetManagedWaf: LaunchReadyPolicy = {
  name: "cloudflare-ruleset-managed-waf",
  description: "Every zone the stack manages must execute Cloudflare's managed WAF ruleset in its http_request_firewall_managed phase (the Free Managed Ruleset on the free plan).",
  severity: "high",
  tags: ["input-validation", "cloudflare"],
  remediationSteps: `Add a Ruleset with phase http_request_firewall_managed and an enabled rule { action: "execute", actionParameters: { id: "${MANAGED_RULESETS.cloudflareManaged}" } } (free plan: ${MANAGED_RULESETS.freeManaged}).`,
  configSchema: {
    properties: {
      plan: { type: "string", enum: CLOUDFLARE_PLANS, default: "free", description: "The zone's Cloudflare plan (paid plans must run the full Cloudflare Managed Ruleset)." },
    },
  },
  validateStack: (args, report) => {
    const zones = zonesOf(args);
    if (zones.length === 0) return args.notApplicable("The stack manages no Cloudflare zone");
    const { plan = "free" } = args.getConfig<{ plan?: CloudflarePlan }>();
    const wanted: string[] = plan === "free" ? [MANAGED_RULESETS.freeManaged, MANAGED_RULESETS.cloudflareManaged] : [MANAGED_RULESETS.cloudflareManaged];
    for (const zone of zones) {
      const executed = resourcesOf(args, CF.ruleset)
        .map((r) => r.props as RulesetProps)
        .filter((p) => p.zoneId === zone && p.phase === "http_request_firewall_managed")
        .flatMap((p) => asArray(p.rules))
        .filter((rule) => rule.enabled !== false && rule.action === "execute")
        .map((rule) => rule.actionParameters?.id);
      if (!executed.some((id) => typeof id === "string" && wanted.includes(id))) {
        const name = plan === "free" ? "the Free Managed Ruleset" : "the Cloudflare Managed Ruleset";
        report(`Zone ${zone} must execute ${name} (id ${wanted[0]}) in an http_request_firewall_managed Ruleset; found ${executed.length ? `only ${executed.join(", ")}` : "no managed ruleset executed"}.`);
      }
    }
  },
};
