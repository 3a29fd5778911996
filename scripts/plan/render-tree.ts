import type { Plan, PlannedResource } from "./model";

/** Short form of a type token: `cloudflare:index/dnsRecord:DnsRecord` → `cloudflare:DnsRecord`. */
export function shortType(type: string): string {
  const parts = type.split(":");
  return parts.length === 3 ? `${parts[0]}:${parts[2]}` : type;
}

function inputSummary(r: PlannedResource): string {
  const i = r.inputs;
  const pick = (...keys: string[]) =>
    keys
      .filter((k) => i[k] !== undefined && i[k] !== null && typeof i[k] !== "object")
      .map((k) => `${k}=${String(i[k])}`)
      .join(" ");
  switch (r.type) {
    case "cloudflare:index/dnsRecord:DnsRecord":
      return pick("type", "name", "content", "proxied");
    case "cloudflare:index/zoneSetting:ZoneSetting":
      return `${String(i.settingId)}=${JSON.stringify(i.value)}`;
    case "cloudflare:index/ruleset:Ruleset":
      return `${pick("phase", "kind")} rules=${Array.isArray(i.rules) ? i.rules.length : 0}`;
    case "aws:route53/healthCheck:HealthCheck":
      return `${pick("type")} https://${String(i.fqdn)}${String(i.resourcePath ?? "/")}`;
    case "cloudflare:index/healthcheck:Healthcheck":
      return `${pick("type")} https://${String(i.address)}${String((i.httpConfig as Record<string, unknown> | undefined)?.path ?? "/")}`;
    case "aws:sns/topicSubscription:TopicSubscription":
      return pick("protocol", "endpoint", "region");
    case "cloudflare:index/notificationPolicy:NotificationPolicy":
      return pick("alertType");
    default:
      return pick("name", "region");
  }
}

/** The resource tree, children under their parents, secrets already masked. */
export function renderTree(plan: Plan): string {
  const children = new Map<string | undefined, PlannedResource[]>();
  const urns = new Set(plan.resources.map((r) => r.urn));
  for (const r of plan.resources) {
    const parent = r.parent && urns.has(r.parent) ? r.parent : undefined;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent)!.push(r);
  }
  const lines: string[] = [`${plan.project} / ${plan.stack}`];
  const walk = (parent: string | undefined, prefix: string) => {
    const kids = children.get(parent) ?? [];
    kids.forEach((r, idx) => {
      const last = idx === kids.length - 1;
      const secret = r.secretInputs.length ? `  [secret: ${r.secretInputs.join(", ")}]` : "";
      const summary = inputSummary(r);
      lines.push(`${prefix}${last ? "└─ " : "├─ "}${shortType(r.type)}  ${r.name}${summary ? `  ${summary}` : ""}${secret}`);
      walk(r.urn, prefix + (last ? "   " : "│  "));
    });
  };
  walk(undefined, "");
  return lines.join("\n");
}

/** Counts by type, custom resources only (components are structure, not cloud objects). */
export function renderSummary(plan: Plan): string {
  const counts = new Map<string, number>();
  for (const r of plan.resources) if (r.custom) counts.set(shortType(r.type), (counts.get(shortType(r.type)) ?? 0) + 1);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const components = plan.resources.filter((r) => !r.custom).length;
  const lines = [`${total} resources to create (${components} components):`];
  for (const [type, n] of [...counts.entries()].sort()) lines.push(`  ${String(n).padStart(4)}  ${type}`);
  if (Object.keys(plan.outputs).length) {
    lines.push("Outputs:");
    for (const [k, v] of Object.entries(plan.outputs)) lines.push(`  ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
  }
  return lines.join("\n");
}

export function renderNotes(plan: Plan): string {
  if (plan.notes.length === 0) return "";
  return ["Notes:", ...plan.notes.map((n) => `  ${n.kind === "warning" ? "warning: " : ""}${n.message}`)].join("\n");
}
