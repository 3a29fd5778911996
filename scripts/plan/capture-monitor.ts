import { maskSecrets, SECRET_SIG_KEY, SECRET_SIG_VALUE, type PlannedResource } from "./model";
import type { PulumiSdk } from "./sdk";

/** What the offline runner reads back from the monitor after a run. */
export interface CaptureMonitor {
  readonly captured: PlannedResource[];
  readonly duplicateUrns: string[];
  /** Stack outputs as registered on the root resource (secrets still wrapped). */
  stackOutputs: Record<string, unknown>;
}

/** Computes the state a mocked resource returns: its inputs plus the outputs a provider would fill in. */
export type MockState = (type: string, name: string, inputs: Record<string, unknown>) => { id: string; state: Record<string, unknown> };
export type MockInvoke = (token: string, inputs: Record<string, unknown>) => Record<string, unknown>;

/**
 * The SDK's mock monitor, plus a record of everything the mock hides from
 * `newResource`: parent, dependencies, per-property dependencies, secret
 * markers, aliases and options. Duplicate URNs are collected (the engine
 * rejects them; the mock does not), and `additionalSecretOutputs` are applied
 * (the SDK's mock drops them, so RandomPassword.result would come back clear).
 */
export function createCaptureMonitor(sdk: PulumiSdk, mockState: MockState, mockInvoke: MockInvoke): CaptureMonitor {
  const { rpc } = sdk;
  // The protobuf modules must be the SDK's own copies (instanceof checks inside).
  const structproto = sdk.requireFromRuntime("google-protobuf/google/protobuf/struct_pb");
  const resproto = sdk.requireFromRuntime("../proto/resource_pb");

  const mocks = {
    newResource: async (args: { type: string; name: string; inputs: Record<string, unknown> }) => mockState(args.type, args.name, args.inputs),
    call: async (args: { token: string; inputs: Record<string, unknown> }) => mockInvoke(args.token, args.inputs),
  };

  class Capturing extends sdk.mocks.MockMonitor implements CaptureMonitor {
    readonly captured: PlannedResource[] = [];
    readonly duplicateUrns: string[] = [];
    stackOutputs: Record<string, unknown> = {};
    private readonly seen = new Set<string>();
    private rootUrn: string | undefined;

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override async registerResource(request: any, callback: (err: any, resp?: any) => void): Promise<void> {
      try {
        const type: string = request.getType();
        const name: string = request.getName();
        const parent: string = request.getParent();
        const urn = this.engineUrn(parent, type, name);
        const inputs = rpc.deserializeProperties(request.getObject(), true) as Record<string, unknown>;
        if (type === "pulumi:pulumi:Stack") this.rootUrn = urn;
        else this.record(request, urn, type, name, parent, inputs);

        const result = request.getCustom() ? mockState(type, name, inputs) : { id: "", state: {} };
        const state: Record<string, unknown> = { ...result.state };
        for (const key of request.getAdditionalsecretoutputsList() as string[]) {
          if (key in state) state[key] = { [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value: state[key] };
        }
        // Plain data (the usual case) is already in wire form; only resource
        // references, assets and the like need the SDK's async serializer.
        const serializedState = isPlainData(state) ? state : await rpc.serializeProperties("", state);
        this.resources.set(urn, { urn, id: result.id ?? null, state: serializedState });
        const response = new resproto.RegisterResourceResponse();
        response.setUrn(urn);
        response.setId(result.id || "");
        response.setObject(structproto.Struct.fromJavaScript(serializedState));
        callback(null, response);
      } catch (err) {
        callback(err, undefined);
      }
    }

    /**
     * URNs as the engine makes them: children of the root stack carry no
     * parent type, deeper children carry their parent's whole type chain.
     * (The SDK's mock prefixes the stack type and keeps one level only.)
     */
    engineUrn(parent: string, type: string, name: string): string {
      const project = sdk.pulumi.getProject();
      const stack = sdk.pulumi.getStack();
      let qualified = type;
      if (parent && parent !== this.rootUrn) qualified = `${parent.split("::")[2]}$${type}`;
      return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
    }

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override registerResourceOutputs(request: any, callback: (err: any, resp?: any) => void): void {
      if (request.getUrn() === this.rootUrn) {
        const struct = request.getOutputs();
        this.stackOutputs = struct ? rpc.deserializeProperties(struct, false) : {};
      }
      super.registerResourceOutputs(request, callback);
    }

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    private record(request: any, urn: string, type: string, name: string, parent: string, raw: Record<string, unknown>): void {
      if (this.seen.has(urn)) this.duplicateUrns.push(urn);
      this.seen.add(urn);

      const inputs: Record<string, unknown> = {};
      const secretInputs: string[] = [];
      for (const [key, value] of Object.entries(raw)) {
        const { masked, hadSecret } = maskSecrets(value);
        inputs[key] = masked;
        if (hadSecret) secretInputs.push(key);
      }
      const propertyDependencies: Record<string, string[]> = {};
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      request.getPropertydependenciesMap().forEach((deps: any, key: string) => {
        const urns: string[] = deps.getUrnsList();
        if (urns.length) propertyDependencies[key] = urns;
      });
      this.captured.push({
        urn,
        type,
        name,
        custom: request.getCustom(),
        parent: parent || undefined,
        dependencies: [...new Set<string>(request.getDependenciesList())],
        propertyDependencies,
        inputs,
        secretInputs,
        provider: request.getProvider() || undefined,
        protect: request.getProtect() || undefined,
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        aliases: request.getAliasesList().map((a: any) => a.getUrn() || a.getSpec()?.getName() || "").filter(Boolean),
        additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
        ignoreChanges: request.getIgnorechangesList(),
        replaceOnChanges: request.getReplaceonchangesList(),
        deleteBeforeReplace: request.getDeletebeforereplace(),
      });
    }
  }
  // MockMonitor's constructor only stores the mocks object.
  return new Capturing(mocks as never);
}

/** True for JSON-like values: primitives, arrays and plain objects only. */
function isPlainData(value: unknown): boolean {
  // undefined has no wire form (the serializer drops it; Struct.fromJavaScript throws).
  if (value === null) return true;
  const t = typeof value;
  if (t === "string" || t === "number" || t === "boolean") return true;
  if (Array.isArray(value)) return value.every(isPlainData);
  if (t === "object") {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    for (const v of Object.values(value as Record<string, unknown>)) if (!isPlainData(v)) return false;
    return true;
  }
  return false;
}
