import type { PortalConfig } from "../../stacks/schema";
import { otherColour, switchBackend, switchHealthPath, type Colour, type SwitchBackend } from "../../stacks/schema/deploy";
import type { PortalHosts } from "../hostnames";

/** A portal hostname key: the records and load balancers are named after it. */
export type HostKey = keyof PortalHosts;

/** What the traffic switch decides from the config, before any resource exists. */
export interface SwitchPlan {
  backend: SwitchBackend;
  active: Colour;
  standby: Colour;
  /** Hostnames that follow `deploy.active` (app and api; apex and www too when no marketingOrigin is set). */
  switchedHosts: HostKey[];
  healthPath: string;
  canaryPercent: number;
}

export function switchPlan(config: PortalConfig): SwitchPlan {
  const { deploy } = config;
  return {
    backend: switchBackend(deploy, config.cloudflare.plan),
    active: deploy.active,
    standby: otherColour(deploy.active),
    switchedHosts: deploy.marketingOrigin === undefined ? ["apex", "www", "app", "api"] : ["app", "api"],
    healthPath: switchHealthPath(deploy, config.routes.health),
    canaryPercent: deploy.switch.canaryPercent,
  };
}
