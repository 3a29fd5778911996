import type { z } from "zod";
import { checkEmailRules } from "./email-rules";
import { checkMonitoringRules } from "./monitoring";
import { checkDeployRules } from "./deploy";
import { checkEdgeRules } from "./edge-rules";

/**
 * Rules that span several keys. They run once every key has the right shape,
 * and report with the key path the user has to change.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function checkPortalRules(config: any, ctx: z.RefinementCtx): void {
  // zod runs refinements even when a key failed its own check; a rule that
  // compares two keys would then talk about a value already reported.
  if ((ctx as unknown as { issues: unknown[] }).issues.length > 0) return;
  const { environment, deploy, email, domain } = config;

  if (deploy.origins.blue === deploy.origins.green) {
    ctx.addIssue({
      code: "custom",
      path: ["deploy", "origins", "green"],
      input: deploy.origins.green,
      message: "must differ from deploy.origins.blue: blue/green needs two origins so a rollback has somewhere to go",
    });
  }
  checkDeployRules(config, ctx);

  if (email.dmarc.policy === "none" && environment === "prod") {
    ctx.addIssue({
      code: "custom",
      path: ["email", "dmarc", "policy"],
      input: "none",
      message: "p=none is refused for prod: use quarantine or reject (none only monitors, spoofed resets still reach inboxes)",
    });
  }

  const apex: string = domain.apex;
  const sending: string = email.sendingDomain;
  if (sending !== apex && !sending.endsWith(`.${apex}`)) {
    ctx.addIssue({
      code: "custom",
      path: ["email", "sendingDomain"],
      input: sending,
      message: `must be ${apex} or a subdomain of it: its SPF, DKIM and DMARC records are written into the ${apex} zone`,
    });
  }

  checkEmailRules(config, ctx);
  checkMonitoringRules(config, ctx);
  checkEdgeRules(config, ctx);
}
