import type { z } from "zod";
import { designRateLimits, type RateLimitWish } from "./rate-limit-plan";

/**
 * Cross-field rules of the edge: the sensitive endpoints' limits against each
 * other and against the zone's plan. Called from rules.ts once every key has
 * the right shape.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function checkEdgeRules(config: any, ctx: z.RefinementCtx): void {
  const endpoints = config.sensitiveEndpoints as Record<"login" | "passwordReset" | "invite" | "export", RateLimitWish>;
  const perSecond = (e: RateLimitWish) => e.requests / e.periodSeconds;
  const login = endpoints.login;

  // The checklist: "stronger limits on password reset and invite endpoints than on normal reads".
  for (const name of ["passwordReset", "invite"] as const) {
    const e = endpoints[name];
    if (perSecond(e) >= perSecond(login)) {
      ctx.addIssue({
        code: "custom",
        path: ["sensitiveEndpoints", name, "requests"],
        input: e.requests,
        message: `${e.requests} per ${e.periodSeconds} s is not stricter than login (${login.requests} per ${login.periodSeconds} s): ${name} must allow fewer requests per second than login, e.g. ${Math.max(1, Math.floor((login.requests * e.periodSeconds) / login.periodSeconds / 2))} per ${e.periodSeconds} s`,
      });
    }
  }

  // Login and password reset happen before a session exists: a per-session counter never fills.
  for (const name of ["login", "passwordReset"] as const) {
    if (endpoints[name].countPer === "session") {
      ctx.addIssue({
        code: "custom",
        path: ["sensitiveEndpoints", name, "countPer"],
        input: "session",
        message: `${name} is called before anyone has a session, so a per-session counter never fills: use countPer: ip`,
      });
    }
  }

  if (config.edge.rateLimits.whenOverPlan !== "fail") return;
  const design = designRateLimits({
    plan: config.cloudflare.plan,
    advancedRateLimiting: config.edge.rateLimits.advancedRateLimiting,
    endpoints,
    api: config.edge.rateLimits.api,
  });
  for (const a of design.adjustments) {
    ctx.addIssue({
      code: "custom",
      path: a.path,
      params: { value: a.value },
      message: `does not fit the plan (edge.rateLimits.whenOverPlan is fail): ${a.message}. Options: ${a.options}; or set edge.rateLimits.whenOverPlan: combine to accept the stricter design`,
    });
  }
}
