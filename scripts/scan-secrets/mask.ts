import { createHash } from "node:crypto";

/**
 * How a found secret is shown anywhere (terminal, reports, logs): its first
 * few characters — enough to recognise which key it is — and its length.
 * Never more than 4 characters, and never more than a quarter of it.
 */
export function maskSecret(secret: string): string {
  const shown = Math.min(4, Math.floor(secret.length / 4));
  return `${secret.slice(0, shown)}${"*".repeat(4)} (${secret.length} chars)`;
}

/** A stable short fingerprint: the same secret found twice is reported once, without keeping it. */
export function fingerprint(secret: string): string {
  return createHash("sha256").update(secret).digest("hex").slice(0, 12);
}
