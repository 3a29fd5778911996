import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main } from "../../scripts/cli";
import { cleanBundle, fakeSecrets } from "./fake-secrets";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((stdout += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((stderr += String(s)), true));
  const before = process.exitCode;
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = before;
  }
}

describe("launch-ready scan-secrets exit codes", () => {
  it("0 for a clean folder, 1 for a secret, with the report where --output says", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "lr-cli-scan-"));
    dirs.push(root);
    fs.mkdirSync(path.join(root, "dist"));
    fs.writeFileSync(path.join(root, "dist", "app.js"), cleanBundle());
    expect((await cli(["scan-secrets", root])).code).toBe(0);

    const secret = fakeSecrets("1").githubToken;
    fs.writeFileSync(path.join(root, "dist", "app.js"), `${cleanBundle()}\n${secret.line}`);
    const report = path.join(root, "out", "scan.sarif");
    const { code, stdout, stderr } = await cli(["scan-secrets", root, "--format", "sarif", "--output", report]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`wrote ${report}\n`);
    const sarif = JSON.parse(fs.readFileSync(report, "utf8"));
    expect(sarif.runs[0].results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([["secrets-in-bundle", "error"]]);
    expect(fs.readFileSync(report, "utf8")).not.toContain(secret.value);
  });

  it("2 for a missing path or a bad --url, naming what to fix", async () => {
    const missing = await cli(["scan-secrets", "/nonexistent/launch-ready"]);
    expect([missing.code, missing.stderr]).toEqual([2, 'launch-ready: cannot scan "/nonexistent/launch-ready": no such file or folder\n']);
    const badUrl = await cli(["scan-secrets", "--url", "ftp://127.0.0.1/"]);
    expect([badUrl.code, badUrl.stderr]).toEqual([2, 'launch-ready: --url "ftp://127.0.0.1/": only http:// and https:// pages can be scanned\n']);
  });

  it("4 when the page cannot be reached", async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { code, stderr } = await cli(["scan-secrets", "--url", `http://127.0.0.1:${port}/`]);
    expect(code).toBe(4);
    expect(stderr).toMatch(new RegExp(`^launch-ready: cannot fetch http://127\\.0\\.0\\.1:${port}/: .*ECONNREFUSED`));
  });
});
