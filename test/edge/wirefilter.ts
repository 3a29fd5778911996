/**
 * Cloudflare Rules language checks with Cloudflare's own engine: firewalker
 * ships a build of wirefilter (the Rust parser behind Cloudflare's rules
 * engine) with the HTTP field scheme and the standard functions
 * (starts_with, ends_with, lower, …). Parsing an expression here is the same
 * grammar and type-checking the API applies. Its scheme predates a few
 * fields we use; those are added with their Cloudflare types below.
 */
import { Firewall } from "firewalker";
import { WIREFILTER_TYPE_INT, wirefilter_externally_allocated_str_t } from "firewalker/dist/wirefilter";

// Fields missing from firewalker's scheme, with the types Cloudflare documents.
const EXTRA_INT_FIELDS = [
  // Response fields are only valid in counting expressions of rate-limit rules.
  "http.response.code",
];

let firewall: Firewall | undefined;

function engine(): Firewall {
  if (firewall) return firewall;
  const fw = new Firewall();
  const internals = fw as unknown as { wirefilter: { wirefilter_add_type_field_to_scheme(s: unknown, n: unknown, t: unknown): boolean }; scheme: unknown };
  for (const name of EXTRA_INT_FIELDS) {
    const str = new wirefilter_externally_allocated_str_t();
    str.data = name;
    str.length = name.length;
    if (!internals.wirefilter.wirefilter_add_type_field_to_scheme(internals.scheme, str, WIREFILTER_TYPE_INT)) {
      throw new Error(`wirefilter refused the field ${name}`);
    }
  }
  firewall = fw;
  return fw;
}

/** Parses and compiles a filter expression; returns the engine's error text, or undefined when valid. */
export function wirefilterError(expression: string): string | undefined {
  // `true` alone is the API's expression for "every request" (managed ruleset
  // deployments); this engine build predates boolean literals.
  if (expression === "true") return undefined;
  try {
    engine().createRule(expression);
    return undefined;
  } catch (e) {
    // The binding reads a few bytes past the engine's message; keep the readable part.
    return (e as Error).message.replace(/[\uFFFD\u0000-\u0008\u000E-\u001F].*$/s, "").trimEnd();
  }
}

/**
 * Redirect targets are value expressions (`concat("https://host", field)`),
 * and the engine build has no `concat`. The target is split into its literal
 * and its field; the field is proved to exist as a string by parsing
 * `<field> eq ""` with the engine, the literal must be an https origin.
 */
export function redirectTargetError(expression: string): string | undefined {
  const m = /^concat\("(https:\/\/[a-z0-9.-]+)", ([a-z0-9_.]+)\)$/.exec(expression);
  if (!m) return `not of the form concat("https://host", field): ${expression}`;
  return wirefilterError(`${m[2]} eq ""`);
}
