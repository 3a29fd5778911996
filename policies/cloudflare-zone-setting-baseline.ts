import { resourcesOf, type LaunchReadyPolicy } from "./lib/kit";
import { zonesOf } from "./cloudflare-ruleset-managed-waf";
import { CF, type ZoneSettingProps } from "./lib/types";

const BASELINE = ["ssl", "min_tls_version", "always_use_https", "security_header"];

/** The TLS policies judge the settings a stack declares; this one makes sure they are declared at all. */
export const cloudflareZoneSettingBaseline: LaunchReadyPolicy = {
  name: "cloudflare-zone-setting-baseline",
  description: "Every zone the stack manages must declare its TLS baseline settings (ssl, min_tls_version, always_use_https, security_header), so they are owned in code rather than left at dashboard defaults.",
  severity: "high",
  tags: ["edge-tls", "cloudflare"],
  remediationSteps: "Declare a cloudflare.ZoneSetting for each missing setting id (snake_case) on the zone.",
  configSchema: {
    properties: {
      requiredSettings: { type: "array", items: { type: "string", pattern: "^[a-z0-9_]+$" }, default: BASELINE, description: "Setting ids every managed zone must declare." },
    },
  },
  validateStack: (args, report) => {
    const zones = zonesOf(args);
    if (zones.length === 0) return args.notApplicable("The stack manages no Cloudflare zone");
    const { requiredSettings = BASELINE } = args.getConfig<{ requiredSettings?: string[] }>();
    const settings = resourcesOf(args, CF.zoneSetting).map((r) => r.props as ZoneSettingProps);
    for (const zone of zones) {
      const declared = new Set(settings.filter((s) => s.zoneId === zone).map((s) => s.settingId));
      const missing = requiredSettings.filter((id) => !declared.has(id));
      if (missing.length) report(`Zone ${zone} must declare the ZoneSetting(s) ${missing.join(", ")}; they are missing from the stack.`);
    }
  },
};
