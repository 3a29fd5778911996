import type { PolicyResource } from "@pulumi/policy";
import { trimPath } from "./lib/expression";
import { normalizeName } from "./lib/dns";
import { asArray, dependsOn, describe, resourcesOf, type LaunchReadyPolicy } from "./lib/kit";
import { CF, type AccessApplicationProps, type AccessPolicyProps, type AccessRuleProps } from "./lib/types";

/** `app.example.com/admin/*` → `app.example.com/admin`. */
function normalizeDestination(d: string): string {
  const s = normalizeName(d.replace(/^https?:\/\//, ""));
  const slash = s.indexOf("/");
  return slash < 0 ? s : `${s.slice(0, slash)}${trimPath(s.slice(slash))}`;
}

/** Every host/path an application protects. */
function destinationsOf(app: AccessApplicationProps): string[] {
  const all = [app.domain, ...asArray(app.selfHostedDomains), ...asArray(app.destinations).map((d) => d?.uri)];
  return all.filter((d): d is string => typeof d === "string" && d.length > 0).map(normalizeDestination);
}

/** Whether an application destination covers `target` (a destination without a path covers the whole host). */
function covers(destination: string, target: string): boolean {
  if (destination === target) return true;
  const [host] = destination.split("/");
  if (!destination.includes("/")) return target === host || target.startsWith(`${host}/`);
  return target.startsWith(`${destination}/`);
}

function requiresMfa(policy: AccessPolicyProps): boolean {
  if (policy.mfaConfig?.mfaDisabled === true) return false;
  return asArray<AccessRuleProps>(policy.requires).some((r) => r?.authMethod?.authMethod === "mfa");
}

/** The allow policies guarding an application: inline ones, and reusable ZeroTrustAccessPolicy resources it references. */
function allowPolicies(app: PolicyResource, accessPolicies: PolicyResource[]): AccessPolicyProps[] {
  const props = app.props as AccessApplicationProps;
  const inline = asArray(props.policies).filter((p) => p && (p.decision !== undefined || p.requires !== undefined));
  const referenced = accessPolicies.filter((p) => dependsOn(app, p, "policies")).map((p) => p.props as AccessPolicyProps);
  return [...inline, ...referenced].filter((p) => (p.decision ?? "allow") === "allow");
}

/** The admin area is the key to every tenant's data: a stolen password alone must not open it. */
export const cloudflareAccessApplicationAdminMfa: LaunchReadyPolicy = {
  name: "cloudflare-access-application-admin-mfa",
  description: "The admin area must sit behind a Cloudflare Access application whose every allow policy requires multi-factor authentication.",
  severity: "critical",
  tags: ["authentication", "cloudflare"],
  remediationSteps: 'Protect the admin destinations with a ZeroTrustAccessApplication and give each allow policy requires: [{ authMethod: { authMethod: "mfa" } }] (and never mfaConfig.mfaDisabled).',
  configSchema: {
    properties: {
      adminDestinations: {
        type: "array",
        items: { type: "string", minLength: 1 },
        default: [],
        description: "Host/path pairs of the admin area, e.g. app.example.com/admin. Empty: every Access application found is checked for MFA.",
      },
    },
  },
  validateStack: (args, report) => {
    const { adminDestinations = [] } = args.getConfig<{ adminDestinations?: string[] }>();
    const apps = resourcesOf(args, CF.accessApplication);
    const accessPolicies = resourcesOf(args, CF.accessPolicy);
    if (apps.length === 0 && adminDestinations.length === 0) return args.notApplicable("No admin destinations configured and no Access application declared");

    const targets = adminDestinations.map(normalizeDestination);
    const judged = targets.length ? apps.filter((a) => destinationsOf(a.props as AccessApplicationProps).some((d) => targets.some((t) => covers(d, t) || covers(t, d)))) : apps;
    for (const target of targets) {
      if (!judged.some((a) => destinationsOf(a.props as AccessApplicationProps).some((d) => covers(d, target)))) {
        report(`The admin destination ${target} must be protected by a Cloudflare Access application (ZeroTrustAccessApplication with that domain or destination); none covers it.`);
      }
    }
    for (const app of judged) {
      const policies = allowPolicies(app, accessPolicies);
      if (policies.length === 0) {
        report(`${describe(app)} must have an allow policy that requires MFA; it has no allow policy attached.`, app.urn);
        continue;
      }
      const without = policies.filter((p) => !requiresMfa(p)).length;
      if (without > 0) {
        report(`${describe(app)} must require MFA in every allow policy: ${without} of ${policies.length} do not (add requires: [{ authMethod: { authMethod: "mfa" } }]).`, app.urn);
      }
    }
  },
};
