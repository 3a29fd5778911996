import type { SecretLintRuleCreator } from "@secretlint/types";
import { entropy, isPlaceholder } from "./placeholders";

/**
 * A random-looking literal assigned to a secret-sounding name:
 * `SESSION_SECRET=…` in a committed .env, `jwtSecret: "…"` in a bundle,
 * `"webhook_secret": "…"` in JSON. Catches the private tokens no vendor
 * pattern knows. To keep false alarms rare, the value must be 16+
 * characters, mix letters and digits, and look random (≥ 3.5 bits of
 * entropy per character); hex-only values count from 40 characters (shorter
 * hex strings are usually ids and hashes).
 */
const messages = {
  SECRET_ASSIGNMENT: { en: (p: { name: string }) => `found a hard-coded value for the secret-sounding name "${p.name}"` },
};

const SECRET_NAME = /(?:secret|passw(?:or)?d|private[_-]?key|api[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|client[_-]?secret|signing[_-]?key|encryption[_-]?key|service[_-]?role[_-]?key|credentials?)$/i;
// name, optional closing quote, `=` or `:` (or `:=`), optional opening quote, value.
const ASSIGNMENT = /(?<![A-Za-z0-9_$])([A-Za-z_$][A-Za-z0-9_.$-]{0,80})["']?\s*(?::=|=|:)\s*(["'`]?)([A-Za-z0-9+/=_\-.~!@#%^&*]{16,512})\2/g;

export function looksRandom(value: string): boolean {
  if (isPlaceholder(value)) return false;
  if (/^[0-9a-f]+$/i.test(value)) return value.length >= 40 && entropy(value) >= 3;
  if (!/[A-Za-z]/.test(value) || !/[0-9]/.test(value)) return false;
  // Identifiers, dotted paths and URLs are names, not secrets.
  if (/^[A-Z0-9_]+$/.test(value) && /_/.test(value)) return false;
  if (/^(?:[a-z]+[-_.])+[a-z0-9]+$/i.test(value) && !/[0-9].*[0-9].*[0-9]/.test(value)) return false;
  return entropy(value) >= 3.5;
}

export const secretAssignmentRule: SecretLintRuleCreator = {
  messages,
  meta: { id: "launch-ready/secret-assignment", recommended: true, type: "scanner", supportedContentTypes: ["text"] },
  create(context) {
    const t = context.createTranslator(messages);
    return {
      file(source) {
        for (const m of source.content.matchAll(ASSIGNMENT)) {
          const name = m[1];
          const bareName = name.slice(name.lastIndexOf(".") + 1);
          if (!SECRET_NAME.test(bareName)) continue;
          if (!looksRandom(m[3])) continue;
          const start = m.index! + m[0].lastIndexOf(m[3]);
          context.report({ message: t("SECRET_ASSIGNMENT", { name: bareName }), range: [start, start + m[3].length] });
        }
      },
    };
  },
};
