import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { POLICIES } from "../../policies/all";
import { readPackConfigFile } from "../../scripts/check/pack-config";
import { runCheck } from "../../scripts/check/run-check";

/**
 * The corpus of standalone programs under test/fixtures/policy-programs: each
 * seeds one flaw, and `check --project` must catch exactly it (a flaw may
 * break two rules, e.g. camelCase HSTS keys are both wrong keys and no HSTS).
 */
const ROOT = path.resolve(__dirname, "../fixtures/policy-programs");
const EXPECTED: Record<string, string[]> = {
  clean: [],
  "admin-without-mfa": ["cloudflare-access-application-admin-mfa"],
  "alarm-wrong-region": ["aws-cloudwatch-metric-alarm-route53-region"],
  "always-use-https-off": ["cloudflare-zone-always-use-https"],
  "caa-other-ca": ["cloudflare-dns-record-caa-allowed"],
  "cache-api": ["cloudflare-ruleset-cache-private"],
  "dkim-proxied": ["cloudflare-dns-record-mail-not-proxied"],
  "dmarc-none": ["cloudflare-dns-record-dmarc-policy"],
  "duplicate-spf": ["cloudflare-dns-record-spf-single"],
  "ecs-plaintext-secret": ["aws-ecs-task-definition-no-plaintext-secrets"],
  "grey-clouded-api": ["cloudflare-dns-record-portal-proxied"],
  "health-check-no-alert": ["pulumi-stack-alert-targets"],
  "hsts-camel-case": ["cloudflare-zone-hsts", "cloudflare-zone-setting-snake-case"],
  "iam-wildcard-secret-read": ["aws-iam-policy-secret-access-scoped"],
  "lambda-plaintext-secret": ["aws-lambda-function-no-plaintext-secrets"],
  "lb-without-fallback": ["cloudflare-load-balancer-fallback"],
  "missing-dmarc": ["pulumi-stack-email-records"],
  "missing-rate-limit": ["cloudflare-ruleset-rate-limit-coverage"],
  "missing-zone-setting": ["cloudflare-zone-setting-baseline"],
  "no-blue-green-switch": ["pulumi-stack-blue-green-switch"],
  "no-managed-waf": ["cloudflare-ruleset-managed-waf"],
  "no-uptime-check": ["pulumi-stack-uptime-checks"],
  "pages-public-secret": ["cloudflare-pages-project-no-plaintext-secrets"],
  "pool-without-monitor": ["cloudflare-load-balancer-pool-monitor"],
  "rate-limit-no-colo": ["cloudflare-ruleset-rate-limit-plan"],
  "secret-aws-managed-key": ["aws-secretsmanager-secret-cmk"],
  "spf-plus-all": ["cloudflare-dns-record-spf-qualifier"],
  "ssl-flexible": ["cloudflare-zone-ssl-strict"],
  "tls-1-0": ["cloudflare-zone-min-tls"],
  "two-rulesets-one-phase": ["cloudflare-ruleset-single-per-phase"],
  "worker-plaintext-secret": ["cloudflare-workers-script-no-plaintext-secrets"],
};

export function fixtureNames(): string[] {
  return fs
    .readdirSync(ROOT)
    .filter((n) => !n.startsWith("_") && fs.statSync(path.join(ROOT, n)).isDirectory())
    .sort();
}

function packConfigOf(name: string) {
  const file = path.join(ROOT, name, "policy-config.json");
  return fs.existsSync(file) ? readPackConfigFile(file) : undefined;
}

describe("the fixture corpus", () => {
  it("lists every fixture folder, and every policy is caught by at least one fixture", () => {
    expect(fixtureNames()).toEqual(Object.keys(EXPECTED).sort());
    const caught = new Set(Object.values(EXPECTED).flat());
    expect(POLICIES.map((p) => p.name).filter((n) => !caught.has(n))).toEqual([]);
  });

  it.each(Object.entries(EXPECTED))("%s: check --project finds exactly its seeded flaw", async (name, expected) => {
    const result = await runCheck({ projectDir: path.join(ROOT, name), stack: "ci", packConfig: packConfigOf(name) });
    expect(result.plan.project).toBe(`fixture-${name}`);
    expect(result.plan.resources.length).toBeGreaterThan(4);
    const failed = [...new Set(result.findings.filter((f) => f.status === "fail" && f.mandatory).map((f) => f.id))].sort();
    expect(failed).toEqual(expected);
    // The values a fixture plants are never copied into a finding.
    expect(JSON.stringify(result.findings)).not.toMatch(/fixture-password|placeholder-not-a-real-key/);
  });
});

describe("program shapes the nodejs host accepts", () => {
  it.each([
    ["clean", "module exports", { appHost: "app.example.com" }],
    ["lambda-plaintext-secret", "an async default-export function", { handler: "index.handler" }],
    ["ecs-plaintext-secret", "an `export =` function", { family: "portal-api" }],
  ])("%s: %s becomes the stack outputs", async (name, _shape, outputs) => {
    const result = await runCheck({ projectDir: path.join(ROOT, name), stack: "ci", packConfig: packConfigOf(name) });
    expect(result.plan.outputs).toEqual(outputs);
  });
});

describe("launch-ready check --project (the command line)", () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [path.resolve(__dirname, "../../scripts/bin/launch-ready.cjs"), ...args], { encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1" } });

  it("exits 1 on a mandatory violation and writes SARIF for code scanning", () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lr-check-")), "check.sarif");
    const r = cli(["check", "--project", path.join(ROOT, "ssl-flexible"), "--stack", "ci", "--format", "sarif", "--output", out]);
    expect(r.status).toBe(1);
    const sarif = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(sarif.runs[0].results.map((x: { ruleId: string; level: string }) => [x.ruleId, x.level])).toEqual([["cloudflare-zone-ssl-strict", "error"]]);
  });

  it("exits 0 when the only violation is made advisory by --pack-config", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lr-check-"));
    fs.writeFileSync(path.join(dir, "policy.json"), JSON.stringify({ "cloudflare-zone-ssl-strict": "advisory" }));
    const r = cli(["check", "--project", path.join(ROOT, "ssl-flexible"), "--stack", "ci", "--pack-config", path.join(dir, "policy.json"), "--format", "junit"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('<testcase classname="edge-tls" name="cloudflare-zone-ssl-strict cloudflare:index/zoneSetting:ZoneSetting::ssl">');
    expect(r.stdout).toContain("<system-out>fail: ZoneSetting &quot;ssl&quot; must be &quot;strict&quot;");
  });

  it("exits 2 when the program fails to load, and 3 when the project has no @pulumi/pulumi installed", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lr-broken-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: broken\nruntime: nodejs\nmain: index.ts\n");
    fs.writeFileSync(path.join(dir, "Pulumi.ci.yaml"), "config: {}\n");
    fs.writeFileSync(path.join(dir, "index.ts"), 'import * as x from "@pulumi/not-installed";\nexport const y = x;\n');
    const noSdk = cli(["check", "--project", dir, "--stack", "ci"]);
    expect(noSdk.status).toBe(3);
    expect(noSdk.stderr).toContain("cannot load @pulumi/pulumi: install the project's dependencies first");
    fs.symlinkSync(path.resolve(__dirname, "../../node_modules"), path.join(dir, "node_modules"), "dir");
    const broken = cli(["check", "--project", dir, "--stack", "ci"]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/index\.ts failed: Cannot find module '@pulumi\/not-installed'\n$/);
  });

  it("exits 2 with every problem of a bad --pack-config, and on an unknown stack", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lr-check-"));
    fs.writeFileSync(path.join(dir, "policy.json"), JSON.stringify({ "cloudflare-zone-min-tls": { minimumVersion: "1.1" }, all: "sometimes" }));
    const bad = cli(["check", "--project", path.join(ROOT, "clean"), "--stack", "ci", "--pack-config", path.join(dir, "policy.json")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('all: enforcementLevel "sometimes" is not one of advisory, mandatory, remediate, disabled');
    expect(bad.stderr).toContain('cloudflare-zone-min-tls.minimumVersion = "1.1": must be one of 1.2, 1.3');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const noStack = cli(["check", "--project", path.join(ROOT, "clean"), "--stack", "prod"]);
    expect(noStack.status).toBe(2);
    expect(noStack.stderr).toContain("no stack file for --stack prod");
  });
});
