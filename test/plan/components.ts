import type { PlanNote, PlannedResource } from "../../scripts/plan/model";

/** A component of the portal program that can log plan warnings. */
export type WarningComponent = "edge" | "email" | "monitoring" | "deploy";

/**
 * How each component words its plan warnings (pulumi.log.warn): the edge names
 * its `launch-ready:portal.edge.*` key or its rate-limit adjustments
 * (infra/edge/warnings.ts), email its `email.*` key or the SPF record
 * (infra/email/portal-email.ts), monitoring starts with `monitoring:`
 * (infra/monitoring/index.ts), the switch names `deploy.*`
 * (infra/deploy/load-balancer-switch.ts).
 */
const PREFIXES: Record<WarningComponent, string[]> = {
  edge: ["launch-ready:portal.edge.", "rate limits ("],
  email: ["email.", "the SPF record of "],
  monitoring: ["monitoring: "],
  deploy: ["deploy."],
};

function ownerOf(message: string): WarningComponent[] {
  return (Object.keys(PREFIXES) as WarningComponent[]).filter((c) => PREFIXES[c].some((p) => message.startsWith(p)));
}

/**
 * The plan's warnings that one component logged, in plan order. Now that every
 * component plans together, a test about one component asserts its own
 * warnings exactly without depending on the others'. Every warning of the plan
 * must belong to exactly one component: a warning no prefix claims throws, so
 * a new wording cannot slip past these tests unseen.
 */
export function componentWarnings(notes: PlanNote[], component: WarningComponent): string[] {
  const warnings = notes.filter((n) => n.kind === "warning").map((n) => n.message);
  for (const w of warnings) {
    const owners = ownerOf(w);
    if (owners.length !== 1) throw new Error(`plan warning claimed by ${owners.length ? owners.join(" and ") : "no component"}: ${w}`);
  }
  return warnings.filter((w) => ownerOf(w)[0] === component);
}

/** The top-level component types each part of the program registers its resources under. */
const ROOT_TYPES: Record<WarningComponent | "dns", (type: string) => boolean> = {
  edge: (t) => t === "launch-ready:edge:PortalEdge",
  dns: (t) => t === "launch-ready:edge:PortalDns",
  email: (t) => t.startsWith("launch-ready:email:"),
  // createMonitoring registers several top-level components (topics, uptime, audit logs, …).
  monitoring: (t) => t.startsWith("launch-ready:monitoring:"),
  deploy: (t) => t.startsWith("launch-ready:deploy:"),
};

/**
 * The type of the top-level component a resource was registered under (itself
 * when it has no component parent), read from the URN's parent type chain
 * (`urn:pulumi:stack::project::Root$Child$Type::name`).
 */
export function rootType(r: PlannedResource): string {
  return r.urn.split("::")[2].split("$")[0];
}

/** The plan's resources registered under one part of the program, components included. */
export function componentResources(resources: PlannedResource[], component: WarningComponent | "dns"): PlannedResource[] {
  return resources.filter((r) => ROOT_TYPES[component](rootType(r)));
}
