import { scanText, type HitOrigin, type SecretHit } from "./text-scan";

/**
 * Source maps ship the original sources (`sourcesContent`) next to the
 * bundle: a secret minified beyond recognition is there in clear, with the
 * file it came from. Each original source is scanned as its own text.
 */
export async function scanSourceMap(text: string, sourceName: string, origin: HitOrigin): Promise<SecretHit[]> {
  let map: unknown;
  try {
    map = JSON.parse(text);
  } catch {
    // Not JSON after all: scan it as text rather than skip it.
    return scanText(text, sourceName, { origin });
  }
  return scanMapObject(map, sourceName, origin, 0);
}

async function scanMapObject(map: unknown, sourceName: string, origin: HitOrigin, depth: number): Promise<SecretHit[]> {
  if (!map || typeof map !== "object" || depth > 3) return [];
  const m = map as { sources?: unknown; sourcesContent?: unknown; sections?: unknown };
  const hits: SecretHit[] = [];
  const sources = Array.isArray(m.sources) ? m.sources : [];
  const contents = Array.isArray(m.sourcesContent) ? m.sourcesContent : [];
  for (let i = 0; i < contents.length; i++) {
    const content = contents[i];
    if (typeof content !== "string") continue;
    const original = typeof sources[i] === "string" ? (sources[i] as string) : `source #${i}`;
    hits.push(...(await scanText(content, `${sourceName} → ${original}`, { origin })));
  }
  // Index maps (ECMA-426 §"Index source map") nest whole maps in sections.
  if (Array.isArray(m.sections)) {
    for (const section of m.sections) hits.push(...(await scanMapObject((section as { map?: unknown })?.map, sourceName, origin, depth + 1)));
  }
  return hits;
}

/** The `//# sourceMappingURL=` of a script (the last one wins, as in browsers). */
export function sourceMappingUrlOf(script: string): string | undefined {
  const re = /(?:\/\/|\/\*)[#@]\s*sourceMappingURL=([^\s*'"]+)/g;
  let last: string | undefined;
  for (const m of script.matchAll(re)) last = m[1];
  return last;
}

/** Decodes an inline `data:application/json;base64,…` map; undefined for any other URL. */
export function decodeDataUrl(url: string): string | undefined {
  const m = /^data:application\/json(?:;charset=[\w-]+)?(;base64)?,(.*)$/is.exec(url);
  if (!m) return undefined;
  try {
    return m[1] ? Buffer.from(m[2], "base64").toString("utf8") : decodeURIComponent(m[2]);
  } catch {
    return undefined;
  }
}

/** Scans a script and the inline source map it may carry. */
export async function scanScript(text: string, sourceName: string, origin: HitOrigin): Promise<SecretHit[]> {
  const hits = await scanText(text, sourceName, { origin });
  const mapUrl = sourceMappingUrlOf(text);
  const inline = mapUrl ? decodeDataUrl(mapUrl) : undefined;
  if (inline) hits.push(...(await scanSourceMap(inline, `${sourceName} (inline source map)`, origin)));
  return hits;
}
