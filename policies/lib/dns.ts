/** DNS helpers shared by the email and hostname policies. */

/** Lowercase, no trailing dot: how names are compared. */
export function normalizeName(name: unknown): string {
  return typeof name === "string" ? name.trim().toLowerCase().replace(/\.$/, "") : "";
}

/**
 * The text of a TXT record as resolvers see it: Cloudflare stores TXT content
 * quoted, and long values as several quoted chunks that are concatenated
 * (RFC 7208 §3.3 for SPF, RFC 1035 §3.3.14).
 */
export function txtText(content: unknown): string {
  if (typeof content !== "string") return "";
  const chunks = [...content.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\"/g, '"'));
  return chunks.length > 0 ? chunks.join("") : content.trim();
}

export function isSpf(text: string): boolean {
  return /^v=spf1(\s|$)/i.test(text);
}

export function isDmarc(text: string): boolean {
  return /^v=DMARC1\s*(;|$)/i.test(text);
}

/** DMARC tags (RFC 7489 §6.3) as a lowercase-key map. */
export function dmarcTags(text: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of text.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    tags[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  return tags;
}

/** Whether `name` is `host` or, for a label entry (`app`), a name whose first label is it. */
export function hostnameMatches(name: string, entry: string): boolean {
  const n = normalizeName(name);
  const e = normalizeName(entry);
  if (e.includes(".")) return n === e;
  return n === e || n.startsWith(`${e}.`);
}
