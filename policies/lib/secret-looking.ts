/**
 * What a secret looks like in a plain-text input: its name (DATABASE_URL,
 * STRIPE_SECRET_KEY) or its value (sk_live_…, AKIA…, a URL with a password).
 * A value that only references a secret (an ARN, a resolve: reference) is fine.
 */

const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|CREDENTIAL|DATABASE_URL|DB_URL|DSN|CONNECTION_STRING|WEBHOOK_SECRET|SIGNING_KEY)/i;
/** Names that look secret but are public by design. */
const PUBLIC_NAME = /(PUBLISHABLE|PUBLIC_KEY|_PK$|SITE_KEY|TOKEN_URL|SECRET_ARN|SECRET_NAME|SECRET_ID|_ARN$)/i;
/** Frontend build prefixes: everything with them is inlined into the browser bundle. */
export const FRONTEND_PREFIX = /^(NEXT_PUBLIC_|VITE_|REACT_APP_|PUBLIC_|EXPO_PUBLIC_|NUXT_PUBLIC_|GATSBY_|VUE_APP_)/;

const SECRET_VALUE = [
  /\bsk_live_[0-9A-Za-z]{8,}/,
  /\bwhsec_[0-9A-Za-z]{8,}/,
  /\bAKIA[0-9A-Z]{16}\b/,
  /\bgh[pousr]_[0-9A-Za-z]{20,}/,
  /\bxox[abpr]-[0-9A-Za-z-]{10,}/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@/]+@/i,
];

const REFERENCE = /^(arn:aws[a-z-]*:(secretsmanager|ssm|kms):|\{\{resolve:(secretsmanager|ssm)|projects\/[^/]+\/secrets\/)/;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !PUBLIC_NAME.test(name);
}

export function isSecretValue(value: unknown): boolean {
  return typeof value === "string" && SECRET_VALUE.some((re) => re.test(value));
}

export function isReference(value: unknown): boolean {
  return typeof value === "string" && REFERENCE.test(value.trim());
}

/** Why a plain-text name/value pair must not be there, or undefined when it may. */
export function plaintextProblem(name: string, value: unknown): string | undefined {
  if (FRONTEND_PREFIX.test(name) && isSecretName(name.replace(FRONTEND_PREFIX, ""))) {
    return `${name} is a frontend build variable (inlined into the browser bundle) with a secret-looking name`;
  }
  if (isReference(value)) return undefined;
  if (isSecretValue(value)) return `${name} holds a value that looks like a credential`;
  if (isSecretName(name) && typeof value === "string" && value !== "") return `${name} has a secret-looking name and a plain-text value`;
  return undefined;
}
