import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { Colour } from "../../stacks/schema/deploy";

export interface OriginBehaviour {
  /** Health endpoint status (e.g. 503 for an origin that is not ready). @default 200 */
  healthStatus?: number;
  /**
   * Extra latency for requests that came through the proxy (X-Forwarded-For):
   * a release that passes its direct preflight but degrades under production
   * traffic — the case only the post-switch gate catches.
   */
  slowBehindProxyMs?: number;
}

export interface Origin {
  colour: Colour;
  port: number;
  /** Requests served, by whether they came through the proxy. */
  served: { direct: number; proxied: number };
  close(): Promise<void>;
}

/** A real portal origin on 127.0.0.1: every answer names its colour (X-Origin-Colour). */
export async function startOrigin(colour: Colour, behaviour: OriginBehaviour = {}, healthPath = "/api/health"): Promise<Origin> {
  const served = { direct: 0, proxied: 0 };
  const server = http.createServer((req, res) => {
    const proxied = req.headers["x-forwarded-for"] !== undefined;
    served[proxied ? "proxied" : "direct"]++;
    const status = req.url === healthPath ? (behaviour.healthStatus ?? 200) : 200;
    const answer = () => {
      res.writeHead(status, { "content-type": "application/json", "x-origin-colour": colour });
      res.end(JSON.stringify({ colour, path: req.url, status: status === 200 ? "ok" : "unavailable" }));
    };
    if (proxied && behaviour.slowBehindProxyMs) setTimeout(answer, behaviour.slowBehindProxyMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    colour,
    port: (server.address() as AddressInfo).port,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
