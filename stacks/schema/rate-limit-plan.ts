import type { CloudflarePlan } from "./primitives";

/**
 * What each Cloudflare plan allows for rate limiting rules (Cloudflare docs,
 * "Rate limiting rules › Availability"), and the one function that fits the
 * portal's wished-for limits into that budget. The schema uses it to refuse a
 * design (`edge.rateLimits.whenOverPlan: fail`); the program uses the same
 * result to build the rules, so what is checked is what is built.
 */
export interface RateLimitPlanLimits {
  /** Rate limiting rules per zone. */
  rules: number;
  /** Counting periods the plan accepts, in seconds. */
  periods: readonly number[];
  /** Whether `http.request.method` may appear in the rule expression (Business+). */
  methodInExpression: boolean;
  /** Whether `http.host` may appear in the rule expression (Pro+; Free allows the path only). */
  hostInExpression: boolean;
  /** Counting expressions (count only some responses, e.g. 401s): Business+. */
  countingExpression: boolean;
  /** Counting by cookie/header (per session): Enterprise with Advanced Rate Limiting only. */
  sessionCounting: boolean;
}

export const RATE_LIMIT_PLAN_LIMITS: Record<CloudflarePlan, RateLimitPlanLimits> = {
  free: { rules: 1, periods: [10], methodInExpression: false, hostInExpression: false, countingExpression: false, sessionCounting: false },
  pro: { rules: 2, periods: [10, 60], methodInExpression: false, hostInExpression: true, countingExpression: false, sessionCounting: false },
  business: { rules: 5, periods: [10, 60, 120, 300, 600], methodInExpression: true, hostInExpression: true, countingExpression: true, sessionCounting: false },
  enterprise: { rules: 100, periods: [10, 60, 120, 300, 600, 3600], methodInExpression: true, hostInExpression: true, countingExpression: true, sessionCounting: true },
};

export type SensitiveEndpointName = "login" | "passwordReset" | "invite" | "export";
export const SENSITIVE_ENDPOINT_NAMES: readonly SensitiveEndpointName[] = ["login", "passwordReset", "invite", "export"];

/** The methods a sensitive endpoint may list (sensitive-endpoints.ts). */
const ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** One endpoint's wish, as the config states it. */
export interface RateLimitWish {
  path: string;
  methods: readonly string[];
  requests: number;
  periodSeconds: number;
  countPer: "ip" | "session";
  countResponseCodes: readonly number[];
}

/** One rule as it will be built. */
export interface PlannedRateLimit {
  /** `login`, `api`, or merged names joined with `+` (`passwordReset+invite`). */
  key: string;
  /** Sensitive endpoints this rule covers (empty for the general API limit). */
  endpoints: SensitiveEndpointName[];
  /** Exact paths; undefined for the general API limit (it matches the API routes). */
  paths?: string[];
  /** Methods to match; undefined when every method counts (all listed, or the plan cannot filter on the method). */
  methods?: string[];
  requests: number;
  periodSeconds: number;
  countPer: "ip" | "session";
  /** Count only these response codes (empty: every request). */
  countResponseCodes: number[];
}

/** A change the plan forced on the wished-for design. */
export interface RateLimitAdjustment {
  /** Config key path (below `launch-ready:portal`) the change is about. */
  path: (string | number)[];
  /** The value there as parsed (defaults filled), for error messages. */
  value?: unknown;
  /** What was changed and why, naming the plan limit. */
  message: string;
  /** How to get the design as written instead. */
  options: string;
}

export interface RateLimitDesign {
  rules: PlannedRateLimit[];
  adjustments: RateLimitAdjustment[];
}

export interface RateLimitInputs {
  plan: CloudflarePlan;
  advancedRateLimiting: boolean;
  endpoints: Record<SensitiveEndpointName, RateLimitWish>;
  api: { enabled: boolean; requests: number; periodSeconds: number };
}

const PLAN_ORDER: readonly CloudflarePlan[] = ["free", "pro", "business", "enterprise"];

/**
 * "upgrade the zone's plan (Business …)": names the first higher plan that has
 * what is missing, or undefined when no plan has it.
 */
function upgradeHint(plan: CloudflarePlan, has: (limits: RateLimitPlanLimits) => boolean, what: (plan: CloudflarePlan) => string): string | undefined {
  const next = PLAN_ORDER.slice(PLAN_ORDER.indexOf(plan) + 1).find((p) => has(RATE_LIMIT_PLAN_LIMITS[p]));
  return next ? `upgrade the zone's plan (${what(next)})` : undefined;
}
const capitalized = (p: string) => p[0].toUpperCase() + p.slice(1);
const orList = (...options: (string | undefined)[]) => options.filter(Boolean).join(", or ");

/** Requests per second: how loose a limit is (lower is stricter). */
function rate(r: { requests: number; periodSeconds: number }): number {
  return r.requests / r.periodSeconds;
}

/**
 * The rate-limit rules for the plan. Each change is listed in `adjustments`;
 * every change makes the limit stricter or wider in scope, never looser, and
 * every sensitive path stays covered:
 * - a period the plan lacks → the longest allowed period below it, requests
 *   scaled down (rounded down, at least 1);
 * - a method filter the plan cannot express → every method on the path counts;
 * - response-code counting the plan lacks → every response counts;
 * - per-session counting without Advanced Rate Limiting → per IP;
 * - more rules than the plan allows → the general API limit is dropped first,
 *   then the closest endpoints are merged into one rule that takes the
 *   strictest member's limit (one counter for the merged paths).
 */
export function designRateLimits(input: RateLimitInputs): RateLimitDesign {
  const limits = RATE_LIMIT_PLAN_LIMITS[input.plan];
  const adjustments: RateLimitAdjustment[] = [];
  const planName = input.plan;

  const fitPeriod = (requests: number, periodSeconds: number, at: (string | number)[]): { requests: number; periodSeconds: number } => {
    if (limits.periods.includes(periodSeconds)) return { requests, periodSeconds };
    const below = limits.periods.filter((p) => p <= periodSeconds);
    const period = below.length ? Math.max(...below) : Math.min(...limits.periods);
    const scaled = Math.max(1, Math.floor((requests * period) / periodSeconds));
    adjustments.push({
      path: [...at, "periodSeconds"],
      value: periodSeconds,
      message: `the ${planName} plan allows rate-limit periods of ${limits.periods.join(", ")} s, not ${periodSeconds} s: ${requests} per ${periodSeconds} s becomes ${scaled} per ${period} s`,
      options: orList(
        `use one of ${limits.periods.join(", ")} s`,
        upgradeHint(input.plan, (l) => l.periods.includes(periodSeconds), (p) => `${capitalized(p)} allows ${periodSeconds} s`),
      ),
    });
    return { requests: scaled, periodSeconds: period };
  };

  const planned: PlannedRateLimit[] = [];
  const methodless: { name: SensitiveEndpointName; path: string; methods: readonly string[] }[] = [];
  for (const name of SENSITIVE_ENDPOINT_NAMES) {
    const wish = input.endpoints[name];
    const at = ["sensitiveEndpoints", name];
    const { requests, periodSeconds } = fitPeriod(wish.requests, wish.periodSeconds, at);
    // Listing every method is the same as no method filter, which every plan can express.
    const everyMethod = ALL_METHODS.every((m) => wish.methods.includes(m));
    let methods: string[] | undefined = everyMethod ? undefined : [...wish.methods];
    if (methods && !limits.methodInExpression) {
      methods = undefined;
      methodless.push({ name, path: wish.path, methods: wish.methods });
    }
    let countResponseCodes = [...wish.countResponseCodes];
    if (countResponseCodes.length && !limits.countingExpression) {
      countResponseCodes = [];
      adjustments.push({
        path: [...at, "countResponseCodes"],
        value: wish.countResponseCodes,
        message: `the ${planName} plan has no counting expressions: every response on ${wish.path} is counted, not only ${wish.countResponseCodes.join(", ")}`,
        options: orList("remove countResponseCodes", upgradeHint(input.plan, (l) => l.countingExpression, (p) => `${capitalized(p)} has counting expressions`)),
      });
    }
    let countPer = wish.countPer;
    if (countPer === "session" && !(limits.sessionCounting && input.advancedRateLimiting)) {
      countPer = "ip";
      adjustments.push({
        path: [...at, "countPer"],
        value: "session",
        message: limits.sessionCounting
          ? `counting per session needs the Advanced Rate Limiting add-on: ${wish.path} is counted per IP`
          : `the ${planName} plan counts per IP only (per-session counting needs Enterprise with Advanced Rate Limiting): ${wish.path} is counted per IP`,
        options: limits.sessionCounting
          ? "set edge.rateLimits.advancedRateLimiting: true if the zone has the add-on, or countPer: ip"
          : orList("set countPer: ip", upgradeHint(input.plan, (l) => l.sessionCounting, (p) => `${capitalized(p)} with Advanced Rate Limiting counts per session`)),
      });
    }
    planned.push({ key: name, endpoints: [name], paths: [wish.path], methods, requests, periodSeconds, countPer, countResponseCodes });
  }

  if (methodless.length) {
    adjustments.push({
      path: ["sensitiveEndpoints", methodless[0].name, "methods"],
      value: methodless[0].methods,
      message: `the ${planName} plan cannot match the request method in rate-limit rules: every method is counted on ${methodless
        .map((m) => `${m.path} (not only ${m.methods.join(", ")})`)
        .join(", ")}`,
      options: orList(
        upgradeHint(input.plan, (l) => l.methodInExpression, (p) => `${capitalized(p)} matches methods`),
        `list every method (${ALL_METHODS.join(", ")}) for ${methodless.map((m) => m.name).join(", ")}`,
      ),
    });
  }

  const rulesNeeded = planned.length + 1;
  let api: PlannedRateLimit | undefined;
  if (input.api.enabled && rulesNeeded > limits.rules) {
    adjustments.push({
      path: ["edge", "rateLimits", "api", "enabled"],
      value: true,
      message: `the ${planName} plan allows ${limits.rules} rate-limit rule${limits.rules === 1 ? "" : "s"} and the four sensitive endpoints come first: the general API limit is not deployed`,
      options: orList("set edge.rateLimits.api.enabled: false", upgradeHint(input.plan, (l) => l.rules >= rulesNeeded, (p) => `${capitalized(p)} allows ${RATE_LIMIT_PLAN_LIMITS[p].rules} rules`)),
    });
  } else if (input.api.enabled) {
    const { requests, periodSeconds } = fitPeriod(input.api.requests, input.api.periodSeconds, ["edge", "rateLimits", "api"]);
    api = { key: "api", endpoints: [], requests, periodSeconds, countPer: "ip", countResponseCodes: [] };
  }

  let groups = planned;
  if (groups.length > limits.rules) {
    groups = mergeToBudget(groups, limits.rules);
    adjustments.push({
      path: ["sensitiveEndpoints"],
      message: `the ${planName} plan allows ${limits.rules} rate-limit rule${limits.rules === 1 ? "" : "s"} for 4 sensitive endpoints: combined into ${groups
        .map((g) => `${g.key} (${g.requests} per ${g.periodSeconds} s per ${g.countPer === "ip" ? "IP" : "session"}, shared by ${g.paths!.join(", ")})`)
        .join("; ")}`,
      options: orList(upgradeHint(input.plan, (l) => l.rules >= planned.length, (p) => `${capitalized(p)} allows ${RATE_LIMIT_PLAN_LIMITS[p].rules} rules`)),
    });
  }
  return { rules: api ? [...groups, api] : groups, adjustments };
}

/**
 * Merges rate-limit rules until `budget` remain. Rules are ordered by how
 * loose they are, and the two neighbours closest in rate merge first, so a
 * lenient limit is never dragged far below what its endpoint needs. The merged
 * rule keeps the strictest member's limit.
 */
function mergeToBudget(rules: PlannedRateLimit[], budget: number): PlannedRateLimit[] {
  let groups = [...rules].sort((a, b) => rate(a) - rate(b));
  while (groups.length > budget) {
    let best = 0;
    for (let i = 1; i < groups.length - 1; i++) {
      if (rate(groups[i + 1]) / rate(groups[i]) < rate(groups[best + 1]) / rate(groups[best])) best = i;
    }
    const [a, b] = [groups[best], groups[best + 1]];
    groups = [...groups.slice(0, best), mergeTwo(a, b), ...groups.slice(best + 2)];
  }
  // Keep the config's endpoint order in the ruleset (login first), whatever the merge order was.
  const order = (g: PlannedRateLimit) => Math.min(...g.endpoints.map((e) => SENSITIVE_ENDPOINT_NAMES.indexOf(e)));
  return groups.sort((x, y) => order(x) - order(y));
}

function mergeTwo(x: PlannedRateLimit, y: PlannedRateLimit): PlannedRateLimit {
  // Paths and methods listed in the config's endpoint order, so the rule reads like the stack file.
  const first = (g: PlannedRateLimit) => Math.min(...g.endpoints.map((e) => SENSITIVE_ENDPOINT_NAMES.indexOf(e)));
  const [a, b] = first(x) <= first(y) ? [x, y] : [y, x];
  const strict = rate(a) <= rate(b) ? a : b;
  const endpoints = [...a.endpoints, ...b.endpoints].sort((x, y) => SENSITIVE_ENDPOINT_NAMES.indexOf(x) - SENSITIVE_ENDPOINT_NAMES.indexOf(y));
  const sameCodes = a.countResponseCodes.join(",") === b.countResponseCodes.join(",");
  return {
    key: endpoints.join("+"),
    endpoints,
    paths: [...new Set([...(a.paths ?? []), ...(b.paths ?? [])])],
    methods: a.methods && b.methods ? [...new Set([...a.methods, ...b.methods])] : undefined,
    requests: strict.requests,
    periodSeconds: strict.periodSeconds,
    // One counter for several endpoints can only be shared the way all of them count.
    countPer: a.countPer === b.countPer ? a.countPer : "ip",
    countResponseCodes: sameCodes ? [...a.countResponseCodes] : [],
  };
}
