import * as pulumi from "@pulumi/pulumi";
import * as cloudflare from "@pulumi/cloudflare";
import type { EdgeContext } from "./context";

/** Who counts as staff: Access `include` rules (any one matches). */
export function staffIncludes({ config }: EdgeContext): cloudflare.types.input.ZeroTrustAccessApplicationPolicyInclude[] {
  const { access } = config.edge;
  const includes: cloudflare.types.input.ZeroTrustAccessApplicationPolicyInclude[] = [
    ...access.staffEmails.map((email) => ({ email: { email } })),
    ...(access.staffEmailDomain ? [{ emailDomain: { domain: access.staffEmailDomain } }] : []),
    ...access.staffGroupIds.map((id) => ({ group: { id } })),
  ];
  // Nobody named: staff are the people with an address at the portal's own domain (still with MFA).
  return includes.length ? includes : [{ emailDomain: { domain: config.domain.apex } }];
}

/** Access destinations for the admin routes on the app host: `app.example.com/admin` covers everything below it. */
export function adminDestinations({ config, hosts }: EdgeContext): { type: string; uri: string }[] {
  const uris = config.routes.admin.map((route) => `${hosts.app}${route.replace(/\/?\*$/, "") || ""}`);
  return [...new Set(uris)].map((uri) => ({ type: "public", uri }));
}

export interface AdminAccessArgs {
  ctx: EdgeContext;
}

/**
 * The admin area behind Cloudflare Access (Zero Trust): a self-hosted
 * application on the admin routes of the app host, whose policy allows only
 * staff and requires MFA (`requires: authMethod mfa`, the RFC 8176 `amr`
 * value). The policy is declared on the application itself (an
 * application-exclusive policy), so the MFA requirement is visible on the one
 * resource that guards the admin routes and cannot be detached from it. The
 * WAF blocks the admin routes on every other host, so Access is the only way in.
 */
export class AdminAccess extends pulumi.ComponentResource {
  readonly application: cloudflare.ZeroTrustAccessApplication;

  constructor(name: string, args: AdminAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("launch-ready:edge:AdminAccess", name, {}, opts);
    const { config } = args.ctx;
    const { access } = config.edge;
    const destinations = adminDestinations(args.ctx);
    this.application = new cloudflare.ZeroTrustAccessApplication(
      `${name}-admin`,
      {
        accountId: config.cloudflare.accountId,
        name: `${config.name} ${config.environment} admin (launch-ready)`,
        type: "self_hosted",
        domain: destinations[0].uri,
        destinations,
        sessionDuration: access.sessionDuration,
        appLauncherVisible: true,
        // Access cookies: HttpOnly and SameSite=Lax, never readable by page scripts.
        httpOnlyCookieAttribute: true,
        sameSiteCookieAttribute: "lax",
        policies: [
          {
            name: "Staff with MFA (launch-ready)",
            decision: "allow",
            precedence: 1,
            includes: staffIncludes(args.ctx),
            requires: [{ authMethod: { authMethod: "mfa" } }],
          },
        ],
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}
