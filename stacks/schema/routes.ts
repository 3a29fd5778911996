import { z } from "zod";
import { exactPath, routePath } from "./primitives";

/**
 * Route groups. Everything not public is treated as private: never cached,
 * never indexed, never reachable without a session.
 */
export const RoutesSchema = z
  .object({
    /** Marketing pages: cacheable and indexable. @default ["/", "/pricing", "/about"] */
    public: z.array(routePath).min(1, { error: "list at least one public marketing path, such as /" }).default(["/", "/pricing", "/about"]),
    /** The authenticated portal UI. @default ["/app/*"] */
    portal: z.array(routePath).min(1, { error: "list at least one portal path, such as /app/*" }).default(["/app/*"]),
    /** The JSON API. @default ["/api/*"] */
    api: z.array(routePath).min(1, { error: "list at least one API path, such as /api/*" }).default(["/api/*"]),
    /** Admin area, put behind Cloudflare Access with MFA. @default ["/admin/*"] */
    admin: z.array(routePath).min(1, { error: "list at least one admin path, such as /admin/*" }).default(["/admin/*"]),
    /** The login page users see. @default "/login" */
    loginPage: exactPath.default("/login"),
    /** Health endpoint of the API, used by uptime checks and deploy gates. @default "/api/health" */
    health: exactPath.default("/api/health"),
  })
  .strict();
export type RoutesConfig = z.infer<typeof RoutesSchema>;
