import type { LiveCheck, VerifyContext } from "../check";
import { finding } from "../check";
import type { BundleFile } from "../bundle-scanner";
import { cookieHeader } from "../sessions";

const MAX_FILES = 40;
const SCRIPT_SRC = /<script\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)[^>]*>/gi;
const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;
const SOURCE_MAP = /\/[/*][#@]\s*sourceMappingURL\s*=\s*(\S+?)(?:\s*\*\/)?\s*$/m;

/** The pages' scripts, inline scripts and source maps, from the target's origin only. */
export async function collectBundle(ctx: VerifyContext): Promise<{ files: BundleFile[]; skipped: string[] }> {
  const { target, http } = ctx;
  const pages: { path: string; cookie?: string }[] = [...target.routes.public.slice(0, 3), target.routes.loginPage].map((path) => ({ path }));
  const account = ctx.sessions.accountNames()[0];
  const app = target.routes.protected.find((r) => !r.startsWith("/api"));
  if (account && app) {
    const session = await ctx.sessions.get(account).catch(() => undefined);
    if (session) pages.push({ path: app, cookie: cookieHeader(session) });
  }
  const files: BundleFile[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  const add = async (url: string, cookie?: string) => {
    if (seen.has(url) || files.length >= MAX_FILES) return;
    seen.add(url);
    if (url.startsWith("data:")) {
      const comma = url.indexOf(",");
      const data = url.slice(comma + 1);
      files.push({ url: `${target.origin}/(inline source map)`, text: /;base64,/.test(url.slice(0, comma + 1)) ? Buffer.from(data, "base64").toString("utf8") : decodeURIComponent(data) });
      return;
    }
    if (!http.isAllowed(url)) {
      skipped.push(url);
      return;
    }
    const res = await http.send(url, { cookie });
    if (res.status !== 200) return;
    files.push({ url: res.url, text: res.body });
    if (url.endsWith(".map")) return;
    const map = res.headers.sourcemap ?? res.headers["x-sourcemap"] ?? SOURCE_MAP.exec(res.body)?.[1];
    if (map) await add(map.startsWith("data:") ? map : new URL(map, res.url).href, cookie);
  };
  for (const page of pages) {
    const res = await http.send(page.path, { cookie: page.cookie });
    if (res.status !== 200 || !/html/i.test(res.headers["content-type"] ?? "")) continue;
    let m: RegExpExecArray | null;
    INLINE_SCRIPT.lastIndex = 0;
    let inline = 0;
    while ((m = INLINE_SCRIPT.exec(res.body)) && files.length < MAX_FILES) {
      if (m[1].trim()) files.push({ url: `${res.url}#inline-script-${++inline}`, text: m[1] });
    }
    SCRIPT_SRC.lastIndex = 0;
    const srcs: string[] = [];
    while ((m = SCRIPT_SRC.exec(res.body))) srcs.push(new URL(m[1].replace(/&amp;/g, "&"), res.url).href);
    for (const src of srcs) await add(src, page.cookie);
  }
  return { files, skipped };
}

/** The page's scripts and source maps contain no credentials. */
export const secretsInBundleCheck: LiveCheck = {
  id: "secrets-in-bundle",
  title: "no credentials in scripts or source maps",
  async run(ctx) {
    const { files, skipped } = await collectBundle(ctx);
    const note = skipped.length ? `; ${skipped.length} script(s) on other origins not fetched (only ${ctx.target.origin} is contacted)` : "";
    if (files.length === 0) return [finding("secrets-in-bundle", "skip", { message: `no same-origin scripts found on the public, login and portal pages${note}`, target: ctx.target.origin })];
    const found = await ctx.scanBundle(files);
    if (found.length > 0) return found;
    return [
      finding("secrets-in-bundle", "pass", {
        message: `no credentials in ${files.length} script(s) and source map(s)`,
        target: ctx.target.origin,
        evidence: `${files.map((f) => new URL(f.url).pathname + (new URL(f.url).hash || "")).join(", ")}${note}`,
      }),
    ];
  },
};
