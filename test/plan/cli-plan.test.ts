import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../scripts/cli";

/** Runs the command line in-process and captures what it prints. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => ((stderr += String(chunk)), true));
  const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void (stdout += `${a.join(" ")}\n`));
  const warn = vi.spyOn(console, "warn").mockImplementation((...a: unknown[]) => void (stderr += `${a.join(" ")}\n`));
  const error = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void (stderr += `${a.join(" ")}\n`));
  process.exitCode = undefined;
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    for (const spy of [out, err, log, warn, error]) spy.mockRestore();
    process.exitCode = undefined;
  }
}

describe("launch-ready plan", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("prints the dev stack's resource tree, summary, notes and scorecard", async () => {
    const { code, stdout, stderr } = await cli(["plan", "--stack", "dev"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("launch-ready / dev\n");
    expect(stdout).toMatch(/cloudflare:DnsRecord {2}tradeloft-dns-app {2}type=A name=app\.tradeloft\.test content=192\.0\.2\.10 proxied=true/);
    expect(stdout).toMatch(/\d+ resources to create \(\d+ components\):/);
    expect(stdout).toContain(
      "launch-ready:databaseUrl: not set in the stack file yet (`pulumi config set --secret databaseUrl … --stack dev` before `pulumi up`); using a placeholder marked secret (set $LAUNCH_READY_SECRET_DATABASE_URL to plan with a real value)",
    );
    expect(stdout).toContain("Scorecard — launch-ready plan --stack dev");
  });

  it("writes the CLI.md plan JSON", async () => {
    const { code, stdout } = await cli(["plan", "--stack", "prod", "--format", "json"]);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(Object.keys(plan)).toEqual(["stack", "project", "resources", "outputs", "findings", "notes"]);
    expect(plan.stack).toBe("prod");
    expect(plan.project).toBe("launch-ready");
    const app = plan.resources.find((r: { name: string }) => r.name === "tradeloft-dns-app");
    expect(app).toMatchObject({
      type: "cloudflare:index/dnsRecord:DnsRecord",
      parent: "urn:pulumi:prod::launch-ready::launch-ready:edge:PortalDns::tradeloft-dns",
      dependencies: expect.any(Array),
      inputs: { name: "app.example.com", type: "A", proxied: true, ttl: 1 },
    });
    expect(plan.outputs.appUrl).toBe("https://app.example.com");
  });

  it("writes the report to --output and says so on stderr", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lr-")), "out", "plan.json");
    const { code, stdout, stderr } = await cli(["plan", "--stack", "staging", "--format", "json", "--output", file]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toBe(`wrote ${file}\n`);
    expect(JSON.parse(fs.readFileSync(file, "utf8")).stack).toBe("staging");
  });

  it("never prints a secret set in config: canary in table, JSON and logs", async () => {
    const canaries = {
      // Assembled so the repo itself never holds a credential-shaped string.
      LAUNCH_READY_SECRET_DATABASE_URL: ["postgres://app", "canary-db-5f1e@db.internal/app"].join(":"),
      LAUNCH_READY_SECRET_STRIPE_SECRET_KEY: "canary-stripe-91ab77",
      LAUNCH_READY_SECRET_STRIPE_WEBHOOK_SECRET: "canary-webhook-c0ffee",
    };
    for (const [k, v] of Object.entries(canaries)) vi.stubEnv(k, v);
    for (const format of ["table", "json", "md", "sarif", "junit"]) {
      const { code, stdout, stderr } = await cli(["plan", "--stack", "prod", "--format", format]);
      expect(code).toBe(0);
      for (const canary of Object.values(canaries)) {
        expect(stdout).not.toContain(canary);
        expect(stderr).not.toContain(canary);
        expect(stdout).not.toContain(canary.slice(7, 19));
      }
    }
    const { stdout } = await cli(["plan", "--stack", "prod"]);
    expect(stdout).toContain("launch-ready:databaseUrl: taken from $LAUNCH_READY_SECRET_DATABASE_URL (marked secret)");
  });

  it("reports every config problem of a stack file and maps it to exit 2 without a stack trace", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lr-bad-"));
    fs.cpSync(path.resolve(__dirname, "..", "..", "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.mkdirSync(path.join(dir, "stacks"));
    const good = fs.readFileSync(path.resolve(__dirname, "..", "..", "stacks", "Pulumi.prod.yaml"), "utf8");
    fs.writeFileSync(path.join(dir, "stacks", "Pulumi.bad.yaml"), good.replace("plan: business", "plan: gold").replace("apex: example.com", "apex: https://example.com"));
    const { planStack } = await import("../../scripts/plan/plan-stack");
    const err = await planStack({ stack: "bad", projectDir: dir }).catch((e) => e);
    expect(err.name).toBe("PortalConfigError");
    expect(err.problems.map((p: { path: string }) => p.path)).toEqual(["launch-ready:portal.domain.apex", "launch-ready:portal.cloudflare.plan"]);
    const { exitCodeFor } = await import("../../scripts/cli");
    const { code, message } = exitCodeFor(err);
    expect(code).toBe(2);
    expect(message).toMatch(/stacks\/Pulumi\.bad\.yaml has 2 config problems:\n/);
    expect(message).not.toMatch(/\n\s+at /);
  });

  it("says a secure: value in the stack file cannot be decrypted offline, and masks its stand-in", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lr-secure-"));
    fs.cpSync(path.resolve(__dirname, "..", "..", "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.mkdirSync(path.join(dir, "stacks"));
    const good = fs.readFileSync(path.resolve(__dirname, "..", "..", "stacks", "Pulumi.prod.yaml"), "utf8");
    fs.writeFileSync(path.join(dir, "stacks", "Pulumi.enc.yaml"), good.replace("config:\n", "config:\n  launch-ready:databaseUrl:\n    secure: v1:c29tZWNpcGhlcnRleHQ=\n"));
    const { planStack } = await import("../../scripts/plan/plan-stack");
    const { plan } = await planStack({ stack: "enc", projectDir: dir, env: {} });
    expect(plan.notes.find((n) => n.message.startsWith("launch-ready:databaseUrl:"))).toEqual({
      kind: "secret-placeholder",
      message: "launch-ready:databaseUrl: secure values cannot be decrypted offline; using a placeholder marked secret (set $LAUNCH_READY_SECRET_DATABASE_URL to plan with a real value)",
    });
    expect(JSON.stringify(plan)).not.toContain("offline-placeholder-for-databaseUrl");
  });

  it("exits 2 for an unknown stack, naming the stacks that exist", async () => {
    const { code, stdout, stderr } = await cli(["plan", "--stack", "qa"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe("launch-ready: no stack file for --stack qa (looked for stacks/Pulumi.qa.yaml); stacks here: dev, prod, staging\n");
  });

  it("exits 2 for a flag it does not know, and for a missing --stack", async () => {
    expect((await cli(["plan", "--stack", "dev", "--frobnicate"])).code).toBe(2);
    const missing = await cli(["plan"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--stack <stack>' not specified");
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it("runs through the installed bin entry point, as `npm start` does", () => {
    const bin = path.resolve(__dirname, "..", "..", "scripts", "bin", "launch-ready.cjs");
    const res = spawnSync(process.execPath, [bin, "plan", "--stack", "dev", "--format", "json"], { encoding: "utf8", timeout: 60_000 });
    expect(res.stderr).toBe("");
    expect(res.status).toBe(0);
    expect(JSON.parse(res.stdout).stack).toBe("dev");
  });
});
