import { z } from "zod";
import { emailAddress, exactPath } from "./primitives";

/** Uptime checks and the people they alert. */
export const MonitoringSchema = z
  .object({
    /** Paths checked from outside. @default ["/", "/login", "/api/health"] */
    paths: z.array(exactPath).min(1, { error: "list at least one path to check, such as /" }).default(["/", "/login", "/api/health"]),
    alerts: z
      .object({
        /** People who get an email when a check fails or recovers. */
        emails: z.array(emailAddress).default([]),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});
export type MonitoringConfig = z.infer<typeof MonitoringSchema>;
