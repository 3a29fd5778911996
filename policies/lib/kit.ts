import type {
  PolicyResource,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";

/**
 * Small helpers every policy of the pack uses. No provider SDK is loaded:
 * policies match on type tokens (./types.ts), which keeps the pack fast to
 * start inside the engine and lets it judge any program's resources.
 */

/** Scorecard rows (CLI.md "area"); a policy carries its row as its first tag. */
export type ScorecardArea =
  | "authentication"
  | "authorization"
  | "session-security"
  | "input-validation"
  | "secret-handling"
  | "rate-limiting"
  | "cors-csrf"
  | "email-dns"
  | "deployment-safety"
  | "monitoring-logs"
  | "edge-tls"
  | "performance";

export type LaunchReadyPolicy = ResourceValidationPolicy | StackValidationPolicy;

/**
 * A resource validation for one type. The function carries `__pulumiType`
 * like @pulumi/policy's validateResourceOfType, so the engine skips other
 * types without calling it, and reports the same "not applicable" reason.
 */
export function ofType<T>(token: string, validate: (props: T, args: ResourceValidationArgs, report: ReportViolation) => void): ResourceValidation {
  const fn = (args: ResourceValidationArgs, report: ReportViolation) => {
    if (args.type !== token) return args.notApplicable(`Policy only applies to resources of type '${token}'`);
    return validate(args.props as T, args, report);
  };
  (fn as unknown as { __pulumiType: string }).__pulumiType = token;
  return fn;
}

/** A resource validation for several types (e.g. the four IAM policy resources). */
export function ofTypes<T>(tokens: readonly string[], validate: (props: T, args: ResourceValidationArgs, report: ReportViolation) => void): ResourceValidation {
  return (args, report) => {
    if (!tokens.includes(args.type)) return args.notApplicable(`Policy only applies to resources of types ${tokens.map((t) => `'${t}'`).join(", ")}`);
    return validate(args.props as T, args, report);
  };
}

/** Every resource of one type in the whole stack (validateStack sees them all, unlike validateStackResourcesOfType). */
export function resourcesOf(args: StackValidationArgs, token: string): PolicyResource[] {
  return args.resources.filter((r) => r.type === token);
}

/** The logical name the engine shows, for messages: `type::name`. */
export function describe(r: { type: string; name: string }): string {
  return `${r.type.split(":").pop()} "${r.name}"`;
}

/** True when `r` was built from `target` (an input of `r` came from it, or it depends on it). */
export function dependsOn(r: PolicyResource, target: PolicyResource, property?: string): boolean {
  if (property) {
    const deps = r.propertyDependencies?.[property] ?? [];
    if (deps.some((d) => d.urn === target.urn)) return true;
  }
  return r.dependencies.some((d) => d.urn === target.urn);
}

export function asArray<T>(value: T[] | undefined | null): T[] {
  return Array.isArray(value) ? value : [];
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

/** An enforcement-level-free config schema property list (the engine refuses `enforcementLevel` here). */
export type Schema = NonNullable<LaunchReadyPolicy["configSchema"]>;

/**
 * Reads a value that may be unknown during `pulumi preview` (a new resource's
 * id or ARN): @pulumi/policy throws when a policy touches one, which turns the
 * whole policy into an advisory "can't run during preview". Guarding the
 * optional reads keeps the rest of the policy enforced at preview time.
 */
export function whenKnown<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (e && typeof e === "object" && "unknownTypeSentinel" in e) return undefined;
    throw e;
  }
}
