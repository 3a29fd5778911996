import { ofType, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type ZoneSettingProps } from "./lib/types";

export const cloudflareZoneAlwaysUseHttps: LaunchReadyPolicy = {
  name: "cloudflare-zone-always-use-https",
  description: "The zone must redirect every plain-HTTP request to HTTPS (Always Use HTTPS on).",
  severity: "high",
  tags: ["edge-tls", "cloudflare"],
  remediationSteps: 'Set the ZoneSetting with settingId "always_use_https" to value "on".',
  validateResource: ofType<ZoneSettingProps>(CF.zoneSetting, (setting, args, report) => {
    if (setting.settingId !== "always_use_https") return args.notApplicable('Policy only applies to the "always_use_https" zone setting');
    if (setting.value !== "on") report(`ZoneSetting "always_use_https" must be "on", found ${JSON.stringify(setting.value)}; set value: "on".`);
  }),
};
