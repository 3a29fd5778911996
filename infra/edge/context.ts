import type { PortalConfig } from "../../stacks/schema";
import type { PortalHosts } from "../hostnames";
import { any, hasCookie, hostIs, pathMatches } from "./expressions";

/** What every edge concern reads: the parsed config and the portal's host names. */
export interface EdgeContext {
  config: PortalConfig;
  hosts: PortalHosts;
}

/** Every host the portal serves; rules scoped to these leave other zone hosts alone. */
export function portalHostNames(hosts: PortalHosts): string[] {
  return [...new Set([hosts.apex, hosts.www, hosts.app, hosts.api])];
}

/**
 * Requests that belong to the private side of the portal: the app and API
 * hosts, the portal/API/admin routes and the login page on any host, and
 * anything carrying a session cookie. Never cached, never indexed.
 */
export function privateRequest({ config, hosts }: EdgeContext, opts: { withCookie: boolean }): string {
  const { routes } = config;
  return any([
    hostIs([hosts.app, hosts.api]),
    pathMatches([...routes.portal, ...routes.api, ...routes.admin, routes.loginPage]),
    opts.withCookie ? hasCookie(config.edge.sessionCookies) : "",
  ]);
}
