import type { SecretLintRuleCreator, SecretLintRulePresetCreator } from "@secretlint/types";
import { databaseUrlRule } from "./database-url";
import { secretAssignmentRule } from "./secret-assignment";
import { stripeRule } from "./stripe";
import { webhookUrlRule } from "./webhook-url";

/** The rules launch-ready adds to secretlint's recommended preset (what the checklist names and the preset lacks). */
export const LAUNCH_READY_RULES: SecretLintRuleCreator[] = [stripeRule, databaseUrlRule, webhookUrlRule, secretAssignmentRule];

/** The same rules as a secretlint preset, usable from a `.secretlintrc` too. */
export const launchReadyPreset: SecretLintRulePresetCreator = {
  meta: { id: "launch-ready/preset", type: "preset", recommended: true },
  rules: LAUNCH_READY_RULES as SecretLintRuleCreator<unknown>[],
  create(context) {
    for (const rule of LAUNCH_READY_RULES) context.registerRule(rule);
  },
};
