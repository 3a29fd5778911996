import { PortalConfigSchema, type PortalConfig } from "./portal";
import { PortalConfigError, problemsFromZod } from "./errors";

export { PortalConfigSchema, type PortalConfig, type PortalConfigInput } from "./portal";
export { PortalConfigError, formatProblems, type ConfigProblem } from "./errors";
export * from "./primitives";

/** The Pulumi config namespace and key that hold the portal object. */
export const CONFIG_NAMESPACE = "launch-ready";
export const PORTAL_KEY = "portal";

/**
 * Parses a raw portal object (from a stack file or `pulumi.Config`) into the
 * typed, defaults-filled config. Throws PortalConfigError listing every
 * problem; never anything else.
 */
export function parsePortalConfig(raw: unknown, where = "the stack config"): PortalConfig {
  if (raw === undefined || raw === null) {
    throw new PortalConfigError(
      [{ path: `${CONFIG_NAMESPACE}:${PORTAL_KEY}`, message: "required: the stack file needs a `launch-ready:portal:` object describing the portal (see stacks/Pulumi.dev.yaml)" }],
      where,
    );
  }
  const result = PortalConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new PortalConfigError(problemsFromZod(result.error, PortalConfigSchema, raw, `${CONFIG_NAMESPACE}:${PORTAL_KEY}`), where);
}
