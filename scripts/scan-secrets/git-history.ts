import { spawn, spawnSync } from "node:child_process";
import { MissingDependencyError, UsageError } from "../lib/errors";
import { scanText, type SecretHit } from "./text-scan";

export interface HistoryScanOptions {
  /** Look at most at this many commits (newest first, all branches and tags). @default 10_000 */
  maxCommits?: number;
  /** Read at most this much of `git log -p` (newest first); the rest is not scanned. @default 256 MiB */
  maxBytes?: number;
}

export interface HistoryScanResult {
  hits: SecretHit[];
  commits: number;
  /** True when the log was longer than maxBytes: older commits were not scanned. */
  truncated: boolean;
}

/**
 * Every line ever added in any commit of any ref, scanned per commit and
 * file. A secret that was committed and removed later is still in every
 * clone: the checklist treats it as burned, so it is reported with the commit
 * that introduced it (`<commit>:<path>`, line in that commit's version).
 */
export async function scanGitHistory(dir: string, opts: HistoryScanOptions = {}): Promise<HistoryScanResult> {
  const probe = spawnSync("git", ["-C", dir, "rev-parse", "--is-inside-work-tree"], { encoding: "utf8" });
  if (probe.error && (probe.error as NodeJS.ErrnoException).code === "ENOENT") {
    throw new MissingDependencyError("--git-history needs git on the PATH: install git (apt-get install git) and run again");
  }
  if (probe.status !== 0) throw new UsageError(`--git-history: "${dir}" is not inside a git repository (run it on a clone, or drop --git-history)`);

  // core.quotePath=false: non-ASCII file names stay readable instead of octal-escaped.
  const args = ["-C", dir, "-c", "core.quotePath=false", "log", "--all", `--max-count=${opts.maxCommits ?? 10_000}`, "-p", "--no-color", "--no-ext-diff", "--no-renames", "--unified=0", "--format=%x00%H"];
  // The log is read whole, up to maxBytes (newest commits first), then split into lines.
  const maxBytes = opts.maxBytes ?? 256 * 1024 * 1024;
  const child = spawn("git", args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdout.on("data", (d: Buffer) => {
    if (truncated) return;
    if (size + d.length > maxBytes) {
      chunks.push(d.subarray(0, maxBytes - size));
      truncated = true;
      child.kill();
      return;
    }
    chunks.push(d);
    size += d.length;
  });
  const code: number = await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (c) => resolve(c ?? 1));
  });
  if (code !== 0 && !truncated) throw new UsageError(`git log failed in "${dir}": ${stderr.trim() || `exit ${code}`}`);

  // Segments: the lines one commit added to one file.
  const segments: { commit: string; file: string; added: string[]; lineNumbers: number[] }[] = [];
  let commits = 0;
  let commit = "";
  let current: (typeof segments)[number] | undefined;
  let nextLine = 0;
  // Between "diff --git" and the first hunk: where "+++ b/path" is a header, not an added "++ …" line.
  let inHeader = false;

  for (const line of Buffer.concat(chunks).toString("utf8").split("\n")) {
    if (line.startsWith("\u0000")) {
      commit = line.slice(1).trim();
      current = undefined;
      commits++;
      inHeader = false;
    } else if (line.startsWith("diff --git ")) {
      current = undefined;
      inHeader = true;
    } else if (inHeader && line.startsWith("+++ ")) {
      const target = line.slice(4);
      current = target === "/dev/null" ? undefined : { commit, file: target.replace(/^b\//, ""), added: [], lineNumbers: [] };
      if (current) segments.push(current);
    } else if (line.startsWith("@@")) {
      inHeader = false;
      const m = /\+(\d+)/.exec(line);
      nextLine = m ? Number(m[1]) : 0;
    } else if (line.startsWith("+") && current) {
      current.added.push(line.slice(1));
      current.lineNumbers.push(nextLine++);
    }
  }

  // Newest commit first: a secret seen again in an older commit is re-attributed to it.
  const byKey = new Map<string, SecretHit>();
  for (const seg of segments) {
    if (seg.added.length === 0) continue;
    for (const hit of await scanText(seg.added.join("\n"), `${seg.commit.slice(0, 12)}:${seg.file}`, { origin: "history" })) {
      hit.line = seg.lineNumbers[hit.line - 1] ?? 0;
      byKey.set(`${hit.fingerprint}\u0000${seg.file}`, hit);
    }
  }
  return { hits: [...byKey.values()], commits, truncated };
}
