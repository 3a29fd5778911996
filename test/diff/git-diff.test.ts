import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffStack } from "../../scripts/diff/diff-stack";
import { diffToJson, renderDiffTable } from "../../scripts/diff/render-diff";
import { withActiveColour } from "../../scripts/deploy/stack-file";
import { UsageError } from "../../scripts/lib/errors";
import { planStack, PROJECT_ROOT } from "../../scripts/plan/plan-stack";
import type { Plan } from "../../scripts/plan/model";
import { main } from "../../scripts/cli";

/** A throwaway git repo holding the project file and the prod example stack, committed step by step. */
let repo: string;
/** The prod example's plan: every component's resources, to count what a change must leave alone. */
let prod: Plan;
const OLD_ZONE = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const SWITCHED = ["apex", "www", "app", "api"].map((k) => `tradeloft-dns-${k}`);
/** Resources whose zoneId input is the prod zone: moving the zone must replace exactly these (zoneId is part of the API URL). */
const zoneScoped = () => prod.resources.filter((r) => r.inputs.zoneId === OLD_ZONE).map((r) => r.name);
/** Account-level alerts that filter on the prod zone (the origin 5xx alert): the filter follows the move, in place. */
const zoneWatchers = () => prod.resources.filter((r) => (r.inputs.filters as { zones?: string[] } | undefined)?.zones?.includes(OLD_ZONE)).map((r) => [r.name, ["filters"]]);
const stackFile = () => path.join(repo, "stacks", "Pulumi.prod.yaml");
const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.email=ci@launch-ready.test", "-c", "user.name=launch-ready test", "-c", "commit.gpgsign=false", ...args], { cwd: repo, encoding: "utf8" });
const commit = (message: string) => {
  git("add", "-A");
  git("commit", "-q", "-m", message);
};

beforeAll(async () => {
  prod = (await planStack({ stack: "prod" })).plan;
  repo = fs.mkdtempSync(path.join(os.tmpdir(), "launch-ready-diff-"));
  git("init", "-q", "-b", "main");
  fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(repo, "Pulumi.yaml"));
  fs.mkdirSync(path.join(repo, "stacks"));
  fs.copyFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.prod.yaml"), stackFile());
  commit("prod stack");
  fs.writeFileSync(stackFile(), withActiveColour(fs.readFileSync(stackFile(), "utf8"), "green"));
  commit("deploy green");
});
afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

describe("launch-ready diff between two commits of a stack file", () => {
  it("the deploy commit flips only the switched records", async () => {
    expect(git("diff", "--numstat", "HEAD~1", "HEAD").trim()).toBe("1\t1\tstacks/Pulumi.prod.yaml");
    const diff = await diffStack({ stack: "prod", base: "HEAD~1", projectDir: repo });
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.replaced).toEqual([]);
    expect(diff.updated.map((u) => `${u.name}:${u.changedKeys.join(",")}`)).toEqual([
      "tradeloft-dns-apex:content",
      "tradeloft-dns-www:content",
      "tradeloft-dns-app:content",
      "tradeloft-dns-api:content",
    ]);
    expect(diff.changedOutputs).toEqual(["activeColour"]);
    const json = JSON.parse(diffToJson(diff));
    // Everything else the plan holds (edge, email, monitoring, the DNS component) stays as it is.
    expect(json.summary).toEqual({ added: 0, removed: 0, updated: 4, replaced: 0, unchanged: prod.resources.length - 4 });
    expect(json.updated[0]).toEqual({
      urn: expect.stringContaining("::tradeloft-dns-apex"),
      type: "cloudflare:index/dnsRecord:DnsRecord",
      name: "tradeloft-dns-apex",
      changedKeys: ["content"],
      changes: { content: { before: "203.0.113.10", after: "203.0.113.20" } },
    });
    expect(renderDiffTable(diff)).toContain('  ~ cloudflare:DnsRecord  tradeloft-dns-app  [content]\n       content: "203.0.113.10" → "203.0.113.20"\n');
  });

  it("reverting the deploy commit (the CI rollback) flips them back and nothing else", async () => {
    git("revert", "--no-edit", "HEAD");
    try {
      const diff = await diffStack({ stack: "prod", base: "HEAD~1", projectDir: repo });
      expect(diff.updated.map((u) => u.name)).toEqual(["tradeloft-dns-apex", "tradeloft-dns-www", "tradeloft-dns-app", "tradeloft-dns-api"]);
      expect(diff.added.length + diff.removed.length + diff.replaced.length).toBe(0);
      const againstFirst = await diffStack({ stack: "prod", base: "HEAD~2", projectDir: repo });
      expect(againstFirst.updated.length + againstFirst.added.length + againstFirst.removed.length + againstFirst.replaced.length).toBe(0);
    } finally {
      git("reset", "-q", "--hard", "HEAD~1");
    }
  });

  it("moving the zone and switching to the load balancer shows replacements, additions and removals", async () => {
    const text = fs.readFileSync(stackFile(), "utf8");
    fs.writeFileSync(stackFile(), text.replace("zoneId: 9f8e7d6c5b4a39281706f5e4d3c2b1a0", "zoneId: 0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a").replace("backend: dns", "backend: load-balancer"));
    commit("move zone, load balancer");
    try {
      const diff = await diffStack({ stack: "prod", base: "HEAD~1", projectDir: repo });
      expect(diff.removed.map((r) => r.name)).toEqual(["tradeloft-dns-apex", "tradeloft-dns-www", "tradeloft-dns-app", "tradeloft-dns-api"]);
      expect(diff.added.map((r) => r.name)).toEqual([
        "tradeloft-switch",
        "tradeloft-switch-monitor",
        "tradeloft-switch-pool-blue",
        "tradeloft-switch-pool-green",
        "tradeloft-switch-apex",
        "tradeloft-switch-www",
        "tradeloft-switch-app",
        "tradeloft-switch-api",
      ]);
      // The host records are removed (the load balancers own the names); every other zone-scoped resource is replaced, for zoneId alone.
      expect(diff.replaced.map((r) => [r.name, r.changedKeys, r.replaceKeys.map((k) => k.key)])).toEqual(
        zoneScoped()
          .filter((n) => !SWITCHED.includes(n))
          .map((n) => [n, ["zoneId"], ["zoneId"]]),
      );
      expect(diff.updated.map((u) => [u.name, u.changedKeys])).toEqual(zoneWatchers());
    } finally {
      git("reset", "-q", "--hard", "HEAD~1");
    }
    fs.writeFileSync(stackFile(), fs.readFileSync(stackFile(), "utf8").replace("zoneId: 9f8e7d6c5b4a39281706f5e4d3c2b1a0", "zoneId: 0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a"));
    commit("move zone");
    try {
      const diff = await diffStack({ stack: "prod", base: "HEAD~1", projectDir: repo });
      expect(zoneWatchers()).toEqual([["tradeloft-error-rate-origin-5xx", ["filters"]]]);
      expect(diff.updated.map((u) => [u.name, u.changedKeys])).toEqual(zoneWatchers());
      const replaced = zoneScoped();
      expect(replaced).toEqual(expect.arrayContaining(SWITCHED));
      expect(diff.replaced.map((r) => [r.name, r.changedKeys, r.replaceKeys.map((k) => k.key)])).toEqual(replaced.map((n) => [n, ["zoneId"], ["zoneId"]]));
      expect(diff.replaced[0].replaceKeys[0].why).toMatch(/cannot move between zones/);
      expect(renderDiffTable(diff)).toContain(`0 to add, 1 to update, ${replaced.length} to replace, 0 to delete, ${prod.resources.length - replaced.length - 1} unchanged`);
    } finally {
      git("reset", "-q", "--hard", "HEAD~1");
    }
  });

  it("never shows a secret value, whatever the environment supplies", async () => {
    const canary = ["canary", "db", "url", String(Date.now())].join("-");
    const diff = await diffStack({ stack: "prod", base: "HEAD~1", projectDir: repo, env: { LAUNCH_READY_SECRET_DATABASE_URL: `postgres://app:${canary}@db.internal/app` } });
    expect(diff.updated.length).toBe(4);
    expect(diffToJson(diff)).not.toContain(canary);
    expect(renderDiffTable(diff)).not.toContain(canary);
  });

  it("names a bad revision and a stack file that did not exist yet", async () => {
    await expect(diffStack({ stack: "prod", base: "no-such-branch", projectDir: repo })).rejects.toThrow(
      new UsageError("--base no-such-branch: no such commit, tag or branch in this repository (try `git log --oneline -- stacks/Pulumi.prod.yaml`)"),
    );
    fs.copyFileSync(stackFile(), path.join(repo, "stacks", "Pulumi.qa.yaml"));
    commit("qa stack");
    try {
      await expect(diffStack({ stack: "qa", base: "HEAD~1", projectDir: repo })).rejects.toThrow(/stacks\/Pulumi\.qa\.yaml does not exist at HEAD~1/);
    } finally {
      git("reset", "-q", "--hard", "HEAD~1");
    }
  });

  it("exits 2 from the command line for a bad revision", async () => {
    const stderr: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((s: string) => (stderr.push(String(s)), true)) as typeof process.stderr.write;
    try {
      expect(await main(["diff", "--stack", "prod", "--base", "no-such-ref-anywhere"])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(stderr.join("")).toContain("--base no-such-ref-anywhere: no such commit");
  });
});
