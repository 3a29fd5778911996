import { z } from "zod";

/** One problem in a stack's portal config, phrased for the person fixing it. */
export interface ConfigProblem {
  /** Dotted key path from the Pulumi config key, e.g. `launch-ready:portal.domain.apex`. */
  path: string;
  /** The offending value as written (shortened), or undefined when the key is missing. */
  value?: string;
  /** What is allowed and how to fix it. */
  message: string;
}

/** Every problem of a config at once. The CLI prints them and exits 2. */
export class PortalConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[], where: string) {
    super(formatProblems(problems, where));
    this.name = "PortalConfigError";
    this.problems = problems;
  }
}

export function formatProblems(problems: ConfigProblem[], where: string): string {
  const lines = problems.map((p) => {
    const shown = p.value === undefined ? "is missing" : `= ${p.value}`;
    return `  - ${p.path} ${shown}: ${p.message}`;
  });
  const noun = problems.length === 1 ? "problem" : "problems";
  return `${where} has ${problems.length} config ${noun}:\n${lines.join("\n")}\nFix each key above in the stack file (or with \`pulumi config set\`) and run again.`;
}

function showValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let text: string;
  try {
    // bigint and Map/Set have no JSON form; show them the way a reader would write them.
    text =
      JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${v}n` : v instanceof Map || v instanceof Set ? `[${v.constructor.name}]` : v)) ??
      typeof value;
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Walks a zod schema to the object at `path`, to list the keys it allows. */
function allowedKeysAt(schema: z.ZodType, path: PropertyKey[], raw?: unknown): string[] | undefined {
  let current: unknown = schema;
  // A discriminated union (e.g. email providers by `kind`) allows the keys of the option the raw value picks.
  const pickOption = (node: unknown, at: PropertyKey[]): unknown => {
    const def = (node as { def?: { type?: string; discriminator?: string; options?: unknown[] } }).def;
    if (def?.type !== "union" || !def.discriminator || !def.options) return node;
    const tag = (valueAt(raw, at) as Record<string, unknown> | undefined)?.[def.discriminator];
    const match = def.options.find((o) => {
      const lit = (o as { def?: { shape?: Record<string, { def?: { values?: unknown[] } }> } }).def?.shape?.[def.discriminator!]?.def?.values;
      return Array.isArray(lit) && lit.includes(tag);
    });
    return match ?? node;
  };
  const unwrap = (s: unknown): unknown => {
    // default/prefault/optional/pipe wrappers all keep the inner type in def.innerType or def.in
    let node = s as { def?: { innerType?: unknown; in?: unknown; type?: string } };
    for (let i = 0; i < 10 && node?.def; i++) {
      if (node.def.innerType) node = node.def.innerType as typeof node;
      else if (node.def.type === "pipe" && node.def.in) node = node.def.in as typeof node;
      else break;
    }
    return node;
  };
  for (const [i, key] of path.entries()) {
    current = pickOption(unwrap(current), path.slice(0, i));
    const def = (current as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown } }).def;
    if (def?.type === "object" && def.shape) current = def.shape[String(key)];
    else if (def?.type === "array") current = def.element;
    else return undefined;
  }
  current = pickOption(unwrap(current), path);
  const def = (current as { def?: { type?: string; shape?: Record<string, unknown> } }).def;
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : undefined;
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k as string];
  }
  return v;
}

/** Turns zod issues into ConfigProblems with full key paths. */
export function problemsFromZod(error: z.ZodError, schema: z.ZodType, raw: unknown, rootKey: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of error.issues) {
    const keyPath = (p: PropertyKey[]) => [rootKey, ...p.map(String)].join(".");
    if (issue.code === "unrecognized_keys") {
      const allowed = allowedKeysAt(schema, issue.path, raw);
      for (const key of issue.keys) {
        problems.push({
          path: keyPath([...issue.path, key]),
          value: showValue(valueAt(raw, [...issue.path, key])),
          message: `unknown key "${key}"${allowed ? `; allowed keys here: ${allowed.join(", ")}` : ""}. Check the spelling or remove it.`,
        });
      }
      continue;
    }
    // A cross-field rule may judge a defaulted key (absent from the file): it passes the value it judged in params.value.
    const value = valueAt(raw, issue.path) ?? (issue.code === "custom" ? (issue.params as { value?: unknown } | undefined)?.value : undefined);
    let message = issue.message;
    if (value === undefined && issue.code === "invalid_type") message = `required: ${message}`;
    // A rule that refuses a value because it is a credential must not print it back.
    const redact = issue.code === "custom" && (issue.params as { redact?: boolean } | undefined)?.redact === true;
    problems.push({ path: keyPath(issue.path), value: redact ? "[redacted]" : showValue(value), message });
  }
  return problems;
}
