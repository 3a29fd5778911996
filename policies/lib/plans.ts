/**
 * What each Cloudflare plan allows for rate limiting rules
 * (developers.cloudflare.com/waf/rate-limiting-rules/#availability).
 * A ruleset that asks for more is rejected by the API at deploy time.
 */
export type CloudflarePlan = "free" | "pro" | "business" | "enterprise";
export const CLOUDFLARE_PLANS: CloudflarePlan[] = ["free", "pro", "business", "enterprise"];

export interface RateLimitAllowance {
  maxRules: number;
  periods: number[];
  /** Fields an expression may read; undefined = any. */
  fields?: string[];
  /** Characteristics besides the mandatory cf.colo.id; undefined = any. */
  characteristics?: string[];
  customCounting: boolean;
}

const FREE_FIELDS = ["http.request.uri.path", "cf.client.bot", "cf.bot_management.verified_bot"];
const PRO_FIELDS = [...FREE_FIELDS, "http.host", "http.request.uri", "http.request.full_uri", "http.request.uri.query"];
const BUSINESS_FIELDS = [...PRO_FIELDS, "http.request.method", "ip.src", "http.user_agent"];

export const RATE_LIMIT_ALLOWANCE: Record<CloudflarePlan, RateLimitAllowance> = {
  free: { maxRules: 1, periods: [10], fields: FREE_FIELDS, characteristics: ["cf.colo.id", "ip.src"], customCounting: false },
  pro: { maxRules: 2, periods: [10, 60], fields: PRO_FIELDS, characteristics: ["cf.colo.id", "ip.src"], customCounting: false },
  business: { maxRules: 5, periods: [10, 60, 120, 300, 600], fields: BUSINESS_FIELDS, characteristics: ["cf.colo.id", "ip.src", "cf.unique_visitor_id"], customCounting: true },
  enterprise: { maxRules: 100, periods: [10, 60, 120, 300, 600, 3600], customCounting: true },
};

/** Managed rulesets (ids are the same in every account). */
export const MANAGED_RULESETS = {
  cloudflareManaged: "efb7b8c949ac4650a09736fc376e9aee",
  owaspCore: "4814384a9e5d4991b9815dcfc25d2f1f",
  freeManaged: "77454fe2d30c4220b5701f6fdfb893ba",
} as const;
