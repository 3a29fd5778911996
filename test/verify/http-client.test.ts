import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient, OutsideOriginError, describeNetworkError } from "../../scripts/verify/http";

/** The verifier's only HTTP client: nothing leaves the target's origin, every request is bounded. */

let target: http.Server;
let other: http.Server;
let targetOrigin: string;
let otherOrigin: string;
let otherHits = 0;

function serve(handler: http.RequestListener): Promise<[http.Server, string]> {
  const s = http.createServer(handler);
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve([s, `http://127.0.0.1:${(s.address() as AddressInfo).port}`])));
}

beforeAll(async () => {
  [other, otherOrigin] = await serve((_req, res) => {
    otherHits++;
    res.end("other");
  });
  [target, targetOrigin] = await serve((req, res) => {
    if (req.url === "/redirect-away") {
      res.writeHead(302, { Location: `${otherOrigin}/stolen` });
      return res.end();
    }
    if (req.url === "/hang") return; // never answers
    if (req.url === "/big") return res.end("x".repeat(3000));
    res.setHeader("Set-Cookie", ["sid=abc; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=600", "theme=dark; Path=/"]);
    res.end(`${req.method} ${req.url} ${req.headers.cookie ?? ""}`);
  });
});
afterAll(async () => {
  for (const s of [target, other]) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

describe("HttpClient", () => {
  it("refuses any URL outside the target's origin before sending anything", async () => {
    const client = new HttpClient({ origin: targetOrigin, timeoutMs: 2000 });
    await expect(client.send(`${otherOrigin}/x`)).rejects.toBeInstanceOf(OutsideOriginError);
    await expect(client.send(`${otherOrigin}/x`)).rejects.toThrow(`refused to send a request to ${otherOrigin}/x: only ${targetOrigin} may be contacted`);
    await expect(client.send("//127.0.0.2/x")).rejects.toBeInstanceOf(OutsideOriginError);
    expect(client.isAllowed("/ok")).toBe(true);
    expect(client.isAllowed("https://example.com/")).toBe(false);
    expect(otherHits).toBe(0);
    await client.close();
  });

  it("never follows a redirect to another origin", async () => {
    const client = new HttpClient({ origin: targetOrigin, timeoutMs: 2000 });
    const res = await client.send("/redirect-away");
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${otherOrigin}/stolen`);
    expect(otherHits).toBe(0);
    await client.close();
  });

  it("sends cookies and parses every Set-Cookie", async () => {
    const client = new HttpClient({ origin: targetOrigin, timeoutMs: 2000 });
    const res = await client.send("/echo", { method: "POST", cookie: "sid=1", body: { a: 1 } });
    expect(res.body).toBe("POST /echo sid=1");
    expect(res.cookies.map((c) => [c.name, c.httpOnly ?? false, c.secure ?? false, c.sameSite, c.maxAge])).toEqual([
      ["sid", true, true, "Strict", 600],
      ["theme", false, false, undefined, undefined],
    ]);
    await client.close();
  });

  it("bounds every request by the timeout and reads at most maxBodyBytes", async () => {
    const client = new HttpClient({ origin: targetOrigin, timeoutMs: 300, maxBodyBytes: 1000 });
    const started = Date.now();
    const err = await client.send("/hang").catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(describeNetworkError(err, 300)).toBe("no answer within 300 ms");
    expect((await client.send("/big")).body).toHaveLength(1000);
    await client.close();
  });

  it("allows the plain-HTTP twin only when asked to", async () => {
    const client = new HttpClient({ origin: "https://app.example.com", alsoAllowed: ["http://app.example.com"], timeoutMs: 100 });
    expect(client.isAllowed("http://app.example.com/")).toBe(true);
    expect(client.isAllowed("http://app.example.com:8080/")).toBe(false);
    expect(client.isAllowed("https://api.example.com/")).toBe(false);
    await client.close();
  });
});
