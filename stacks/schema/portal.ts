import { z } from "zod";
import { CloudflareSchema } from "./cloudflare";
import { CorsSchema } from "./cors";
import { DeploySchema } from "./deploy";
import { DomainSchema } from "./domain";
import { EdgeSchema } from "./edge";
import { EmailSchema } from "./email";
import { MonitoringSchema } from "./monitoring";
import { environmentName } from "./primitives";
import { RoutesSchema } from "./routes";
import { SecretsSchema } from "./secrets";
import { SensitiveEndpointsSchema } from "./sensitive-endpoints";
import { checkPortalRules } from "./rules";

/**
 * The whole portal, as one Pulumi config object (`launch-ready:portal`).
 * Each section lives in its own file; later capabilities add sections there
 * with defaults, so existing stack files keep parsing.
 */
export const PortalConfigSchema = z
  .object({
    /** Short name used in resource names and reports, e.g. `acme-market`. */
    name: z
      .string({ error: "expected a short name such as acme-market" })
      .regex(/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/, { error: "expected 3-32 lowercase letters, digits and hyphens, starting with a letter, such as acme-market" }),
    environment: environmentName,
    domain: DomainSchema,
    cloudflare: CloudflareSchema,
    routes: RoutesSchema.prefault({}),
    sensitiveEndpoints: SensitiveEndpointsSchema,
    cors: CorsSchema,
    email: EmailSchema,
    secrets: SecretsSchema,
    deploy: DeploySchema,
    monitoring: MonitoringSchema,
    edge: EdgeSchema,
  })
  .strict()
  .superRefine(checkPortalRules);

export type PortalConfig = z.infer<typeof PortalConfigSchema>;
/** What a stack file may say: every defaulted key optional. */
export type PortalConfigInput = z.input<typeof PortalConfigSchema>;
