import type { Finding } from "../lib/findings";

/** The secret signature the Pulumi wire format wraps secret values in. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";
/** How a secret is shown anywhere outside Pulumi: plan output, reports, logs. */
export const SECRET_MASK = "[secret]";

/** One resource as the program registered it (CLI.md "Plan"). */
export interface PlannedResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent?: string;
  dependencies: string[];
  /** Per-input dependencies: which URNs each input key came from. */
  propertyDependencies: Record<string, string[]>;
  /** Inputs with every secret replaced by "[secret]". */
  inputs: Record<string, unknown>;
  /** Input keys (top level) that held a secret anywhere inside. */
  secretInputs: string[];
  provider?: string;
  protect?: boolean;
  aliases: string[];
  additionalSecretOutputs: string[];
  ignoreChanges: string[];
  replaceOnChanges: string[];
  deleteBeforeReplace: boolean;
}

export interface PlanNote {
  kind: "secret-placeholder" | "secret-from-env" | "warning" | "info";
  message: string;
}

export interface Plan {
  stack: string;
  project: string;
  resources: PlannedResource[];
  /** Stack outputs, secret ones shown as "[secret]". */
  outputs: Record<string, unknown>;
  findings: Finding[];
  notes: PlanNote[];
}

export function isSecretWrapper(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG_VALUE;
}

/** Replaces every secret (wire-format wrapped) value with "[secret]"; reports whether any was found. */
export function maskSecrets(value: unknown): { masked: unknown; hadSecret: boolean } {
  let hadSecret = false;
  const walk = (v: unknown): unknown => {
    if (isSecretWrapper(v)) {
      hadSecret = true;
      return SECRET_MASK;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return { masked: walk(value), hadSecret };
}

/** The plan as CLI.md's JSON shape (plus notes). */
export function planToJson(plan: Plan): string {
  return JSON.stringify(
    {
      stack: plan.stack,
      project: plan.project,
      resources: plan.resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: r.urn,
        parent: r.parent,
        dependencies: r.dependencies,
        propertyDependencies: r.propertyDependencies,
        inputs: r.inputs,
        secretInputs: r.secretInputs.length ? r.secretInputs : undefined,
        protect: r.protect || undefined,
        aliases: r.aliases.length ? r.aliases : undefined,
      })),
      outputs: plan.outputs,
      findings: plan.findings,
      notes: plan.notes,
    },
    null,
    2,
  );
}
