import type { SecretLintRuleCreator } from "@secretlint/types";

/**
 * Stripe secret and restricted API keys, and webhook signing secrets
 * (`whsec_…`, also used by Svix and Clerk). secretlint's recommended preset
 * has no Stripe rule; these are the keys a marketplace portal is most likely
 * to leak into a frontend bundle.
 * Formats: https://docs.stripe.com/keys (sk_/rk_ with live/test mode).
 */
const messages = {
  STRIPE_LIVE_SECRET_KEY: { en: () => "found a Stripe live secret key" },
  STRIPE_LIVE_RESTRICTED_KEY: { en: () => "found a Stripe live restricted key" },
  STRIPE_TEST_SECRET_KEY: { en: () => "found a Stripe test-mode secret key" },
  STRIPE_WEBHOOK_SECRET: { en: () => "found a webhook signing secret (whsec_)" },
};

const KEY = /\b(sk|rk)_(live|test)_[A-Za-z0-9]{20,247}\b/g;
const WEBHOOK = /\bwhsec_[A-Za-z0-9+/]{24,}={0,2}/g;

export const stripeRule: SecretLintRuleCreator = {
  messages,
  meta: { id: "launch-ready/stripe", recommended: true, type: "scanner", supportedContentTypes: ["text"] },
  create(context) {
    const t = context.createTranslator(messages);
    return {
      file(source) {
        for (const m of source.content.matchAll(KEY)) {
          const id = m[2] === "live" ? (m[1] === "sk" ? "STRIPE_LIVE_SECRET_KEY" : "STRIPE_LIVE_RESTRICTED_KEY") : "STRIPE_TEST_SECRET_KEY";
          context.report({ message: t(id), range: [m.index!, m.index! + m[0].length] });
        }
        for (const m of source.content.matchAll(WEBHOOK)) {
          context.report({ message: t("STRIPE_WEBHOOK_SECRET"), range: [m.index!, m.index! + m[0].length] });
        }
      },
    };
  },
};
