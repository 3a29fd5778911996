import { createCaptureMonitor, type MockInvoke, type MockState } from "./capture-monitor";
import { mockInvoke as defaultInvoke, mockState as defaultState } from "./mock-state";
import { maskSecrets, type PlannedResource } from "./model";
import { loadPulumiSdk } from "./sdk";

export interface OfflineRunOptions {
  project: string;
  stack: string;
  /** Fully qualified config (`launch-ready:portal` → JSON text). */
  config: Record<string, string>;
  /** Config keys that are secrets (`launch-ready:databaseUrl`). */
  secretKeys: string[];
  /** The program: returns its stack outputs. */
  program: () => unknown;
  /** Directory whose @pulumi/pulumi the program uses (default: ours). */
  projectDir?: string;
  mockState?: MockState;
  mockInvoke?: MockInvoke;
}

export interface OfflineRunResult {
  resources: PlannedResource[];
  outputs: Record<string, unknown>;
  /** Messages the program logged with pulumi.log.warn (the real CLI shows them as warnings). */
  warnings: string[];
}

/** The engine rejects these; the mock runtime does not, so the runner does. */
export class DuplicateUrnError extends Error {
  constructor(readonly urns: string[]) {
    super(
      `two resources share a URN (the real engine refuses this with "Duplicate resource URN"):\n${urns
        .map((u) => `  - ${u}`)
        .join("\n")}\nGive each resource its own logical name, e.g. \`\${name}-<purpose>\`.`,
    );
    this.name = "DuplicateUrnError";
  }
}

/** A resource failed to register, or the program logged an error. */
export class ProgramError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProgramError";
  }
}

/**
 * Runs a Pulumi program under the SDK's mock runtime and returns every
 * registered resource and the stack outputs. One run at a time per process:
 * the runtime is process-global.
 */
export async function runOffline(opts: OfflineRunOptions): Promise<OfflineRunResult> {
  const sdk = loadPulumiSdk(opts.projectDir);
  const { pulumi, settings, state, resource } = sdk;

  pulumi.runtime.setAllConfig(opts.config, opts.secretKeys);
  const monitor = createCaptureMonitor(sdk, opts.mockState ?? defaultState, opts.mockInvoke ?? defaultInvoke);
  settings.setMockOptions(monitor, opts.project, opts.stack, false);
  const store = state.getStore();
  // The same feature set pulumi.runtime.setMocks() enables.
  Object.assign(store, {
    supportsSecrets: true,
    supportsResourceReferences: true,
    supportsOutputValues: false,
    supportsDeletedWith: true,
    supportsReplaceWith: true,
    supportsAliasSpecs: true,
    supportsTransforms: false,
    supportsParameterization: true,
    supportsResourceHooks: true,
    supportsErrorHooks: true,
  });

  // Source positions are for the engine's UI; the mock never reads them, and
  // capturing a full stack trace per resource is half the SDK's time here.
  const Resource = resource.Resource as unknown as { stackTrace: (skip: number) => unknown[] };
  const originalStackTrace = Resource.stackTrace;
  const originalLimit = Error.stackTraceLimit;
  Resource.stackTrace = () => [];
  Error.stackTraceLimit = 0;
  // Leak detection tags every SDK promise with three properties and a stack;
  // the offline run awaits everything it starts, so the bookkeeping is pure cost.
  const debuggable = sdk.debuggable;
  const originalDebuggable = debuggable.debuggablePromise;
  debuggable.debuggablePromise = (p) => p;
  // Without an engine the SDK prints warnings to stderr; collect them for the plan instead.
  const warnings: string[] = [];
  const log = pulumi.log as { warn: (msg: string) => Promise<void> };
  const originalWarn = log.warn;
  log.warn = async (msg: string) => {
    warnings.push(msg);
  };
  let outputs: Record<string, unknown>;
  // A program that throws (bad config, a component's own check) must surface as
  // that error, once: inside the stack component the SDK would also reject
  // promises nobody awaits.
  let programError: unknown;
  try {
    await pulumi.runtime.runInPulumiStack(async () => {
      try {
        return await opts.program();
      } catch (err) {
        programError = err;
        return {};
      }
    });
    await settings.waitForRPCs();
  } finally {
    Resource.stackTrace = originalStackTrace;
    debuggable.debuggablePromise = originalDebuggable;
    log.warn = originalWarn;
    Error.stackTraceLimit = originalLimit;
  }
  if (programError !== undefined) throw programError;
  outputs = maskSecrets(monitor.stackOutputs).masked as Record<string, unknown>;

  if (store.logErrorCount > 0) {
    throw new ProgramError(`the program reported ${store.logErrorCount} error(s) while registering resources (see the messages above)`);
  }
  if (monitor.duplicateUrns.length) throw new DuplicateUrnError([...new Set(monitor.duplicateUrns)]);
  return { resources: monitor.captured, outputs, warnings };
}
