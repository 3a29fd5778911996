import { describe, resourcesOf, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type RulesetProps } from "./lib/types";

/** Cloudflare keeps one entry-point ruleset per phase per zone; a second fails with error 20217. */
export const cloudflareRulesetSinglePerPhase: LaunchReadyPolicy = {
  name: "cloudflare-ruleset-single-per-phase",
  description: "A zone (or account) must have at most one entry-point ruleset per phase, because Cloudflare refuses a second one (error 20217).",
  severity: "high",
  tags: ["deployment-safety", "cloudflare"],
  remediationSteps: "Own all rules of a phase in one cloudflare.Ruleset; adopt a dashboard-made one with `pulumi import`.",
  validateStack: (args, report) => {
    const seen = new Map<string, string>();
    for (const r of resourcesOf(args, CF.ruleset)) {
      const props = r.props as RulesetProps;
      if (props.kind !== "zone" && props.kind !== "root") continue;
      const scope = props.zoneId ? `zone ${props.zoneId}` : `account ${props.accountId ?? "?"}`;
      const key = `${scope}|${props.phase}`;
      const first = seen.get(key);
      if (first) {
        report(`${scope} must have one ${props.phase} entry-point ruleset, found a second one (${describe(r)} besides ${first}); merge their rules into one Ruleset.`, r.urn);
      } else seen.set(key, describe(r));
    }
  },
};
