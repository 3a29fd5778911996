import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpGate } from "../../scripts/deploy/http-gate";
import { freePort } from "./nginx-stack";

/** An origin that serves the portal only under its virtual host, like a real one behind Cloudflare. */
let server: http.Server;
let port: number;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.headers.host !== "app.example.com") {
      res.writeHead(421).end("misdirected");
      return;
    }
    res.writeHead(req.url === "/api/health" ? 200 : 404).end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const gate = (checks: ("health" | "latency-p95")[] = ["health", "latency-p95"]) => new HttpGate({ healthPath: "/api/health", p95Ms: 1000, samples: 5, checks });

describe("the built-in deploy gate", () => {
  it("preflight reaches the origin under the app's Host header", async () => {
    const findings = await gate().preflight({ colour: "green", baseUrl: `http://127.0.0.1:${port}`, hostHeader: "app.example.com" });
    expect(findings.map((f) => `${f.id}:${f.status}`)).toEqual(["health:pass", "latency-p95:pass"]);
    expect(findings[1].evidence).toMatch(new RegExp(`^p95 \\d+ ms over 5 requests to http://127\\.0\\.0\\.1:${port}/api/health \\(0 failed\\); bound 1000 ms$`));
  });

  it("fails when the origin answers, but not with 2xx (wrong virtual host)", async () => {
    const findings = await gate().preflight({ colour: "green", baseUrl: `http://127.0.0.1:${port}` });
    expect(findings[0]).toMatchObject({ id: "health", status: "fail", evidence: expect.stringMatching(/→ 421 in \d+ ms$/) });
    expect(findings[1]).toMatchObject({ id: "latency-p95", status: "fail", evidence: expect.stringContaining("(5 failed)") });
  });

  it("fails, with the network error as evidence, when nothing listens", async () => {
    const closed = await freePort();
    const findings = await gate(["health"]).verify(`http://127.0.0.1:${closed}`);
    expect(findings).toEqual([
      expect.objectContaining({ id: "health", status: "fail", target: `http://127.0.0.1:${closed}/api/health`, evidence: `GET http://127.0.0.1:${closed}/api/health → ECONNREFUSED`, mandatory: true }),
    ]);
  });

  it("runs plugged-in live checks for the gates it does not implement", async () => {
    const plugged = new HttpGate({
      healthPath: "/api/health",
      p95Ms: 1000,
      samples: 5,
      checks: ["security-headers"],
      extraChecks: { "security-headers": async (url) => [{ id: "security-headers", area: "edge-tls", status: "fail", severity: "high", message: `missing HSTS on ${url}`, mandatory: true }] },
    });
    expect(plugged.missingChecks()).toEqual([]);
    expect((await plugged.verify("https://app.example.com")).map((f) => f.message)).toEqual(["missing HSTS on https://app.example.com"]);
  });
});
