import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE, PORTAL_KEY, parsePortalConfig, type PortalConfig } from "../stacks/schema";

/**
 * Reads the portal object from the stack's config and parses it once. The
 * same function runs under `pulumi up` and under the offline plan, which sets
 * the config from the stack file before running the program.
 */
export function readPortalConfig(): PortalConfig {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  const raw = config.getObject<unknown>(PORTAL_KEY);
  return parsePortalConfig(raw, `stack "${pulumi.getStack()}"`);
}

/**
 * Reads a server-side secret. Always requireSecret: the value stays a Pulumi
 * secret from the config to every resource that uses it.
 */
export function readSecret(key: string): pulumi.Output<string> {
  return new pulumi.Config(CONFIG_NAMESPACE).requireSecret(key);
}
