/**
 * Just enough of Cloudflare's Rules language to read which paths and hosts
 * an expression targets. The pack does not evaluate expressions; it reads
 * their string literals, which is how every rule names a path or a host.
 */

/** Fields an expression reads, e.g. `http.request.uri.path`, `ip.src`. */
export function fieldsOf(expression: string): string[] {
  const withoutStrings = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const fields = withoutStrings.match(/\b(?:http|ip|cf|ssl|raw)\.[a-z0-9_.]+/g) ?? [];
  return [...new Set(fields)];
}

/** String literals of an expression, unescaped. */
export function literalsOf(expression: string): string[] {
  return [...expression.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/g, "$1"));
}

/** Path literals (`"/api/auth/login"`), without a trailing `*` or `/`. */
export function pathLiteralsOf(expression: string): string[] {
  return literalsOf(expression)
    .filter((l) => l.startsWith("/"))
    .map(trimPath);
}

/** `/admin/*` → `/admin`; `/` stays `/`. */
export function trimPath(path: string): string {
  const p = path.replace(/\*$/, "").replace(/\/+$/, "");
  return p === "" ? "/" : p;
}

/** Whether `path` is `prefix` or below it (`/api/orders` is under `/api`). */
export function isUnder(path: string, prefix: string): boolean {
  const p = trimPath(path);
  const q = trimPath(prefix);
  return q === "/" || p === q || p.startsWith(`${q}/`);
}

/** Whether the expression names `path` exactly (eq, in {...}, or a prefix match that covers it). */
export function expressionCoversPath(expression: string, path: string): boolean {
  const target = trimPath(path);
  return pathLiteralsOf(expression).some((lit) => lit === target || (lit !== "/" && isUnder(target, lit) && /starts_with|wildcard|matches/.test(expression)));
}

/**
 * The expression with every negated group (`not (...)`, `!(...)`) removed:
 * what a rule excludes is not what it matches. Literals inside strings are
 * skipped while balancing parentheses.
 */
export function withoutNegations(expression: string): string {
  let out = "";
  let i = 0;
  const negation = /^(?:not\s*|!\s*)\(/;
  while (i < expression.length) {
    const rest = expression.slice(i);
    const m = negation.exec(rest);
    const atWordStart = i === 0 || /[\s(]/.test(expression[i - 1]);
    if (m && atWordStart) {
      let depth = 0;
      let j = i + m[0].length - 1;
      for (; j < expression.length; j++) {
        const c = expression[j];
        if (c === '"') {
          // skip the string literal
          for (j++; j < expression.length && expression[j] !== '"'; j++) if (expression[j] === "\\") j++;
          continue;
        }
        if (c === "(") depth++;
        else if (c === ")" && --depth === 0) break;
      }
      out += "true";
      i = j + 1;
      continue;
    }
    if (expression[i] === '"') {
      let j = i + 1;
      for (; j < expression.length && expression[j] !== '"'; j++) if (expression[j] === "\\") j++;
      out += expression.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    out += expression[i];
    i++;
  }
  return out;
}
