import { createRequire } from "node:module";
import * as path from "node:path";

/**
 * The pieces of @pulumi/pulumi the offline runner drives. They are loaded
 * from the project being planned: a project with its own node_modules has its
 * own copy of the SDK, and the runtime state (config, monitor) lives in that
 * copy, not in ours.
 */
export interface PulumiSdk {
  pulumi: typeof import("@pulumi/pulumi");
  mocks: typeof import("@pulumi/pulumi/runtime/mocks");
  /** Internal functions (marked @internal, so absent from the .d.ts). */
  settings: typeof import("@pulumi/pulumi/runtime/settings") & { waitForRPCs(): Promise<void> };
  rpc: typeof import("@pulumi/pulumi/runtime/rpc");
  state: { getStore(): { logErrorCount: number } & Record<string, unknown> };
  resource: typeof import("@pulumi/pulumi/resource");
  /** Internal: wraps every SDK promise with leak-detection bookkeeping. */
  debuggable: { debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T> };
  /** require() relative to the SDK's own runtime folder (for its protobuf modules). */
  requireFromRuntime: NodeRequire;
}

const cache = new Map<string, PulumiSdk>();

/** Loads the SDK that `projectDir` resolves (defaults to launch-ready's own). */
export function loadPulumiSdk(projectDir?: string): PulumiSdk {
  const from = projectDir ? path.join(path.resolve(projectDir), "package.json") : __filename;
  const req = createRequire(from);
  const entry = req.resolve("@pulumi/pulumi");
  const cached = cache.get(entry);
  if (cached) return cached;
  const sdk: PulumiSdk = {
    pulumi: req("@pulumi/pulumi"),
    mocks: req("@pulumi/pulumi/runtime/mocks"),
    settings: req("@pulumi/pulumi/runtime/settings"),
    rpc: req("@pulumi/pulumi/runtime/rpc"),
    state: req("@pulumi/pulumi/runtime/state"),
    resource: req("@pulumi/pulumi/resource"),
    debuggable: req("@pulumi/pulumi/runtime/debuggable"),
    requireFromRuntime: createRequire(req.resolve("@pulumi/pulumi/runtime/mocks")),
  };
  cache.set(entry, sdk);
  return sdk;
}
