import { z } from "zod";
import { exactPath, isIpv4, isIpv6, originAddress, type CloudflarePlan } from "./primitives";

export const COLOURS = ["blue", "green"] as const;
export type Colour = (typeof COLOURS)[number];
export function otherColour(colour: Colour): Colour {
  return colour === "blue" ? "green" : "blue";
}

/** Live checks (CLI.md "Live check ids") a deploy can be gated on. */
export const GATE_CHECK_IDS = [
  "health",
  "latency-p95",
  "auth-boundary",
  "tenant-isolation",
  "session-cookies",
  "session-logout",
  "input-validation",
  "cors",
  "csrf",
  "rate-limit",
  "secrets-in-bundle",
  "security-headers",
  "cache-safety",
  "tls",
  "indexing",
] as const;
export type GateCheckId = (typeof GATE_CHECK_IDS)[number];

export const SWITCH_BACKENDS = ["load-balancer", "dns"] as const;
export type SwitchBackend = (typeof SWITCH_BACKENDS)[number];

/** How traffic moves between the two colours. */
export const TrafficSwitchSchema = z
  .object({
    /**
     * `dns`: the app/api records are proxied and point at the active colour's
     * origin; a flip edits their content (the edge follows at once, clients
     * never see the origin so no client DNS cache is involved).
     * `load-balancer`: Cloudflare Load Balancing — one pool per colour, each
     * watched by an HTTPS monitor, the active pool first and the other as
     * fallback, so a dead active origin fails over by itself.
     * Load Balancing is a paid add-on on every plan, so it is only the default
     * where it comes with the contract (enterprise); set it explicitly once
     * the add-on is enabled on the account.
     * @default "dns" on free, pro and business; "load-balancer" on enterprise
     */
    backend: z.enum(SWITCH_BACKENDS, { error: "expected load-balancer or dns" }).optional(),
    /** Path the load-balancer monitors and the deploy gate request. @default routes.health */
    healthPath: exactPath.optional(),
    /**
     * Canary: share of new sessions sent to the standby colour while `active`
     * keeps the rest (load-balancer backend only: a DNS record points at one
     * origin). 0 sends everything to the active colour.
     * @default 0
     */
    canaryPercent: z
      .number({ error: "expected a whole number of percent from 0 to 50" })
      .int({ error: "expected a whole number of percent from 0 to 50" })
      .min(0, { error: "expected a whole number of percent from 0 to 50" })
      .max(50, { error: "expected at most 50: above half, promote the colour with `launch-ready deploy --to` instead" })
      .default(0),
  })
  .strict()
  .prefault({});

/** What must hold before and after a switch; a failed gate rolls the switch back. */
export const DeployGatesSchema = z
  .object({
    /**
     * Live checks (CLI.md ids) run against the public URL after the switch.
     * @default ["health", "latency-p95"]
     */
    checks: z
      .array(z.enum(GATE_CHECK_IDS, { error: `expected one of ${GATE_CHECK_IDS.join(", ")}` }))
      .default(["health", "latency-p95"]),
    /** p95 bound (ms) for the preflight against the origin and the latency gate. The checklist's bar. @default 500 */
    p95Ms: z
      .number({ error: "expected milliseconds such as 500" })
      .int({ error: "expected whole milliseconds such as 500" })
      .min(10, { error: "expected at least 10 ms" })
      .max(10_000, { error: "expected at most 10000 ms" })
      .default(500),
    /** Requests in the p95 sample: small and bounded so a gate never loads production. @default 40 */
    samples: z
      .number({ error: "expected a number of requests such as 40" })
      .int({ error: "expected a whole number of requests" })
      .min(5, { error: "expected at least 5 requests (fewer make a p95 meaningless)" })
      .max(500, { error: "expected at most 500 requests: a gate must not load production" })
      .default(40),
    /**
     * Seconds to wait after `pulumi up` before verifying: Cloudflare applies a
     * record or load-balancer change at the edge within seconds, and a verify
     * that runs sooner may still be answered by the old colour.
     * @default 10
     */
    settleSeconds: z
      .number({ error: "expected seconds such as 10" })
      .int({ error: "expected whole seconds such as 10" })
      .min(0, { error: "expected 0 or more seconds" })
      .max(600, { error: "expected at most 600 seconds" })
      .default(10),
  })
  .strict()
  .prefault({});

/**
 * Blue/green: two origins and the colour that takes traffic. `active` is the
 * one line a deploy or a rollback changes.
 */
export const DeploySchema = z
  .object({
    /** @default "blue" */
    active: z.enum(COLOURS, { error: "expected blue or green" }).default("blue"),
    origins: z
      .object({
        blue: originAddress,
        green: originAddress,
      })
      .strict(),
    /** Origin of the marketing site (apex and www). @default the active colour's origin */
    marketingOrigin: originAddress.optional(),
    switch: TrafficSwitchSchema,
    gates: DeployGatesSchema,
  })
  .strict();
export type DeployConfig = z.infer<typeof DeploySchema>;

/** The backend in effect: the explicit one, else the plan's default (see TrafficSwitchSchema.backend). */
export function switchBackend(deploy: DeployConfig, plan: CloudflarePlan): SwitchBackend {
  return deploy.switch.backend ?? (plan === "enterprise" ? "load-balancer" : "dns");
}

/** The path monitors and gates request. */
export function switchHealthPath(deploy: DeployConfig, routesHealth: string): string {
  return deploy.switch.healthPath ?? routesHealth;
}

function originKind(origin: string): "ipv4" | "ipv6" | "hostname" {
  return isIpv4(origin) ? "ipv4" : isIpv6(origin) ? "ipv6" : "hostname";
}

/**
 * Deploy rules that need other sections (the plan decides the backend). Called
 * from rules.ts with the whole parsed config.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function checkDeployRules(config: any, ctx: z.RefinementCtx): void {
  const deploy = config.deploy as DeployConfig;
  const backend = switchBackend(deploy, config.cloudflare.plan);
  if (backend === "dns" && deploy.switch.canaryPercent > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["deploy", "switch", "canaryPercent"],
      input: deploy.switch.canaryPercent,
      message: `a canary needs deploy.switch.backend: load-balancer (the ${backend} backend points each hostname at one origin); set it to 0 or switch backend`,
    });
  }
  const blue = originKind(deploy.origins.blue);
  const green = originKind(deploy.origins.green);
  if (backend === "dns" && blue !== green) {
    // A DNS record's type cannot be edited in place: A ↔ CNAME would delete and
    // recreate the record on every flip, a window with no record at all.
    ctx.addIssue({
      code: "custom",
      path: ["deploy", "origins", "green"],
      input: deploy.origins.green,
      message: `must be the same kind as deploy.origins.blue (${blue}, not ${green}) with the dns backend: a flip would replace the record (A/AAAA/CNAME types cannot change in place); use two ${blue === "hostname" ? "hostnames" : `${blue} addresses`} or backend: load-balancer`,
    });
  }
}
