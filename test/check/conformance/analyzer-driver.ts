import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import type { EnforcementLevel } from "@pulumi/policy";
import type { AnalyzedResource } from "../../../scripts/check/evaluate-pack";
import type { ResolvedPackConfig } from "../../../scripts/check/pack-config";

/**
 * Drives the real policy pack the way the Pulumi engine does: policies/index.ts
 * runs in a child process (PolicyPack starts @pulumi/policy's analyzer gRPC
 * server on 127.0.0.1 and prints its port), and this client speaks the
 * analyzer protocol with the stubs shipped in @pulumi/pulumi/proto.
 */

export const POLICY_DIR = path.resolve(__dirname, "../../../policies");
// The stubs and protobuf runtime must be the copies @pulumi/pulumi uses (instanceof checks inside).
const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/proto/analyzer_pb"));
const analyzerPb = fromPulumi("./analyzer_pb");
const analyzerGrpc = fromPulumi("./analyzer_grpc_pb");
const structPb = fromPulumi("google-protobuf/google/protobuf/struct_pb");
const emptyPb = fromPulumi("google-protobuf/google/protobuf/empty_pb");
const grpc = fromPulumi("@grpc/grpc-js");

const LEVEL_NAMES: Record<number, EnforcementLevel> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };
const LEVEL_CODES: Record<EnforcementLevel, number> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };
const SEVERITY_NAMES: Record<number, string | undefined> = { 0: undefined, 1: "low", 2: "medium", 3: "high", 4: "critical" };
const CALL_TIMEOUT_MS = 30_000;

export interface EngineDiagnostic {
  policyName: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  severity?: string;
  urn?: string;
}
export interface EngineNotApplicable {
  policyName: string;
  reason?: string;
  urn?: string;
}
export interface EngineResult {
  diagnostics: EngineDiagnostic[];
  notApplicable: EngineNotApplicable[];
  remediations: { policyName: string; urn: string; changedKeys: string[] }[];
}

export interface ServedPack {
  port: number;
  child: ChildProcess;
  stderr: () => string;
}

/**
 * Starts the pack the way the Pulumi CLI's nodejs policy host does: @pulumi/pulumi's
 * run-policy-pack compiles policies/ with ts-node (type-checked) and runs it; the pack prints
 * its port. The engine-address argument is only dialled for log messages; it stays on loopback.
 * Resolves with the port, bounded by `timeoutMs`.
 */
export function servePack(timeoutMs = 120_000): Promise<ServedPack> {
  const runner = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "run-policy-pack");
  const child = spawn(process.execPath, [runner, "127.0.0.1:1", "."], { cwd: POLICY_DIR, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the policy pack did not announce a port within ${timeoutMs} ms; stderr:\n${err}`));
    }, timeoutMs);
    child.stderr!.on("data", (d) => (err += String(d)));
    child.stdout!.on("data", (d) => {
      out += String(d);
      const m = /^(\d+)\s*$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), child, stderr: () => err });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the policy pack exited (${code}) before announcing a port; stderr:\n${err}`));
    });
  });
}

/** Stops the child and waits (bounded) for it to exit. */
export async function stopPack(pack: ServedPack | undefined, timeoutMs = 10_000): Promise<void> {
  if (!pack || pack.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => pack.child.once("exit", () => resolve()));
  pack.child.kill("SIGTERM");
  const timer = new Promise<void>((resolve) => setTimeout(() => (pack.child.kill("SIGKILL"), resolve()), timeoutMs));
  await Promise.race([exited, timer]);
}

function toStruct(value: Record<string, unknown>) {
  return structPb.Struct.fromJavaScript(value);
}

function options(r: AnalyzedResource) {
  const o = new analyzerPb.AnalyzerResourceOptions();
  o.setProtect(Boolean(r.protect));
  o.setIgnorechangesList(r.ignoreChanges ?? []);
  o.setAliasesList(r.aliases ?? []);
  o.setAdditionalsecretoutputsList(r.additionalSecretOutputs ?? []);
  if (r.deleteBeforeReplace) {
    o.setDeletebeforereplace(true);
    o.setDeletebeforereplacedefined(true);
  }
  if (r.parent) o.setParent(r.parent);
  return o;
}

function analyzeRequest(r: AnalyzedResource, props: Record<string, unknown>) {
  const req = new analyzerPb.AnalyzeRequest();
  req.setType(r.type);
  req.setName(r.name);
  req.setUrn(r.urn);
  req.setProperties(toStruct(props));
  req.setOptions(options(r));
  return req;
}

/** A client for one served pack. */
export class AnalyzerDriver {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly client: any;

  constructor(port: number) {
    this.client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  }

  close(): void {
    this.client.close();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private call<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      this.client[method](request, new grpc.Metadata(), { deadline: Date.now() + CALL_TIMEOUT_MS }, (e: Error | null, resp: T) => (e ? reject(e) : resolve(resp)));
    });
  }

  async info(): Promise<{ name: string; policies: { name: string; description: string; enforcementLevel: EnforcementLevel }[] }> {
    const info = await this.call<any>("getAnalyzerInfo", new emptyPb.Empty()); // eslint-disable-line @typescript-eslint/no-explicit-any
    return {
      name: info.getName(),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      policies: info.getPoliciesList().map((p: any) => ({ name: p.getName(), description: p.getDescription(), enforcementLevel: LEVEL_NAMES[p.getEnforcementlevel()] })),
    };
  }

  /** What the CLI sends after reconciling the pack config: every policy's level and properties. */
  async configure(config: ResolvedPackConfig): Promise<void> {
    const req = new analyzerPb.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, c] of Object.entries(config)) {
      const pc = new analyzerPb.PolicyConfig();
      pc.setEnforcementlevel(LEVEL_CODES[c.enforcementLevel]);
      pc.setProperties(toStruct(c.properties));
      map.set(name, pc);
    }
    await this.call("configure", req);
  }

  /** The engine's sequence for a preview: Remediate then Analyze per resource, then AnalyzeStack. */
  async analyzeAll(resources: AnalyzedResource[]): Promise<EngineResult> {
    const result: EngineResult = { diagnostics: [], notApplicable: [], remediations: [] };
    const finalProps = new Map<string, Record<string, unknown>>();
    for (const r of resources) {
      let props = r.inputs;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const rem = await this.call<any>("remediate", analyzeRequest(r, props));
      for (const x of rem.getRemediationsList()) {
        const next = x.getProperties()?.toJavaScript() as Record<string, unknown> | undefined;
        if (!next) continue;
        const changedKeys = Object.keys({ ...props, ...next }).filter((k) => JSON.stringify(props[k]) !== JSON.stringify(next[k]));
        result.remediations.push({ policyName: x.getPolicyname(), urn: r.urn, changedKeys });
        props = next;
      }
      finalProps.set(r.urn, props);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const resp = await this.call<any>("analyze", analyzeRequest(r, props));
      this.collect(resp, result, r.urn);
    }
    const stackReq = new analyzerPb.AnalyzeStackRequest();
    stackReq.setResourcesList(
      resources.map((r) => {
        const ar = new analyzerPb.AnalyzerResource();
        ar.setType(r.type);
        ar.setName(r.name);
        ar.setUrn(r.urn);
        ar.setProperties(toStruct(finalProps.get(r.urn) ?? r.inputs));
        ar.setOptions(options(r));
        if (r.parent) ar.setParent(r.parent);
        ar.setDependenciesList(r.dependencies);
        const deps = ar.getPropertydependenciesMap();
        for (const [k, urns] of Object.entries(r.propertyDependencies)) {
          const pd = new analyzerPb.AnalyzerPropertyDependencies();
          pd.setUrnsList(urns);
          deps.set(k, pd);
        }
        return ar;
      }),
    );
    this.collect(await this.call<any>("analyzeStack", stackReq), result); // eslint-disable-line @typescript-eslint/no-explicit-any
    return result;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private collect(resp: any, into: EngineResult, resourceUrn?: string): void {
    for (const d of resp.getDiagnosticsList()) {
      into.diagnostics.push({
        policyName: d.getPolicyname(),
        message: d.getMessage(),
        enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()],
        severity: SEVERITY_NAMES[d.getSeverity()],
        urn: d.getUrn() || resourceUrn,
      });
    }
    for (const n of resp.getNotApplicableList()) into.notApplicable.push({ policyName: n.getPolicyName(), reason: n.getReason() || undefined, urn: resourceUrn });
  }
}
