import type { Colour } from "../../stacks/schema/deploy";
import type { Finding } from "../lib/findings";

/** Where a check reaches a colour's origin directly, bypassing the switch. */
export interface OriginTarget {
  colour: Colour;
  /** e.g. `https://203.0.113.20` */
  baseUrl: string;
  /** Host header (and TLS server name) the origin serves the portal under. */
  hostHeader?: string;
}

/**
 * The stack a deploy switches. The orchestration only ever goes through this
 * interface: the Pulumi Automation API implements it for real stacks, a
 * local nginx in front of two origins implements it in tests.
 */
export interface StackOperations {
  readonly stack: string;
  /** `deploy.active` as the stack file says now. */
  readActive(): Promise<Colour>;
  /** Writes `deploy.active` into the stack file, touching nothing else. */
  writeActive(colour: Colour): Promise<void>;
  /** Applies the stack file (`pulumi up`); resolves when applied, throws when it failed. */
  up(): Promise<void>;
  originTarget(colour: Colour): OriginTarget;
  /** The portal's public URL (through the switch). */
  publicUrl(): string;
}

/**
 * The checks that gate a deploy, as Findings of the common model. A fail that
 * is mandatory blocks: before the switch it refuses, after it rolls back.
 */
export interface DeployChecks {
  /** Against the target colour's origin, before anything changes. */
  preflight(origin: OriginTarget): Promise<Finding[]>;
  /** Against the public URL, after the switch. */
  verify(publicUrl: string): Promise<Finding[]>;
}
