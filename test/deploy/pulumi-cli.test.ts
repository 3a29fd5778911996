import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main, exitCodeFor } from "../../scripts/cli";
import { runDeployCommand } from "../../scripts/commands/deploy";
import { findPulumiCli, PulumiStackOperations } from "../../scripts/deploy/pulumi-stack";
import { MissingDependencyError } from "../../scripts/lib/errors";
import { PROJECT_ROOT } from "../../scripts/plan/plan-stack";
import { parsePortalConfig } from "../../stacks/schema";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "launch-ready-pulumi-cli-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const emptyBin = path.join(tmp, "empty-bin");
fs.mkdirSync(emptyBin);

describe("the Pulumi CLI, detected before anything changes", () => {
  it("is found on PATH when an executable `pulumi` is there, and not otherwise", () => {
    const bin = path.join(tmp, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "pulumi"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    fs.writeFileSync(path.join(bin, "not-executable"), "");
    expect(findPulumiCli({ PATH: [emptyBin, bin].join(path.delimiter) })).toBe(path.join(bin, "pulumi"));
    expect(findPulumiCli({ PATH: emptyBin })).toBeUndefined();
    expect(findPulumiCli({})).toBeUndefined();
  });

  it("deploy without the CLI is exit 3 with what to install, and the stack file is untouched", async () => {
    const file = path.join(PROJECT_ROOT, "stacks", "Pulumi.dev.yaml");
    const before = fs.readFileSync(file, "utf8");
    const err = await runDeployCommand("deploy", { stack: "dev", to: "green", format: "table" }, { PATH: emptyBin }).catch((e) => e);
    expect(err).toBeInstanceOf(MissingDependencyError);
    expect(exitCodeFor(err).code).toBe(3);
    expect(err.message).toMatch(/the Pulumi CLI is not on PATH: install the Pulumi CLI \(https:\/\/www\.pulumi\.com\/docs\/iac\/download-install\/.*Nothing was changed\.$/);
    expect(fs.readFileSync(file, "utf8")).toBe(before);
  });

  it("the command line exits 3 for deploy and rollback when PATH has no pulumi", async () => {
    const savedPath = process.env.PATH;
    const write = process.stderr.write;
    const stderr: string[] = [];
    process.stderr.write = ((s: string) => (stderr.push(String(s)), true)) as typeof process.stderr.write;
    process.env.PATH = emptyBin;
    try {
      expect(await main(["deploy", "--stack", "prod", "--to", "green"])).toBe(3);
      expect(await main(["rollback", "--stack", "prod"])).toBe(3);
      // Bad flags are still bad input (2), whatever is installed.
      expect(await main(["deploy", "--stack", "prod", "--to", "purple"])).toBe(2);
    } finally {
      process.env.PATH = savedPath;
      process.stderr.write = write;
    }
    expect(stderr.filter((l) => l.includes("the Pulumi CLI is not on PATH")).length).toBe(2);
  });
});

describe("the Automation API stack's file side", () => {
  it("reads and writes deploy.active in the stack file and aims checks at the origin as the app host", async () => {
    const file = path.join(tmp, "Pulumi.prod.yaml");
    const text = fs.readFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.prod.yaml"), "utf8");
    fs.writeFileSync(file, text);
    const config = parsePortalConfig(parse(text).config["launch-ready:portal"]);
    const ops = new PulumiStackOperations({ stack: "prod", projectDir: PROJECT_ROOT, stackFile: file, config });
    expect(await ops.readActive()).toBe("blue");
    await ops.writeActive("green");
    expect(await ops.readActive()).toBe("green");
    expect(fs.readFileSync(file, "utf8")).toBe(text.replace("      active: blue", "      active: green"));
    expect(ops.originTarget("green")).toEqual({ colour: "green", baseUrl: "https://203.0.113.20", hostHeader: "app.example.com" });
    expect(ops.publicUrl()).toBe("https://app.example.com");
  });
});
