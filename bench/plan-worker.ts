/**
 * One measured run, in its own process so peak memory is this run's alone.
 * Usage: tsx bench/plan-worker.ts <launch-ready|bare> <dev|staging|prod|synthetic:N>
 * Prints one JSON line: { runMs, peakRssMb, resources }.
 */
import * as pulumi from "@pulumi/pulumi";
import { readPortalConfig } from "../infra/config";
import { createPortal } from "../infra/portal";
import { offlineSecretKeys, planStack } from "../scripts/plan/plan-stack";
import { readProject, readStackConfig, resolveOfflineSecrets, toRuntimeConfig } from "../scripts/plan/stack-config";
import { PROJECT_ROOT } from "../scripts/plan/plan-stack";
import { parsePortalConfig } from "../stacks/schema";
import { mockInvoke, mockState } from "../scripts/plan/mock-state";
import { syntheticProgram } from "./synthetic-program";

async function bare(program: () => unknown, config: Record<string, string> = {}, secretKeys: string[] = []): Promise<number> {
  // The SDK's own mock runtime, as its docs show it: no capture, SDK defaults;
  // the same stand-in outputs as the offline plan, so the program runs alike.
  let count = 0;
  pulumi.runtime.setAllConfig(config, secretKeys);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        count++;
        return mockState(args.type, args.name, args.inputs);
      },
      call: (args) => mockInvoke(args.token, args.inputs),
    },
    "launch-ready",
    "bench",
    false,
  );
  await pulumi.runtime.runInPulumiStack(async () => program());
  return count;
}

async function main() {
  const [mode, scenario] = process.argv.slice(2);
  const synthetic = /^synthetic:(\d+)$/.exec(scenario ?? "");
  const start = process.hrtime.bigint();
  let resources: number;
  if (mode === "launch-ready") {
    if (synthetic) {
      const { runOffline } = await import("../scripts/plan/run-offline");
      const r = await runOffline({ project: "bench", stack: "bench", config: {}, secretKeys: [], program: syntheticProgram(Number(synthetic[1])) });
      resources = r.resources.length;
    } else {
      const { plan } = await planStack({ stack: scenario });
      resources = plan.resources.length;
    }
  } else if (mode === "bare") {
    if (synthetic) resources = await bare(syntheticProgram(Number(synthetic[1])));
    else {
      const project = readProject(PROJECT_ROOT);
      const stackConfig = readStackConfig(project, scenario);
      const portal = parsePortalConfig(stackConfig.values["launch-ready:portal"]);
      const keys = offlineSecretKeys(stackConfig.secureKeys, portal);
      const secrets = resolveOfflineSecrets(keys, {});
      resources = await bare(() => createPortal(readPortalConfig()), toRuntimeConfig({ ...stackConfig.values, ...secrets.values }), keys);
    }
  } else throw new Error(`unknown mode ${mode}`);
  const runMs = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(`${JSON.stringify({ runMs, peakRssMb: process.resourceUsage().maxRSS / 1024, resources })}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
