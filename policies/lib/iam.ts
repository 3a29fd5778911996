/** Reading IAM policy documents (JSON string or object) the way AWS does. */

export interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export function statementsOf(policy: unknown): Statement[] | undefined {
  let doc: unknown = policy;
  if (typeof policy === "string") {
    try {
      doc = JSON.parse(policy);
    } catch {
      return undefined;
    }
  }
  const st = (doc as { Statement?: unknown } | undefined)?.Statement;
  if (Array.isArray(st)) return st as Statement[];
  if (st && typeof st === "object") return [st as Statement];
  return [];
}

export function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Whether an IAM action pattern (`secretsmanager:Get*`, `*`) grants `action` (case-insensitive, AWS wildcards). */
export function grants(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  return re.test(action);
}

export function hasCondition(st: Statement, key: string): boolean {
  return Object.values(st.Condition ?? {}).some((c) => c && Object.keys(c).some((k) => k.toLowerCase() === key.toLowerCase()));
}
