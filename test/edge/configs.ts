/** Portal configs for the edge tests: the example stacks, and variations built from them. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { parsePortalConfig, type PortalConfig } from "../../stacks/schema";
import type { CloudflarePlan } from "../../stacks/schema";
import type { EdgeContext } from "../../infra/edge/context";
import { portalHosts } from "../../infra/hostnames";

export const EXAMPLE_STACKS = ["dev", "staging", "prod"] as const;
const STACKS_DIR = path.resolve(__dirname, "..", "..", "stacks");

/** The raw `launch-ready:portal` object of an example stack file (a fresh copy each call). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function exampleRaw(stack: (typeof EXAMPLE_STACKS)[number]): any {
  const doc = parseYaml(fs.readFileSync(path.join(STACKS_DIR, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  return structuredClone(doc.config["launch-ready:portal"]);
}

/**
 * The prod example moved to another plan, with the sensitive endpoints at
 * periods that plan has (so only the rule budget differs), and combining
 * allowed. Enterprise configs exist only here: no example stack is on it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function rawForPlan(plan: CloudflarePlan): any {
  const raw = exampleRaw("prod");
  raw.cloudflare.plan = plan;
  raw.edge.rateLimits.whenOverPlan = "combine";
  return raw;
}

export function parse(raw: unknown): PortalConfig {
  return parsePortalConfig(raw, "test config");
}

export function contextFor(raw: unknown): EdgeContext {
  const config = parse(raw);
  return { config, hosts: portalHosts(config) };
}
