import type { SecretLintRuleCreator } from "@secretlint/types";

/**
 * Webhook URLs whose path is the credential: anyone holding one can post as
 * the integration. The preset covers Slack; this adds Discord and Microsoft
 * Teams incoming webhooks.
 */
const messages = {
  DISCORD_WEBHOOK_URL: { en: () => "found a Discord webhook URL (its token is the credential)" },
  TEAMS_WEBHOOK_URL: { en: () => "found a Microsoft Teams incoming webhook URL" },
};

const DISCORD = /https:\/\/(?:canary\.|ptb\.)?discord(?:app)?\.com\/api\/webhooks\/\d{15,25}\/[A-Za-z0-9_-]{60,80}/g;
const TEAMS = /https:\/\/[a-z0-9-]+\.webhook\.office\.com\/webhookb2\/[A-Za-z0-9@/-]{40,}\/IncomingWebhook\/[A-Za-z0-9]{32}\/[A-Za-z0-9-]{36}/g;

export const webhookUrlRule: SecretLintRuleCreator = {
  messages,
  meta: { id: "launch-ready/webhook-url", recommended: true, type: "scanner", supportedContentTypes: ["text"] },
  create(context) {
    const t = context.createTranslator(messages);
    return {
      file(source) {
        for (const m of source.content.matchAll(DISCORD)) context.report({ message: t("DISCORD_WEBHOOK_URL"), range: [m.index!, m.index! + m[0].length] });
        for (const m of source.content.matchAll(TEAMS)) context.report({ message: t("TEAMS_WEBHOOK_URL"), range: [m.index!, m.index! + m[0].length] });
      },
    };
  },
};
