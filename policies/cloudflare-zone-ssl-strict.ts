import { ofType, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type ZoneSettingProps } from "./lib/types";

/** Full (strict): Cloudflare validates the origin certificate, so the edge→origin hop cannot be intercepted. */
export const cloudflareZoneSslStrict: LaunchReadyPolicy = {
  name: "cloudflare-zone-ssl-strict",
  description: "The zone's SSL/TLS encryption mode must be Full (strict), so Cloudflare validates the origin's certificate.",
  severity: "critical",
  tags: ["edge-tls", "cloudflare"],
  remediationSteps: 'Set the ZoneSetting with settingId "ssl" to value "strict" and install a valid (or Cloudflare Origin CA) certificate on the origin.',
  validateResource: ofType<ZoneSettingProps>(CF.zoneSetting, (setting, args, report) => {
    if (setting.settingId !== "ssl") return args.notApplicable('Policy only applies to the "ssl" zone setting');
    if (setting.value !== "strict") {
      report(`ZoneSetting "ssl" must be "strict" (Full strict), found ${JSON.stringify(setting.value)}. "flexible" and "full" let anyone between Cloudflare and the origin read or alter traffic; set value: "strict".`);
    }
  }),
};
