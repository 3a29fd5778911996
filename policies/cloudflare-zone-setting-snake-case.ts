import { ofType, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type ZoneSettingProps } from "./lib/types";

const SNAKE = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;

/** Keys of `value` anywhere inside it that are not snake_case, as dotted paths. */
function badKeys(value: unknown, at: string[] = []): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => badKeys(v, [...at, String(i)]));
  if (!value || typeof value !== "object") return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (!SNAKE.test(k)) out.push([...at, k].join("."));
    out.push(...badKeys(v, [...at, k]));
  }
  return out;
}

/**
 * cloudflare v6 passes ZoneSetting ids and values to the API untranslated:
 * camelCase (`minTlsVersion`, `maxAge`) is silently ignored and never converges.
 */
export const cloudflareZoneSettingSnakeCase: LaunchReadyPolicy = {
  name: "cloudflare-zone-setting-snake-case",
  description: "Zone setting ids and the keys inside their values must use the Cloudflare API's snake_case, because the provider passes them through untranslated.",
  severity: "medium",
  tags: ["edge-tls", "cloudflare"],
  remediationSteps: "Rename the setting id and value keys to the API's names, e.g. min_tls_version, strict_transport_security.max_age.",
  validateResource: ofType<ZoneSettingProps>(CF.zoneSetting, (setting, _args, report) => {
    if (typeof setting.settingId === "string" && !SNAKE.test(setting.settingId)) {
      report(`ZoneSetting id ${JSON.stringify(setting.settingId)} must be the API's snake_case id (e.g. "min_tls_version"); camelCase ids never converge.`);
    }
    const keys = badKeys(setting.value);
    if (keys.length > 0) {
      report(`ZoneSetting ${JSON.stringify(setting.settingId)} value keys must be snake_case, found ${keys.join(", ")}; use the API's names (e.g. strict_transport_security.max_age).`);
    }
  }),
};
