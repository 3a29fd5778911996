import * as pulumi from "@pulumi/pulumi";
import type { PortalConfig } from "../stacks/schema";
import { readSecret } from "./config";
import { PortalDns } from "./dns";
import { PortalEdge, edgeDnsRecords } from "./edge";
import { PortalEmail } from "./email/portal-email";
import { hostRecords, portalHosts } from "./hostnames";
import { createMonitoring } from "./monitoring";
import { LoadBalancerSwitch } from "./deploy/load-balancer-switch";
import { switchPlan } from "./deploy/switch-plan";
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

  // Sending-domain authentication (SES identity, DKIM, SPF, DMARC); its records join the zone below.
  const email = new PortalEmail(`${name}-email`, { config });

  const dns = new PortalDns(`${name}-dns`, {
    zoneId: config.cloudflare.zoneId,
    records: [...hostRecords(config), ...edgeDnsRecords(config, hosts), ...email.records],
  });

  // Cloudflare edge: zone TLS settings, WAF, rate limits, cache, headers, redirects, admin Access.
  const edge = new PortalEdge(`${name}-edge`, { config, hosts });

  const monitoring = createMonitoring(config, hosts);
  // Blue/green: with the dns backend the switched records above are the switch.
  const traffic = switchPlan(config);
  if (traffic.backend === "load-balancer") new LoadBalancerSwitch(`${name}-switch`, config);

  return {
    environment: config.environment,
    marketingUrl: `https://${hosts.apex}`,
    appUrl: `https://${hosts.app}`,
    apiUrl: `https://${hosts.api}`,
    activeColour: config.deploy.active,
    trafficSwitch: traffic.backend,
    dnsRecordIds: Object.fromEntries(Object.entries(dns.records).map(([k, r]) => [k, r.id])),
    emailDkimSelectors: email.dkimSelectors,
    serverSecretNames: Object.keys(serverSecrets),
    monitoring,
    edgeRulesetPhases: Object.keys(edge.rulesets.rulesets),
    // The DS record to add at the registrar (only when DNSSEC is on).
    ...(edge.dnssec ? { dnssecDs: edge.dnssec.dnssec.ds } : {}),
    // Names and ARNs only: values stay in Secrets Manager.
    ...(secrets.outputs ?? {}),
  };
}
