import * as fs from "node:fs";
import * as path from "node:path";
import type { PortalConfig } from "../../stacks/schema";
import type { Colour } from "../../stacks/schema/deploy";
import { portalHosts } from "../../infra/hostnames";
import { MissingDependencyError } from "../lib/errors";
import { readActiveColourFile, writeActiveColourFile } from "./stack-file";
import type { OriginTarget, StackOperations } from "./types";

export const PULUMI_INSTALL_HINT =
  "install the Pulumi CLI (https://www.pulumi.com/docs/iac/download-install/: `curl -fsSL https://get.pulumi.com | sh`, or `brew install pulumi/tap/pulumi`) and make sure `pulumi` is on PATH, then log in to your state backend (`pulumi login`)";

/** The `pulumi` executable on PATH, or undefined. The Automation API drives this binary. */
export function findPulumiCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const names = process.platform === "win32" ? ["pulumi.exe", "pulumi.cmd"] : ["pulumi"];
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** Detects the CLI up front, before anything changes: exit 3 with what to install. */
export function requirePulumiCli(env: NodeJS.ProcessEnv = process.env): string {
  const cli = findPulumiCli(env);
  if (!cli) throw new MissingDependencyError(`deploy and rollback run \`pulumi up\` through the Automation API, and the Pulumi CLI is not on PATH: ${PULUMI_INSTALL_HINT}. Nothing was changed.`);
  return cli;
}

export interface PulumiStackOptions {
  stack: string;
  /** Folder with Pulumi.yaml. */
  projectDir: string;
  /** The stack file (stacks/Pulumi.<stack>.yaml). */
  stackFile: string;
  config: PortalConfig;
  /** Progress of `pulumi up`, line by line. */
  onOutput?: (line: string) => void;
}

/**
 * A real stack: `deploy.active` lives in the stack file (edited in place,
 * comments kept), `up` is `pulumi up` through the Automation API, preflight
 * reaches the origin over HTTPS with the app hostname as Host and SNI.
 */
export class PulumiStackOperations implements StackOperations {
  readonly stack: string;
  constructor(private readonly opts: PulumiStackOptions) {
    this.stack = opts.stack;
  }

  async readActive(): Promise<Colour> {
    return readActiveColourFile(this.opts.stackFile);
  }

  async writeActive(colour: Colour): Promise<void> {
    writeActiveColourFile(this.opts.stackFile, colour);
  }

  async up(): Promise<void> {
    const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
    const stack = await LocalWorkspace.selectStack({ stackName: this.opts.stack, workDir: this.opts.projectDir });
    await stack.up({ onOutput: this.opts.onOutput });
  }

  originTarget(colour: Colour): OriginTarget {
    const origin = this.opts.config.deploy.origins[colour];
    const host = origin.includes(":") ? `[${origin}]` : origin;
    return { colour, baseUrl: `https://${host}`, hostHeader: portalHosts(this.opts.config).app };
  }

  publicUrl(): string {
    return `https://${portalHosts(this.opts.config).app}`;
  }
}
