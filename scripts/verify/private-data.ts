import type { VerifyTarget } from "./target";

/**
 * Strings that only a signed-in user should ever see: the test accounts'
 * emails, their records' ids, and ids/emails read from signed-in responses.
 * A logged-out or other-tenant response containing one of them leaks data.
 */
export function knownPrivateMarkers(target: VerifyTarget): string[] {
  const markers = new Set<string>();
  for (const a of Object.values(target.accounts)) markers.add(a.email);
  for (const r of target.tenantResources) for (const id of r.ids ?? []) markers.add(id);
  return [...markers].filter((m) => m.length >= 3);
}

/** ids and emails inside a JSON body (bounded walk), to learn what private data looks like. */
export function markersFromJson(body: string, limit = 50): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return [];
  }
  const out = new Set<string>();
  const walk = (node: unknown, depth: number) => {
    if (out.size >= limit || depth > 6 || !node || typeof node !== "object") return;
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (typeof v === "string" && v.length >= 3 && /^(id|.*Id|email|.*_id)$/.test(k)) out.add(v);
      else walk(v, depth + 1);
    }
  };
  walk(doc, 0);
  return [...out];
}

/** The markers found in a body. */
export function leakedMarkers(body: string, markers: string[]): string[] {
  return markers.filter((m) => body.includes(m));
}
