import * as pulumi from "@pulumi/pulumi";
import type { PortalConfig } from "../stacks/schema";
import { readSecret } from "./config";
import { PortalDns } from "./dns";
import { hostRecords, portalHosts } from "./hostnames";
import { ServerSecrets } from "./secrets";

/** What the program exports as stack outputs (never secret values in clear). */
export interface PortalOutputs {
  [key: string]: unknown;
}

/**
 * Builds the whole production surface from the parsed config. Reads like a
 * recipe: one component per concern, each in its own file.
 */
export function createPortal(config: PortalConfig): PortalOutputs {
  const name = config.name;
  const hosts = portalHosts(config);

  // Server-side secrets: read as secrets, handed only to resources that need them.
  const serverSecrets: Record<string, pulumi.Output<string>> = {};
  for (const key of config.secrets.fromConfig) serverSecrets[key] = readSecret(key);
  // ...into AWS Secrets Manager, readable by the server's role only.
  const secrets = new ServerSecrets(`${name}-secrets`, {
    portal: name,
    environment: config.environment,
    secrets: config.secrets,
    configValues: serverSecrets,
  });

  const dns = new PortalDns(`${name}-dns`, {
    zoneId: config.cloudflare.zoneId,
    records: [...hostRecords(config)],
  });

  return {
    environment: config.environment,
    marketingUrl: `https://${hosts.apex}`,
    appUrl: `https://${hosts.app}`,
    apiUrl: `https://${hosts.api}`,
    activeColour: config.deploy.active,
    dnsRecordIds: Object.fromEntries(Object.entries(dns.records).map(([k, r]) => [k, r.id])),
    serverSecretNames: Object.keys(serverSecrets),
    // Names and ARNs only: values stay in Secrets Manager.
    ...(secrets.outputs ?? {}),
  };
}
