import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { MissingDependencyError, UsageError } from "../lib/errors";

/**
 * A file as it is at a git revision (`git show REF:./path`), read from the
 * repository that holds `dir`. Errors name the ref and the file.
 */
export function readFileAtRevision(dir: string, ref: string, file: string): string {
  if (!/^[^\s-][^\s]*$/.test(ref)) throw new UsageError(`--base "${ref}" is not a git revision: use a commit, tag or branch such as HEAD~1 or main`);
  const rel = path.relative(dir, file).split(path.sep).join("/");
  const git = (args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 16 * 1024 * 1024 });
  try {
    // One git process on the happy path; the diagnosis below runs only when it fails.
    return git(["show", `${ref}:./${rel}`]);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new MissingDependencyError("diff needs git on PATH to read the stack file at --base (install git: apt-get install git)");
  }
  try {
    git(["rev-parse", "--is-inside-work-tree"]);
  } catch {
    throw new UsageError(`${dir} is not inside a git repository: diff --base reads the stack file from git history`);
  }
  try {
    git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new UsageError(`--base ${ref}: no such commit, tag or branch in this repository (try \`git log --oneline -- ${rel}\`)`);
  }
  throw new UsageError(`${rel} does not exist at ${ref}: the stack was added later, so there is nothing to compare (every resource would be new)`);
}
