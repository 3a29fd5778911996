import { ofType, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type ZoneSettingProps } from "./lib/types";

const ONE_YEAR = 31_536_000;

/** HSTS with a year's max-age stops SSL-stripping after the first visit (RFC 6797). */
export const cloudflareZoneHsts: LaunchReadyPolicy = {
  name: "cloudflare-zone-hsts",
  description: "The zone must send HSTS (Strict-Transport-Security) with a max-age of at least one year, so browsers never fall back to plain HTTP (RFC 6797).",
  severity: "high",
  tags: ["edge-tls", "cloudflare"],
  remediationSteps:
    'Set the ZoneSetting "security_header" to value { strict_transport_security: { enabled: true, max_age: 31536000, include_subdomains: true, nosniff: true } } (snake_case keys: the value goes to the API untranslated).',
  configSchema: {
    properties: {
      minMaxAgeSeconds: { type: "integer", minimum: 0, default: ONE_YEAR, description: "Smallest HSTS max-age accepted, in seconds." },
    },
  },
  validateResource: ofType<ZoneSettingProps>(CF.zoneSetting, (setting, args, report) => {
    if (setting.settingId !== "security_header") return args.notApplicable('Policy only applies to the "security_header" zone setting');
    const { minMaxAgeSeconds = ONE_YEAR } = args.getConfig<{ minMaxAgeSeconds?: number }>();
    const value = (setting.value ?? {}) as Record<string, unknown>;
    const hsts = value.strict_transport_security as Record<string, unknown> | undefined;
    if (!hsts || hsts.enabled !== true) {
      report('ZoneSetting "security_header" must enable HSTS: set value.strict_transport_security.enabled to true (snake_case keys).');
      return;
    }
    const maxAge = hsts.max_age;
    if (typeof maxAge !== "number" || maxAge < minMaxAgeSeconds) {
      report(`ZoneSetting "security_header" must set strict_transport_security.max_age to at least ${minMaxAgeSeconds} seconds, found ${JSON.stringify(maxAge)}.`);
    }
  }),
};
