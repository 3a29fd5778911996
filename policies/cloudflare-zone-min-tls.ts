import { ofType, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type ZoneSettingProps } from "./lib/types";

const VERSIONS = ["1.0", "1.1", "1.2", "1.3"];

/** TLS 1.0/1.1 are deprecated (RFC 8996). */
export const cloudflareZoneMinTls: LaunchReadyPolicy = {
  name: "cloudflare-zone-min-tls",
  description: "The zone's minimum TLS version must be 1.2 or newer, because TLS 1.0 and 1.1 are deprecated (RFC 8996).",
  severity: "high",
  tags: ["edge-tls", "cloudflare"],
  remediationSteps: 'Set the ZoneSetting with settingId "min_tls_version" to value "1.2" (or "1.3").',
  configSchema: {
    properties: {
      minimumVersion: { type: "string", enum: ["1.2", "1.3"], default: "1.2", description: "Lowest TLS version the edge may accept." },
    },
  },
  validateResource: ofType<ZoneSettingProps>(CF.zoneSetting, (setting, args, report) => {
    if (setting.settingId !== "min_tls_version") return args.notApplicable('Policy only applies to the "min_tls_version" zone setting');
    const { minimumVersion = "1.2" } = args.getConfig<{ minimumVersion?: string }>();
    const found = typeof setting.value === "string" ? VERSIONS.indexOf(setting.value) : -1;
    if (found < VERSIONS.indexOf(minimumVersion)) {
      report(`ZoneSetting "min_tls_version" must be "${minimumVersion}" or newer, found ${JSON.stringify(setting.value)}; set value: "${minimumVersion}".`);
    }
  }),
};
