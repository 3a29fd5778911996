import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import ignore, { type Ignore } from "ignore";
import { UsageError } from "../lib/errors";
import { scanScript, scanSourceMap } from "./source-map";
import { scanText, type HitOrigin, type SecretHit } from "./text-scan";

/** Folders never worth scanning: installed packages and VCS internals. */
const SKIP_DIRS = new Set(["node_modules", ".git", ".hg", ".svn"]);
/** Folder names where build tools put what the browser downloads. */
const BUILD_DIRS = new Set([".next", ".nuxt", ".output", ".svelte-kit", ".vercel", ".netlify", "_next", "dist", "build", "out", "public", "static", "assets", "www", "storybook-static"]);
const WEB_EXTENSIONS = new Set([".js", ".mjs", ".cjs", ".css", ".html", ".htm", ".json", ".txt", ".map"]);
/** gitignore-syntax file, read at each scanned root (the name secretlint uses). */
export const IGNORE_FILE = ".secretlintignore";

export interface PathScanOptions {
  /** Files larger than this are skipped (noted). @default 5 MB */
  maxFileBytes?: number;
  /** Stop after this many files (noted). @default 50_000 */
  maxFiles?: number;
  /** Also scan files git ignores (a local .env, build folders inside a named root). @default false */
  includeIgnored?: boolean;
}

export interface SkippedItem {
  /** Path or URL. */
  item: string;
  reason: string;
}

export interface PathScanResult {
  hits: SecretHit[];
  /** Files scanned, by origin (repo or bundle). */
  scanned: { repo: number; bundle: number };
  skipped: SkippedItem[];
}

/**
 * Whether a file is build output (what a browser downloads) or source. Source
 * maps always are; scripts, styles and pages are when they sit under a build
 * folder (dist/, build/, .next/, public/ …) or are minified.
 */
export function originOfFile(displayPath: string, content?: string): HitOrigin {
  const ext = path.extname(displayPath).toLowerCase();
  if (ext === ".map") return "bundle";
  if (!WEB_EXTENSIONS.has(ext)) return "repo";
  const segments = displayPath.split(/[\\/]/).slice(0, -1);
  if (segments.some((s) => BUILD_DIRS.has(s))) return "bundle";
  if (content && (ext === ".js" || ext === ".mjs" || ext === ".cjs") && (/\/\/# sourceMappingURL=/.test(content) || content.split("\n", 5).some((l) => l.length > 1000))) {
    return "bundle";
  }
  return "repo";
}

/**
 * Scans files and folders: a repository's working tree, a build output
 * folder, or both. Inside a git work tree a folder means what git would
 * commit (tracked and untracked files, minus what .gitignore excludes: a
 * developer's local `.env` is not "in the repository"); a folder git ignores
 * as a whole (`dist/`) is scanned in full when named. Elsewhere folders are
 * walked without following symlinks, skipping node_modules and VCS folders.
 * `.secretlintignore` applies either way. Missing paths are reported
 * together (exit 2).
 */
export async function scanPaths(paths: string[], opts: PathScanOptions = {}): Promise<PathScanResult> {
  const maxFileBytes = opts.maxFileBytes ?? 5 * 1024 * 1024;
  const maxFiles = opts.maxFiles ?? 50_000;
  const missing = paths.filter((p) => !fs.existsSync(p));
  if (missing.length) throw new UsageError(`cannot scan ${missing.map((p) => `"${p}"`).join(", ")}: no such file or folder`);

  const result: PathScanResult = { hits: [], scanned: { repo: 0, bundle: 0 }, skipped: [] };
  let count = 0;
  for (const root of paths) {
    const stat = fs.statSync(root);
    const rules = stat.isDirectory() ? readIgnoreFile(root) : undefined;
    const files = stat.isDirectory() ? listFiles(root, rules, opts.includeIgnored ?? false) : [root];
    for (const file of files) {
      if (++count > maxFiles) {
        result.skipped.push({ item: file, reason: `more than ${maxFiles} files: the rest were not scanned` });
        break;
      }
      await scanOneFile(file, maxFileBytes, result);
    }
  }
  return result;
}

async function scanOneFile(file: string, maxFileBytes: number, result: PathScanResult): Promise<void> {
  // Shown as the user gave the root (relative stays relative), never resolved elsewhere.
  const display = path.normalize(file);
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    result.skipped.push({ item: display, reason: `unreadable (${(e as NodeJS.ErrnoException).code ?? "error"})` });
    return;
  }
  if (size > maxFileBytes) {
    result.skipped.push({ item: display, reason: `larger than ${Math.round(maxFileBytes / 1024 / 1024)} MB` });
    return;
  }
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch (e) {
    result.skipped.push({ item: display, reason: `unreadable (${(e as NodeJS.ErrnoException).code ?? "error"})` });
    return;
  }
  // A NUL byte early on means binary (images, fonts, archives): nothing a text rule can read.
  if (buffer.subarray(0, 8000).includes(0)) return;
  const text = buffer.toString("utf8");
  const origin = originOfFile(display, text);
  result.scanned[origin === "bundle" ? "bundle" : "repo"]++;
  const ext = path.extname(file).toLowerCase();
  if (ext === ".map") result.hits.push(...(await scanSourceMap(text, display, origin)));
  else if (ext === ".js" || ext === ".mjs" || ext === ".cjs") result.hits.push(...(await scanScript(text, display, origin)));
  else result.hits.push(...(await scanText(text, display, { origin })));
}

function listFiles(root: string, rules: Ignore | undefined, includeIgnored: boolean): string[] {
  const fromGit = includeIgnored ? undefined : gitFiles(root);
  if (!fromGit || fromGit.length === 0) return walk(root, rules);
  return fromGit.filter((rel) => !rules?.ignores(rel)).map((rel) => path.join(root, rel)).filter((f) => fs.existsSync(f) && fs.lstatSync(f).isFile());
}

/** What git would commit under `root` (relative paths), or undefined outside a work tree or without git. */
function gitFiles(root: string): string[] | undefined {
  const r = spawnSync("git", ["-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  if (r.error || r.status !== 0) return undefined;
  return r.stdout.split("\0").filter(Boolean).sort();
}

function readIgnoreFile(root: string): Ignore | undefined {
  const file = path.join(root, IGNORE_FILE);
  if (!fs.existsSync(file)) return undefined;
  return ignore().add(fs.readFileSync(file, "utf8"));
}

/** Files under `root`, depth-first, in a stable order. */
function walk(root: string, rules: Ignore | undefined): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join("/");
      if (entry.isDirectory()) {
        if (SKIP_DIRS.has(entry.name) || rules?.ignores(`${rel}/`)) continue;
        visit(full);
      } else if (entry.isFile()) {
        if (rules?.ignores(rel)) continue;
        out.push(full);
      }
    }
  };
  visit(root);
  return out;
}
