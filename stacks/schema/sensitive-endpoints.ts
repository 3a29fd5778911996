import { z } from "zod";
import { exactPath } from "./primitives";

const httpMethod = z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"], {
  error: "expected one of GET, POST, PUT, PATCH, DELETE",
});

/** One endpoint that attackers hammer, with its rate limit per client IP. */
const endpoint = (path: string, requests: number, periodSeconds: number, methods: string[]) =>
  z
    .object({
      path: exactPath.default(path),
      methods: z.array(httpMethod).min(1, { error: "list at least one HTTP method" }).default(methods as never),
      /** Requests allowed per client in one period. */
      requests: z.number({ error: "expected a whole number of requests" }).int({ error: "expected a whole number" }).min(1, { error: "must allow at least 1 request" }).max(10_000, { error: "must be at most 10000 requests" }).default(requests),
      /** Counting period in seconds (the zone's plan decides which are allowed). */
      periodSeconds: z.number({ error: "expected a number of seconds" }).int({ error: "expected a whole number of seconds" }).min(10, { error: "must be at least 10 seconds (Cloudflare's shortest period)" }).max(86_400, { error: "must be at most 86400 seconds" }).default(periodSeconds),
      /**
       * Who is counted: each client IP, or each signed-in session (per account).
       * `session` needs Enterprise with Advanced Rate Limiting
       * (`edge.rateLimits.advancedRateLimiting: true`).
       * @default "ip"
       */
      countPer: z.enum(["ip", "session"], { error: "expected ip or session (session needs Enterprise with Advanced Rate Limiting)" }).default("ip"),
      /**
       * Count only responses with these status codes (e.g. [401, 403] counts failed
       * logins only). Needs Business or above (counting expressions); empty counts
       * every request.
       * @default []
       */
      countResponseCodes: z
        .array(z.number({ error: "expected an HTTP status code" }).int({ error: "expected a whole status code" }).min(100, { error: "expected a status code from 100 to 599" }).max(599, { error: "expected a status code from 100 to 599" }))
        .default([]),
    })
    .strict()
    .prefault({});

/**
 * Login, password reset, invite and export: throttled at the edge. Password
 * reset and invite are stricter than login (the checklist's "stronger limits
 * on password reset and invite endpoints than on normal reads").
 */
export const SensitiveEndpointsSchema = z
  .object({
    /** @default { path: "/api/auth/login", methods: ["POST"], requests: 10, periodSeconds: 60 } */
    login: endpoint("/api/auth/login", 10, 60, ["POST"]),
    /** @default { path: "/api/auth/password-reset", methods: ["POST"], requests: 3, periodSeconds: 60 } */
    passwordReset: endpoint("/api/auth/password-reset", 3, 60, ["POST"]),
    /** @default { path: "/api/invites", methods: ["POST"], requests: 5, periodSeconds: 60 } */
    invite: endpoint("/api/invites", 5, 60, ["POST"]),
    /** @default { path: "/api/exports", methods: ["POST", "GET"], requests: 5, periodSeconds: 60 } */
    export: endpoint("/api/exports", 5, 60, ["POST", "GET"]),
  })
  .strict()
  .prefault({});
export type SensitiveEndpointsConfig = z.infer<typeof SensitiveEndpointsSchema>;
export type SensitiveEndpoint = SensitiveEndpointsConfig["login"];
