import * as pulumi from "@pulumi/pulumi";
import type { PortalConfig } from "../../stacks/schema";
import type { DnsRecordSpec } from "../dns";
import type { PortalHosts } from "../hostnames";
import { AdminAccess } from "./admin-access";
import { cacheRules } from "./cache-rules";
import type { EdgeContext } from "./context";
import { EdgeDnssec, dnsHygieneRecords } from "./dns-hygiene";
import { rateLimitRules } from "./rate-limits";
import { redirectRules } from "./redirects";
import { responseHeaderRules } from "./response-headers";
import { EdgeRulesets, PhaseRules, type PhaseContribution } from "./rulesets";
import { customWafRules, managedWafRules } from "./waf";
import { edgeWarnings } from "./warnings";
import { EdgeZoneSettings } from "./zone-settings";

export { dnsHygieneRecords } from "./dns-hygiene";

/** DNS records the edge needs (CAA, optional wildcard), for PortalDns. */
export function edgeDnsRecords(config: PortalConfig, hosts: PortalHosts): DnsRecordSpec[] {
  return dnsHygieneRecords({ config, hosts });
}

/**
 * Every rule of every phase the edge owns, gathered in one registry. Rules
 * from other concerns (`extra`) join the same phases after the edge's own,
 * so they never need a `Ruleset` of their own.
 */
export function edgePhaseRules(ctx: EdgeContext, extra: PhaseContribution[] = []): PhaseRules {
  return new PhaseRules().addAll([
    ...redirectRules(ctx),
    ...managedWafRules(ctx),
    ...customWafRules(ctx),
    ...rateLimitRules(ctx),
    ...cacheRules(ctx),
    ...responseHeaderRules(ctx),
    ...extra,
  ]);
}

export interface PortalEdgeArgs {
  config: PortalConfig;
  hosts: PortalHosts;
  /** Rules other components need in the edge's phases (one ruleset per phase per zone). @default [] */
  extraRules?: PhaseContribution[];
}

/**
 * The Cloudflare edge of the portal: zone TLS/security settings, DNSSEC, one
 * ruleset per phase (redirects, WAF, rate limits, cache, response headers) and
 * the admin Access application with MFA. DNS records (CAA, wildcard) go
 * through PortalDns via `edgeDnsRecords`. Weakening choices are logged as
 * warnings.
 */
export class PortalEdge extends pulumi.ComponentResource {
  readonly zoneSettings: EdgeZoneSettings;
  readonly rulesets: EdgeRulesets;
  readonly dnssec?: EdgeDnssec;
  readonly access?: AdminAccess;

  constructor(name: string, args: PortalEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:edge:PortalEdge", name, {}, opts);
    const ctx: EdgeContext = { config: args.config, hosts: args.hosts };
    const zoneId = args.config.cloudflare.zoneId;
    for (const warning of edgeWarnings(ctx)) void pulumi.log.warn(warning, this);

    this.zoneSettings = new EdgeZoneSettings(`${name}-zone`, { zoneId, edge: args.config.edge }, { parent: this });
    if (args.config.edge.dns.dnssec) this.dnssec = new EdgeDnssec(`${name}-dnssec`, { zoneId }, { parent: this });
    this.rulesets = new EdgeRulesets(`${name}-rulesets`, { zoneId, portalName: args.config.name, rules: edgePhaseRules(ctx, args.extraRules) }, { parent: this });
    if (args.config.edge.access.enabled) this.access = new AdminAccess(`${name}-access`, { ctx }, { parent: this });
    this.registerOutputs({});
  }
}
