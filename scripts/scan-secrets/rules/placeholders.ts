/**
 * Values that are obviously not real secrets: documentation placeholders,
 * template variables, environment references. Rules skip them so examples in
 * READMEs and `.env.example` files do not drown real findings.
 */
const PLACEHOLDER_WORDS = /^(?:password|passwd|secret|changeme|change-me|example|placeholder|your[-_]?\w*|xxx+|\*+|\.\.\.|redacted|dummy|sample|test|todo|none|null|undefined|<[^>]*>)$/i;
const TEMPLATE = /\$\{[^}]{1,80}\}|\{\{[^}]{1,80}\}\}|%[A-Z_]{1,40}%|\$[A-Z_]{2,40}\b|\$\([^)]{1,80}\)|process\.env|import\.meta\.env/;

export function isPlaceholder(value: string): boolean {
  if (value.length < 4) return true;
  if (PLACEHOLDER_WORDS.test(value)) return true;
  if (TEMPLATE.test(value)) return true;
  // "aaaa", "1111", "xxxx…": one character repeated.
  if (/^(.)\1+$/.test(value)) return true;
  return false;
}

/** Shannon entropy in bits per character: random keys score high, words and ids low. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
