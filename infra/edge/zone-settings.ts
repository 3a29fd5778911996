import * as pulumi from "@pulumi/pulumi";
import * as cloudflare from "@pulumi/cloudflare";
import type { EdgeConfig } from "../../stacks/schema/edge";

/**
 * One zone setting as the Cloudflare API names it. `ZoneSetting.value` is
 * passed through untranslated, so ids and nested keys are the API's
 * snake_case (`min_tls_version`, `strict_transport_security.max_age`).
 */
export interface ZoneSettingSpec {
  settingId: string;
  value: unknown;
}

const onOff = (b: boolean) => (b ? "on" : "off");

/** The TLS and security settings of the zone, from the edge config. */
export function zoneSettingSpecs(edge: EdgeConfig): ZoneSettingSpec[] {
  const { tls, security } = edge;
  return [
    { settingId: "ssl", value: tls.sslMode },
    { settingId: "min_tls_version", value: tls.minTlsVersion },
    { settingId: "tls_1_3", value: onOff(tls.tls13) },
    { settingId: "always_use_https", value: onOff(tls.alwaysUseHttps) },
    { settingId: "automatic_https_rewrites", value: onOff(tls.automaticHttpsRewrites) },
    {
      settingId: "security_header",
      value: {
        strict_transport_security: {
          enabled: tls.hsts.enabled,
          max_age: tls.hsts.maxAgeSeconds,
          include_subdomains: tls.hsts.includeSubdomains,
          preload: tls.hsts.preload,
          // X-Content-Type-Options: nosniff, also set by the response header rule.
          nosniff: true,
        },
      },
    },
    { settingId: "security_level", value: security.level },
    { settingId: "browser_check", value: onOff(security.browserIntegrityCheck) },
  ];
}

export interface EdgeZoneSettingsArgs {
  zoneId: pulumi.Input<string>;
  edge: EdgeConfig;
}

/** Zone TLS and security settings, one `ZoneSetting` each, plus optional authenticated origin pulls. */
export class EdgeZoneSettings extends pulumi.ComponentResource {
  readonly settings: Record<string, cloudflare.ZoneSetting> = {};

  constructor(name: string, args: EdgeZoneSettingsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:edge:EdgeZoneSettings", name, {}, opts);
    for (const spec of zoneSettingSpecs(args.edge)) {
      this.settings[spec.settingId] = new cloudflare.ZoneSetting(
        `${name}-${spec.settingId.replace(/_/g, "-")}`,
        { zoneId: args.zoneId, settingId: spec.settingId, value: spec.value },
        { parent: this },
      );
    }
    if (args.edge.tls.authenticatedOriginPulls) {
      // Zone-level AOP with Cloudflare's shared certificate: the origin must also be configured to require it.
      new cloudflare.AuthenticatedOriginPullsSettings(`${name}-origin-pulls`, { zoneId: args.zoneId, enabled: true }, { parent: this });
    }
    this.registerOutputs({});
  }
}
