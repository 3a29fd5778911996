import type { Plan, PlannedResource } from "../plan/model";
import { replacingKeys } from "./replace-keys";

export interface ResourceRef {
  urn: string;
  type: string;
  name: string;
}

export interface UpdatedResource extends ResourceRef {
  /** Top-level input keys whose value differs. */
  changedKeys: string[];
  /** The changed keys that force a replacement (replace-likely when non-empty). */
  replaceKeys: { key: string; why: string }[];
  /** Old and new value of each changed key (secrets already "[secret]"). */
  changes: Record<string, { before: unknown; after: unknown }>;
}

export interface PlanDiff {
  added: ResourceRef[];
  removed: ResourceRef[];
  /** Updated in place (no key that forces a replacement changed). */
  updated: UpdatedResource[];
  /** A key that forces a replacement changed: delete + create. */
  replaced: UpdatedResource[];
  /** Stack outputs whose value differs (names only). */
  changedOutputs: string[];
  unchanged: number;
}

/** JSON with sorted object keys, so equal values compare equal whatever the key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function ref(r: PlannedResource): ResourceRef {
  return { urn: r.urn, type: r.type, name: r.name };
}

function changedInputKeys(before: PlannedResource, after: PlannedResource): string[] {
  const keys = new Set([...Object.keys(before.inputs), ...Object.keys(after.inputs)]);
  return [...keys].filter((k) => canonical(before.inputs[k]) !== canonical(after.inputs[k])).sort();
}

/**
 * Compares two plans by URN, as the engine matches old state to new
 * registrations: a URN only in `after` is created, only in `before` deleted,
 * in both with other inputs updated (or replaced when the key forces it).
 */
export function comparePlans(before: Plan, after: Plan): PlanDiff {
  const old = new Map(before.resources.map((r) => [r.urn, r]));
  const now = new Map(after.resources.map((r) => [r.urn, r]));
  const diff: PlanDiff = { added: [], removed: [], updated: [], replaced: [], changedOutputs: [], unchanged: 0 };
  for (const r of after.resources) if (!old.has(r.urn)) diff.added.push(ref(r));
  for (const r of before.resources) if (!now.has(r.urn)) diff.removed.push(ref(r));
  for (const r of after.resources) {
    const prev = old.get(r.urn);
    if (!prev) continue;
    const changedKeys = changedInputKeys(prev, r);
    if (changedKeys.length === 0) {
      diff.unchanged++;
      continue;
    }
    const replaceKeys = replacingKeys(r.type, changedKeys, r.replaceOnChanges);
    const changes = Object.fromEntries(changedKeys.map((k) => [k, { before: prev.inputs[k], after: r.inputs[k] }]));
    (replaceKeys.length ? diff.replaced : diff.updated).push({ ...ref(r), changedKeys, replaceKeys, changes });
  }
  const outputKeys = new Set([...Object.keys(before.outputs), ...Object.keys(after.outputs)]);
  diff.changedOutputs = [...outputKeys].filter((k) => canonical(before.outputs[k]) !== canonical(after.outputs[k])).sort();
  return diff;
}
