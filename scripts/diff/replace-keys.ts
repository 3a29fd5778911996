/**
 * Which input changes make the engine replace a resource (delete + create)
 * instead of updating it in place. The offline diff has no provider plugin to
 * ask, so the knowledge lives here, one table, each entry with its reason.
 * A key listed here that changed makes the resource "replace-likely".
 */

export interface ReplaceRule {
  /** Top-level input keys whose change forces a replacement. */
  keys: string[];
  why: string;
}

/**
 * Cloudflare v6 resources are generated from the API spec: the ids that sit
 * in the request URL (`/zones/{zone_id}/…`, `/accounts/{account_id}/…`) are
 * marked RequiresReplace on every resource, because an object cannot move
 * between zones or accounts.
 */
const CLOUDFLARE_PATH_IDS: ReplaceRule = {
  keys: ["zoneId", "accountId"],
  why: "the zone/account id is part of the API URL: an object cannot move between zones or accounts (RequiresReplace in the provider schema)",
};

export const REPLACE_RULES: Record<string, ReplaceRule[]> = {
  "cloudflare:index/dnsRecord:DnsRecord": [
    CLOUDFLARE_PATH_IDS,
    {
      keys: ["type"],
      why: "a record of another type is another record to resolvers (RFC 1034 §3.6); launch-ready plans it as delete + create, a window with no answer — review it",
    },
  ],
  "cloudflare:index/zoneSetting:ZoneSetting": [
    CLOUDFLARE_PATH_IDS,
    { keys: ["settingId"], why: "the setting id is in the API URL (/zones/{zone_id}/settings/{setting_id}): another id is another object" },
  ],
  "cloudflare:index/ruleset:Ruleset": [
    CLOUDFLARE_PATH_IDS,
    { keys: ["kind", "phase"], why: "the Rulesets API cannot change a ruleset's kind or phase; the provider recreates it (and an entry point may exist only once per phase)" },
  ],
  "cloudflare:index/loadBalancer:LoadBalancer": [CLOUDFLARE_PATH_IDS],
  "cloudflare:index/loadBalancerPool:LoadBalancerPool": [CLOUDFLARE_PATH_IDS],
  "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor": [CLOUDFLARE_PATH_IDS],
  "aws:secretsmanager/secret:Secret": [{ keys: ["name", "namePrefix"], why: "a secret's name is its identity in Secrets Manager; the provider recreates it (ForceNew)" }],
  "aws:sesv2/emailIdentity:EmailIdentity": [{ keys: ["emailIdentity"], why: "the identity (domain or address) is the object's key in SES (ForceNew)" }],
  "aws:sns/topic:Topic": [{ keys: ["name", "namePrefix", "fifoTopic"], why: "an SNS topic's name and FIFO flag are fixed at creation (ForceNew)" }],
  "aws:route53/healthCheck:HealthCheck": [{ keys: ["type"], why: "a Route 53 health check's type is fixed at creation (ForceNew)" }],
  "aws:cloudwatch/metricAlarm:MetricAlarm": [{ keys: ["name"], why: "the alarm name is its identity in CloudWatch (ForceNew)" }],
};

/** For Cloudflare types not in the table, the path ids still force replacement. */
export function replaceRulesFor(type: string): ReplaceRule[] {
  const rules = REPLACE_RULES[type];
  if (rules) return rules;
  return type.startsWith("cloudflare:") ? [CLOUDFLARE_PATH_IDS] : [];
}

/** The changed keys that force a replacement, with the reason for each. */
export function replacingKeys(type: string, changedKeys: string[], replaceOnChanges: string[] = []): { key: string; why: string }[] {
  const out: { key: string; why: string }[] = [];
  for (const key of changedKeys) {
    const rule = replaceRulesFor(type).find((r) => r.keys.includes(key));
    if (rule) out.push({ key, why: rule.why });
    else if (replaceOnChanges.includes(key) || replaceOnChanges.includes("*")) out.push({ key, why: "the program marks it replaceOnChanges" });
  }
  return out;
}
