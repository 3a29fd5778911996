import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { fakeSecrets } from "../../test/secrets/fake-secrets";
import { runScanSecrets } from "../commands/scan-secrets";
import { UsageError } from "../lib/errors";
import { scanGitHistory, scanPaths } from "./scan";

const secrets = fakeSecrets("3");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "lr-git-"));
  dirs.push(d);
  return d;
}

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-C", dir, "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args], { encoding: "utf8" }).trim();
}

/** A repository whose second commit added a key and whose third removed it again. */
function repoWithRemovedSecret(): { dir: string; introducedIn: string } {
  const dir = tempDir();
  git(dir, "init", "-q", "-b", "main");
  fs.writeFileSync(path.join(dir, "config.ts"), "export const apiUrl = 'https://api.example.com';\n");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "start");
  fs.appendFileSync(path.join(dir, "config.ts"), `export const region = "us-east-1";\n${secrets.stripeLiveKey.line}\n`);
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "add payments");
  const introducedIn = git(dir, "rev-parse", "HEAD");
  fs.writeFileSync(path.join(dir, "config.ts"), "export const apiUrl = 'https://api.example.com';\nexport const stripe = process.env.STRIPE_SECRET_KEY;\n");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "move the key server-side");
  return { dir, introducedIn };
}

describe("scanPaths inside a git work tree", () => {
  it("scans what git would commit; a named ignored folder in full; everything with includeIgnored", async () => {
    const dir = tempDir();
    git(dir, "init", "-q", "-b", "main");
    fs.writeFileSync(path.join(dir, ".gitignore"), ".env\ndist/\n");
    fs.writeFileSync(path.join(dir, ".env"), `${secrets.postgresUrl.line}\n`);
    fs.mkdirSync(path.join(dir, "dist"));
    fs.writeFileSync(path.join(dir, "dist", "app.js"), `${secrets.stripeLiveKey.line}\n`);
    fs.writeFileSync(path.join(dir, "index.ts"), "export const ok = 1;\n");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "start");
    fs.writeFileSync(path.join(dir, "untracked.ts"), `${secrets.githubToken.line}\n`);

    const committed = await scanPaths([dir]);
    expect(committed.hits.map((h) => [h.kind, path.relative(dir, h.source)])).toEqual([["GitHub token", "untracked.ts"]]);
    expect(committed.scanned).toEqual({ repo: 3, bundle: 0 });

    const bundle = await scanPaths([path.join(dir, "dist")]);
    expect(bundle.hits.map((h) => [h.kind, path.relative(dir, h.source), h.origin])).toEqual([["Stripe live secret key", "dist/app.js", "bundle"]]);

    const everything = await scanPaths([dir], { includeIgnored: true });
    expect(everything.hits.map((h) => path.relative(dir, h.source)).sort()).toEqual([".env", "dist/app.js", "untracked.ts"]);
  });
});

describe("scanGitHistory", () => {
  it("finds a secret that was committed and later removed, at the commit that added it", async () => {
    const { dir, introducedIn } = repoWithRemovedSecret();
    expect((await scanPaths([dir])).hits).toEqual([]); // the working tree is clean
    const result = await scanGitHistory(dir);
    expect(result.commits).toBe(3);
    expect(result.hits.map((h) => [h.kind, h.source, h.line, h.origin])).toEqual([["Stripe live secret key", `${introducedIn.slice(0, 12)}:config.ts`, 3, "history"]]);
    expect(JSON.stringify(result)).not.toContain(secrets.stripeLiveKey.value);
  });

  it("finds a secret only on another branch", async () => {
    const { dir } = repoWithRemovedSecret();
    git(dir, "checkout", "-q", "-b", "feature");
    fs.writeFileSync(path.join(dir, ".env"), `${secrets.postgresUrl.line}\n`);
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "oops");
    git(dir, "checkout", "-q", "main");
    const kinds = (await scanGitHistory(dir)).hits.map((h) => h.kind).sort();
    expect(kinds).toEqual(["PostgreSQL connection URL with a password", "Stripe live secret key"]);
  });

  it("keeps file and line right when an added line itself starts with \"++ \"", async () => {
    const dir = tempDir();
    git(dir, "init", "-q", "-b", "main");
    fs.writeFileSync(path.join(dir, "notes.md"), `# notes\n++ b/other.ts\n${secrets.redisUrl.line}\n`);
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "notes");
    const sha = git(dir, "rev-parse", "HEAD").slice(0, 12);
    expect((await scanGitHistory(dir)).hits.map((h) => [h.kind, h.source, h.line])).toEqual([["redis connection URL with a password", `${sha}:notes.md`, 3]]);
  });

  it("passes a repository whose history is clean", async () => {
    const dir = tempDir();
    git(dir, "init", "-q", "-b", "main");
    fs.writeFileSync(path.join(dir, "a.ts"), "export const a = 1;\n");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "a");
    expect(await scanGitHistory(dir)).toEqual({ hits: [], commits: 1, truncated: false });
  });

  it("reads at most maxBytes of the log, newest first, and says so", async () => {
    const { dir } = repoWithRemovedSecret();
    const result = await scanGitHistory(dir, { maxBytes: 200 });
    expect([result.truncated, result.commits, result.hits]).toEqual([true, 1, []]);
  });

  it("refuses a folder that is not a git repository", async () => {
    const dir = tempDir();
    await expect(scanGitHistory(dir)).rejects.toThrow(new UsageError(`--git-history: "${dir}" is not inside a git repository (run it on a clone, or drop --git-history)`));
  });

  it("makes the command fail with a secrets-in-repo finding on the history only", async () => {
    const { dir, introducedIn } = repoWithRemovedSecret();
    let out = "";
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
    let code: number;
    try {
      code = await runScanSecrets([dir], { format: "json", gitHistory: true });
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(1);
    const findings = JSON.parse(out).findings as { id: string; status: string; message: string; target: string }[];
    expect(findings.map((f) => [f.id, f.status, f.message])).toEqual([
      ["secrets-in-repo", "pass", `no secrets found in 1 file(s) (${dir})`],
      ["secrets-in-repo", "fail", `Stripe live secret key in ${introducedIn.slice(0, 12)}:config.ts:3:28 (git history)`],
    ]);
    expect(out).not.toContain(secrets.stripeLiveKey.value);
  });
});
