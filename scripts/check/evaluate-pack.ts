import type {
  EnforcementLevel,
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { LaunchReadyPolicy } from "../../policies/lib/kit";
import type { ResolvedPackConfig } from "./pack-config";

/** One resource as the engine hands it to a policy pack (the offline plan's PlannedResource fits). */
export interface AnalyzedResource {
  urn: string;
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  parent?: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  protect?: boolean;
  aliases?: string[];
  ignoreChanges?: string[];
  additionalSecretOutputs?: string[];
  deleteBeforeReplace?: boolean;
}

/** The engine's AnalyzeDiagnostic, field for field. */
export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  description: string;
  /** description + "\n" + the violation message, as @pulumi/policy builds it. */
  message: string;
  /** The violation message alone. */
  violation: string;
  /** The resource judged (resource policies) or the one the stack policy named. */
  urn?: string;
  enforcementLevel: EnforcementLevel;
  severity?: Severity;
}

export interface NotApplicable {
  policyName: string;
  reason?: string;
  urn?: string;
}

export interface Remediation {
  policyName: string;
  urn: string;
  changedKeys: string[];
}

export interface PackEvaluation {
  diagnostics: Diagnostic[];
  notApplicable: NotApplicable[];
  remediations: Remediation[];
  /** Per policy: how many resources (or 1 for a stack policy) it actually judged. */
  judged: Record<string, number>;
}

class NotApplicableError extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "Policy does not apply");
  }
}
const throwNotApplicable = (reason?: string): never => {
  throw new NotApplicableError(reason);
};

/** @pulumi/policy's own test: a validate function (or array of them), or else a remediation. */
function isResourcePolicy(p: LaunchReadyPolicy): p is ResourceValidationPolicy {
  const validation = (p as ResourceValidationPolicy).validateResource;
  if (typeof validation === "function") return true;
  if (Array.isArray(validation)) return validation.every((v) => typeof v === "function");
  return typeof (p as ResourceValidationPolicy).remediateResource === "function";
}
function isStackPolicy(p: LaunchReadyPolicy): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}
function pulumiTypeOf(fn: unknown): string | undefined {
  const t = (fn as { __pulumiType?: unknown } | undefined)?.__pulumiType;
  return typeof t === "string" && t.length > 0 ? t : undefined;
}

function optionsOf(r: AnalyzedResource): PolicyResourceOptions {
  const opts: PolicyResourceOptions = {
    protect: Boolean(r.protect),
    ignoreChanges: r.ignoreChanges ?? [],
    aliases: r.aliases ?? [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: r.additionalSecretOutputs ?? [],
  };
  if (r.deleteBeforeReplace) opts.deleteBeforeReplace = true;
  if (r.parent) opts.parent = r.parent;
  return opts;
}

/** Mirrors @pulumi/policy's typing helpers: match on the class's static __pulumiType. */
function typeHelpers(type: string, props: Record<string, unknown>) {
  const is = (cls: unknown) => {
    const t = pulumiTypeOf(cls);
    if (t) return t === type;
    const isInstance = (cls as { isInstance?: (o: unknown) => boolean }).isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
  };
  return { isType: is as ResourceValidationArgs["isType"], asType: ((cls: unknown) => (is(cls) ? props : undefined)) as ResourceValidationArgs["asType"] };
}

/** The level a violation is reported with: a remediate policy that still fails counts as mandatory. */
function reportedLevel(level: EnforcementLevel): EnforcementLevel {
  return level === "remediate" ? "mandatory" : level;
}

/**
 * Evaluates a policy pack the way the Pulumi engine drives @pulumi/policy:
 * per resource, remediations (level "remediate") run first and change the
 * inputs, then every enabled resource policy validates; then every enabled
 * stack policy sees all resources with parents and dependencies resolved.
 * `notApplicable` and the `__pulumiType` fast path behave as in the engine.
 */
export async function evaluatePack(opts: {
  packName: string;
  policies: LaunchReadyPolicy[];
  config: ResolvedPackConfig;
  resources: AnalyzedResource[];
  stackTags?: ReadonlyMap<string, string>;
}): Promise<PackEvaluation> {
  const { packName, policies, config } = opts;
  const stackTags = opts.stackTags ?? new Map<string, string>();
  const out: PackEvaluation = { diagnostics: [], notApplicable: [], remediations: [], judged: {} };
  const levelOf = (p: LaunchReadyPolicy) => config[p.name]?.enforcementLevel ?? p.enforcementLevel ?? "advisory";
  // Like @pulumi/policy: a fresh shallow copy of the policy's properties per call.
  const getConfigFor = (p: LaunchReadyPolicy) => <T extends object>() => ({ ...(config[p.name]?.properties ?? {}) }) as T;
  const reporter = (p: LaunchReadyPolicy, level: EnforcementLevel, defaultUrn?: string): ReportViolation =>
    ((message?: string, urn?: string) => {
      out.diagnostics.push({
        policyName: p.name,
        policyPackName: packName,
        description: p.description,
        message: message ? `${p.description}\n${message}` : p.description,
        violation: message ?? "",
        urn: urn || defaultUrn,
        enforcementLevel: reportedLevel(level),
        severity: p.severity,
      });
    }) as ReportViolation;
  for (const p of policies) out.judged[p.name] = 0;
  // notApplicable() throws an error per skipped resource; its stack trace is never read, and
  // capturing it is most of the evaluation's cost on large stacks.
  const originalLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    await evaluateInto(out, { ...opts, stackTags }, levelOf, getConfigFor, reporter);
  } finally {
    Error.stackTraceLimit = originalLimit;
  }
  return out;
}

async function evaluateInto(
  out: PackEvaluation,
  opts: { packName: string; policies: LaunchReadyPolicy[]; resources: AnalyzedResource[]; stackTags: ReadonlyMap<string, string> },
  levelOf: (p: LaunchReadyPolicy) => EnforcementLevel,
  getConfigFor: (p: LaunchReadyPolicy) => <T extends object>() => T,
  reporter: (p: LaunchReadyPolicy, level: EnforcementLevel, defaultUrn?: string) => ReportViolation,
): Promise<void> {
  const { packName, policies, stackTags } = opts;

  const analyzedProps = new Map<string, Record<string, unknown>>();
  for (const r of opts.resources) {
    let props = structuredClone(r.inputs);
    // Remediate RPC: only policies whose level is "remediate", in pack order, each seeing the last one's output.
    for (const p of policies) {
      if (levelOf(p) !== "remediate" || !isResourcePolicy(p) || !p.remediateResource) continue;
      const t = pulumiTypeOf(p.remediateResource);
      if (t && t !== r.type) continue;
      try {
        const result = await p.remediateResource({ ...baseArgs(r, props, stackTags), getConfig: getConfigFor(p), notApplicable: throwNotApplicable });
        if (result) {
          const changed = Object.keys({ ...props, ...result }).filter((k) => JSON.stringify(props[k]) !== JSON.stringify((result as Record<string, unknown>)[k]));
          out.remediations.push({ policyName: p.name, urn: r.urn, changedKeys: changed });
          props = result as Record<string, unknown>;
        }
      } catch (e) {
        if (!(e instanceof NotApplicableError)) throw policyError(p, packName, e);
      }
    }
    analyzedProps.set(r.urn, props);

    // Analyze RPC.
    for (const p of policies) {
      const level = levelOf(p);
      if (level === "disabled" || !isResourcePolicy(p)) continue;
      if (!p.validateResource) {
        out.notApplicable.push({ policyName: p.name, reason: "Policy does not implement validateResource", urn: r.urn });
        continue;
      }
      const validations = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource];
      const t = validations.length === 1 ? pulumiTypeOf(validations[0]) : undefined;
      if (t && t !== r.type) {
        out.notApplicable.push({ policyName: p.name, reason: `Policy only applies to resources of type '${t}'`, urn: r.urn });
        continue;
      }
      const report = reporter(p, level, r.urn);
      let applied = false;
      for (const validate of validations) {
        try {
          await validate({ ...baseArgs(r, structuredClone(props), stackTags), getConfig: getConfigFor(p), notApplicable: throwNotApplicable }, report);
          applied = true;
        } catch (e) {
          if (e instanceof NotApplicableError) out.notApplicable.push({ policyName: p.name, reason: e.reason, urn: r.urn });
          else throw policyError(p, packName, e);
        }
      }
      if (applied) out.judged[p.name]++;
    }
  }

  // AnalyzeStack RPC: every resource, with parent and dependencies as objects.
  const stackResources = buildStackResources(opts.resources, analyzedProps);
  for (const p of policies) {
    const level = levelOf(p);
    if (level === "disabled" || !isStackPolicy(p)) continue;
    const t = pulumiTypeOf(p.validateStack);
    if (t && !stackResources.some((r) => r.type === t)) {
      out.notApplicable.push({ policyName: p.name, reason: `Policy only applies to resources of type '${t}'` });
      continue;
    }
    try {
      await p.validateStack({ resources: stackResources, getConfig: getConfigFor(p), stackTags, notApplicable: throwNotApplicable }, reporter(p, level));
      out.judged[p.name]++;
    } catch (e) {
      if (e instanceof NotApplicableError) out.notApplicable.push({ policyName: p.name, reason: e.reason });
      else throw policyError(p, packName, e);
    }
  }
}

function baseArgs(r: AnalyzedResource, props: Record<string, unknown>, stackTags: ReadonlyMap<string, string>) {
  return { type: r.type, props, urn: r.urn, name: r.name, opts: optionsOf(r), stackTags, ...typeHelpers(r.type, props) };
}

function buildStackResources(resources: AnalyzedResource[], propsByUrn: Map<string, Record<string, unknown>>): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const built = resources.map((r) => {
    const props = structuredClone(propsByUrn.get(r.urn) ?? r.inputs);
    const res: PolicyResource = { type: r.type, props, urn: r.urn, name: r.name, opts: optionsOf(r), dependencies: [], propertyDependencies: {}, ...typeHelpers(r.type, props) };
    byUrn.set(r.urn, res);
    return res;
  });
  resources.forEach((r, i) => {
    const res = built[i];
    if (r.parent && byUrn.has(r.parent)) res.parent = byUrn.get(r.parent);
    res.dependencies = r.dependencies.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => Boolean(d));
    for (const [k, urns] of Object.entries(r.propertyDependencies)) {
      res.propertyDependencies[k] = urns.map((d) => byUrn.get(d)).filter((d): d is PolicyResource => Boolean(d));
    }
  });
  return built;
}

/** A policy that throws is a bug in the pack: the engine fails the preview, and so does the runner. */
export class PolicyRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyRuntimeError";
  }
}
function policyError(p: LaunchReadyPolicy, packName: string, e: unknown): PolicyRuntimeError {
  return new PolicyRuntimeError(`policy '${p.name}' from policy pack '${packName}' threw: ${(e as Error)?.message ?? String(e)}`);
}
