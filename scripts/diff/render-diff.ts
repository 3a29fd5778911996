import pc from "picocolors";
import { shortType } from "../plan/render-tree";
import type { UpdatedResource } from "./compare";
import type { StackDiff } from "./diff-stack";

function short(value: unknown): string {
  const text = value === undefined ? "(unset)" : JSON.stringify(value);
  return text.length > 70 ? `${text.slice(0, 67)}...` : text;
}

/** `key: old → new` under an updated resource, so a reviewer sees what moves. */
function changeLines(r: UpdatedResource): string[] {
  return r.changedKeys.map((k) => `       ${k}: ${short(r.changes[k].before)} → ${short(r.changes[k].after)}`);
}

/** `diff --format json`: the diff as data (CLI.md: extend, never rename). */
export function diffToJson(diff: StackDiff): string {
  return JSON.stringify(
    {
      stack: diff.stack,
      base: diff.base,
      stackFile: diff.stackFile,
      summary: { added: diff.added.length, removed: diff.removed.length, updated: diff.updated.length, replaced: diff.replaced.length, unchanged: diff.unchanged },
      added: diff.added,
      removed: diff.removed,
      updated: diff.updated.map(({ replaceKeys: _r, ...u }) => u),
      replaced: diff.replaced,
      changedOutputs: diff.changedOutputs,
    },
    null,
    2,
  );
}

/** The terminal view: one line per change, the way `pulumi preview` marks them (+ - ~ +-). */
export function renderDiffTable(diff: StackDiff, colour = false): string {
  const c = (f: (s: string) => string, s: string) => (colour ? f(s) : s);
  const out: string[] = [`launch-ready diff --stack ${diff.stack} --base ${diff.base}  (${diff.stackFile} at ${diff.base} → now)`];
  for (const r of diff.added) out.push(c(pc.green, `  + ${shortType(r.type)}  ${r.name}`));
  for (const r of diff.removed) out.push(c(pc.red, `  - ${shortType(r.type)}  ${r.name}`));
  for (const r of diff.updated) out.push(c(pc.yellow, `  ~ ${shortType(r.type)}  ${r.name}  [${r.changedKeys.join(", ")}]`), ...changeLines(r));
  for (const r of diff.replaced) {
    out.push(c(pc.magenta, `  +-${shortType(r.type)}  ${r.name}  [${r.changedKeys.join(", ")}]  replace-likely`));
    out.push(...changeLines(r));
    for (const k of r.replaceKeys) out.push(`       forces replacement — ${k.key}: ${k.why}`);
  }
  if (diff.added.length + diff.removed.length + diff.updated.length + diff.replaced.length === 0) out.push("  no resource changes");
  if (diff.changedOutputs.length) out.push(`  outputs changed: ${diff.changedOutputs.join(", ")}`);
  out.push("");
  out.push(
    `${diff.added.length} to add, ${diff.updated.length} to update, ${diff.replaced.length} to replace, ${diff.removed.length} to delete, ${diff.unchanged} unchanged`,
  );
  return out.join("\n");
}

export function renderDiffMarkdown(diff: StackDiff): string {
  const out = [`# launch-ready diff --stack ${diff.stack} --base ${diff.base}`, "", "| Change | Type | Name | Input keys |", "|---|---|---|---|"];
  for (const r of diff.added) out.push(`| add | ${shortType(r.type)} | ${r.name} | |`);
  for (const r of diff.removed) out.push(`| delete | ${shortType(r.type)} | ${r.name} | |`);
  for (const r of diff.updated) out.push(`| update | ${shortType(r.type)} | ${r.name} | ${r.changedKeys.join(", ")} |`);
  for (const r of diff.replaced) out.push(`| replace-likely | ${shortType(r.type)} | ${r.name} | ${r.changedKeys.join(", ")} (forces: ${r.replaceKeys.map((k) => k.key).join(", ")}) |`);
  return out.join("\n") + "\n";
}
