/**
 * Small builders for Cloudflare Rules language expressions (wirefilter
 * syntax). Every rule expression of the edge is assembled here, so quoting and
 * path matching are written once; tests parse the results with Cloudflare's
 * own wirefilter engine.
 */

export const PATH = "http.request.uri.path";

/** A quoted string literal: `"…"` with `\` and `"` escaped. */
export function str(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** `{"a" "b"}`: a set literal of strings (space-separated, as wirefilter writes them). */
export function strSet(values: readonly string[]): string {
  return `{${values.map(str).join(" ")}}`;
}

/** `{1 2}`: a set literal of integers. */
export function intSet(values: readonly number[]): string {
  return `{${values.join(" ")}}`;
}

export function any(parts: readonly string[]): string {
  const kept = parts.filter(Boolean);
  if (kept.length === 0) throw new Error("expressions.any: nothing to join");
  return kept.length === 1 ? kept[0] : kept.map(group).join(" or ");
}

export function all(parts: readonly string[]): string {
  const kept = parts.filter(Boolean);
  if (kept.length === 0) throw new Error("expressions.all: nothing to join");
  return kept.length === 1 ? kept[0] : kept.map(group).join(" and ");
}

export function not(expr: string): string {
  return isWrapped(expr) ? `not ${expr}` : `not (${expr})`;
}

/** Parenthesises a compound expression, so `and`/`or` precedence never surprises. */
function group(expr: string): string {
  return / (?:and|or) /.test(expr) && !isWrapped(expr) ? `(${expr})` : expr;
}

function isWrapped(expr: string): boolean {
  if (!expr.startsWith("(") || !expr.endsWith(")")) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0 && i < expr.length - 1) return false;
  }
  return true;
}

export function hostIs(hosts: readonly string[]): string {
  const unique = [...new Set(hosts)];
  return unique.length === 1 ? `http.host eq ${str(unique[0])}` : `http.host in ${strSet(unique)}`;
}

/**
 * Matches route paths as the config writes them: `/pricing` exactly, `/app/*`
 * as `/app` and everything below it, `/files*` as every path starting with
 * `/files`. Uses `eq`, `in` and `starts_with` only (available on every plan;
 * `matches` needs Business).
 */
export function pathMatches(routes: readonly string[]): string {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const route of routes) {
    if (!route.endsWith("*")) {
      exact.add(route);
      continue;
    }
    const prefix = route.slice(0, -1);
    prefixes.push(prefix);
    // `/app/*` also covers `/app` itself: the portal's root must not slip past the rule.
    if (prefix.endsWith("/") && prefix.length > 1) exact.add(prefix.slice(0, -1));
  }
  const parts: string[] = [];
  if (exact.size === 1) parts.push(`${PATH} eq ${str([...exact][0])}`);
  else if (exact.size > 1) parts.push(`${PATH} in ${strSet([...exact])}`);
  for (const p of prefixes) parts.push(`starts_with(${PATH}, ${str(p)})`);
  return any(parts);
}

/** Exact paths only: `http.request.uri.path in {…}` (the form the Free plan's rate limiting accepts). */
export function pathIn(paths: readonly string[]): string {
  const unique = [...new Set(paths)];
  return unique.length === 1 ? `${PATH} eq ${str(unique[0])}` : `${PATH} in ${strSet(unique)}`;
}

export function methodIn(methods: readonly string[]): string {
  const unique = [...new Set(methods)];
  return unique.length === 1 ? `http.request.method eq ${str(unique[0])}` : `http.request.method in ${strSet(unique)}`;
}

/** True when the request carries any of the named cookies. */
export function hasCookie(names: readonly string[]): string {
  return any(names.map((n) => `http.cookie contains ${str(`${n}=`)}`));
}
