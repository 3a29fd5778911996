import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCa, type TestCa } from "../fixtures/portal/certs";
import { startPortal, type RunningPortal } from "../fixtures/portal/server";
import { writeVerifyFile } from "../fixtures/portal/verify-file";
import { runCli } from "./cli-helpers";
import { planStack } from "../../scripts/plan/plan-stack";
import { renderZoneFile } from "../../scripts/plan/zone-file";
import { startKnot } from "../email-dns/knot-server";

/** Targets that are not there, hang, or speak broken TLS: clear results, the right exit codes. */

let ca: TestCa;
let tmp: string;
let caFile: string;
const listeners: { close(): unknown }[] = [];

beforeAll(() => {
  ca = makeCa();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "launch-ready-targets-"));
  caFile = path.join(tmp, "ca.pem");
  fs.writeFileSync(caFile, ca.cert);
});
afterAll(async () => {
  for (const l of listeners) await l.close();
});

function listen(server: net.Server): Promise<number> {
  listeners.push({ close: () => new Promise<void>((r) => server.close(() => r())) });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

function json(stdout: string): { findings: { id: string; status: string; message: string; evidence?: string; severity: string; target?: string }[] } {
  return JSON.parse(stdout);
}

describe("unreachable and hanging targets exit 4", () => {
  it("a closed port", async () => {
    const s = net.createServer();
    const port = await new Promise<number>((r) => s.listen(0, "127.0.0.1", () => r((s.address() as AddressInfo).port)));
    await new Promise<void>((r) => s.close(() => r()));
    const run = await runCli(["verify", "--url", `https://127.0.0.1:${port}`, "--format", "json"]);
    expect(run.code).toBe(4);
    expect(run.stderr).toBe(`launch-ready: https://127.0.0.1:${port} cannot be reached (ECONNREFUSED); check the URL, DNS and that the portal is running\n`);
    expect(run.stdout).toBe("");
  });

  it("a server that accepts but never answers HTTP", async () => {
    const sockets: net.Socket[] = [];
    const s = net.createServer((sock) => sockets.push(sock));
    listeners.push({ close: () => sockets.forEach((x) => x.destroy()) });
    const port = await listen(s);
    const started = Date.now();
    const run = await runCli(["verify", "--url", `http://127.0.0.1:${port}`, "--timeout", "500"]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`http://127.0.0.1:${port} did not answer an HTTP request: no answer within 500 ms`);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a server that accepts but never completes a TLS handshake", async () => {
    const sockets: net.Socket[] = [];
    const s = net.createServer((sock) => sockets.push(sock));
    listeners.push({ close: () => sockets.forEach((x) => x.destroy()) });
    const port = await listen(s);
    const run = await runCli(["verify", "--url", `https://127.0.0.1:${port}`, "--timeout", "500"]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`https://127.0.0.1:${port} accepted a connection but completed no TLS handshake within 500 ms`);
  });
});

describe("broken TLS", () => {
  it("plain HTTP on the HTTPS address: tls fails, nothing else can run, exit 1", async () => {
    const port = await listen(http.createServer((_req, res) => res.end("hello")));
    const run = await runCli(["verify", "--url", `https://127.0.0.1:${port}`, "--format", "json"]);
    expect(run.code).toBe(1);
    const { findings } = json(run.stdout);
    const tls = findings.filter((f) => f.id === "tls");
    expect(tls).toHaveLength(1);
    expect(tls[0]).toMatchObject({ status: "fail", severity: "critical", message: "no TLS handshake is possible with the portal, so no browser can open it" });
    expect(tls[0].evidence).toMatch(/EPROTO|wrong version number/);
    const others = findings.filter((f) => f.id !== "tls" && !f.id.startsWith("email-"));
    expect(others.length).toBe(14);
    expect(others.every((f) => f.status === "skip" && f.message === "not run: the TLS handshake fails")).toBe(true);
  });

  const certCases: [string, () => { key: string; cert: string }, boolean, RegExp][] = [
    ["a certificate from a CA the client does not trust", () => ca.issue(), false, /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN/],
    ["a certificate for another hostname", () => ca.issue({ altNames: { dns: ["other.test"], ip: [] } }), true, /ERR_TLS_CERT_ALTNAME_INVALID/],
    ["an expired certificate", () => ca.issue({ notBefore: new Date(Date.now() - 10 * 86_400_000), days: 1 }), true, /CERT_HAS_EXPIRED/],
  ];
  it.each(certCases)("%s: tls fails, the other checks still run (unverified), exit 1", async (_name, makeCert, withCa, code) => {
    const portal = await startPortal({ ca, cert: makeCert() });
    listeners.push(portal);
    const minimal = path.join(tmp, `minimal-${portal.httpUrl.split(":").pop()}.yaml`);
    fs.writeFileSync(minimal, `tls:\n  httpUrl: ${portal.httpUrl}\n`);
    const run = await runCli(["verify", "--url", portal.httpsUrl, "--config", minimal, ...(withCa ? ["--ca", caFile] : []), "--only", "tls,health,security-headers", "--format", "json"]);
    expect(run.code).toBe(1);
    const { findings } = json(run.stdout);
    const certFinding = findings.find((f) => f.id === "tls" && f.status === "fail")!;
    expect(certFinding.message).toMatch(/^the certificate is not valid for 127\.0\.0\.1: /);
    expect(certFinding.message).toMatch(code);
    expect(findings.find((f) => f.id === "tls" && f.status === "warn")?.message).toBe("the other checks ran without certificate verification because the certificate is not trusted");
    expect(findings.filter((f) => f.id === "health").map((f) => f.status)).toEqual(["pass"]);
    expect(findings.filter((f) => f.id === "security-headers").map((f) => f.status)).toEqual(["pass"]);
  });
});

describe("the command line", () => {
  let portal: RunningPortal;
  let file: string;
  beforeAll(async () => {
    portal = await startPortal({ ca });
    listeners.push(portal);
    file = writeVerifyFile(portal, { health: { maxMs: 5000 }, latency: { endpoints: ["/api/health"], p95Ms: 1500, requests: 20, connections: 2 } });
  });

  it("prints a scorecard grouped by the checklist's rows, progress on stderr, and never a password", async () => {
    portal.reset();
    const run = await runCli(["verify", "--url", portal.httpsUrl, "--config", file, "--ca", caFile], portal.env);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n").slice(0, 13)).toEqual([
      `Scorecard — launch-ready verify --url ${portal.httpsUrl} (${portal.httpsUrl})`,
      "  PASS  Authentication         1 pass, 0 fail, 0 warn",
      "  PASS  Authorization          1 pass, 0 fail, 0 warn",
      "  PASS  Session security       2 pass, 0 fail, 0 warn",
      "  PASS  Input validation       1 pass, 0 fail, 0 warn",
      "  PASS  Secret handling        1 pass, 0 fail, 0 warn",
      "  PASS  Rate limiting          4 pass, 0 fail, 0 warn",
      "  PASS  CORS and CSRF          2 pass, 0 fail, 0 warn",
      "  SKIP  Email DNS setup        0 pass, 0 fail, 0 warn, 3 skip",
      "  PASS  Deployment safety      1 pass, 0 fail, 0 warn",
      "  PASS  Edge and TLS           7 pass, 0 fail, 0 warn",
      "  PASS  Performance            1 pass, 0 fail, 0 warn",
      "",
    ]);
    expect(run.stderr).toMatch(/^verify: health … PASS \(1 pass, 0 fail, 0 warn\) \(\d+ ms\)$/m);
    expect(run.stderr).toMatch(/^verify: rate-limit … PASS \(4 pass, 0 fail, 0 warn\) \(\d+ ms\)$/m);
    for (const secret of Object.values(portal.env)) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
  });

  it.each([
    ["json", (t: string) => expect(JSON.parse(t).findings.map((f: { id: string }) => f.id)).toEqual(["tls", "tls", "tls", "health"])],
    ["md", (t: string) => expect(t).toContain("| Deployment safety | pass | 1 | 0 | 0 |")],
    ["sarif", (t: string) => expect(JSON.parse(t).runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(["tls", "health"])],
    ["junit", (t: string) => expect(t).toContain('<testsuite name="edge-tls" tests="3" failures="0" skipped="0">')],
  ])("--format %s --output FILE", async (format, check) => {
    const out = path.join(tmp, `report.${format}`);
    const run = await runCli(["verify", "--url", portal.httpsUrl, "--config", file, "--ca", caFile, "--only", "health,tls", "--format", format, "--output", out], portal.env);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`wrote ${out}`);
    check(fs.readFileSync(out, "utf8"));
  });

  it("exits 2 with what to fix for bad flags and files", async () => {
    expect(await runCli(["verify"])).toMatchObject({ code: 2, stderr: "launch-ready: verify needs --stack S or --url URL (or a --config file with baseUrl): which portal to check\n" });
    expect((await runCli(["verify", "--url", portal.httpsUrl, "--only", "tls,speed"])).stderr).toContain("--only: unknown check id(s) speed; allowed: auth-boundary, tenant-isolation");
    expect(await runCli(["verify", "--url", portal.httpsUrl, "--ca", path.join(tmp, "missing.pem")])).toMatchObject({ code: 2, stderr: `launch-ready: --ca ${path.join(tmp, "missing.pem")}: cannot read the file (ENOENT)\n` });
    expect(await runCli(["verify", "--url", "ftp://example.test"])).toMatchObject({ code: 2, stderr: "launch-ready: --url ftp://example.test: expected an http:// or https:// URL\n" });
    const noEnv = await runCli(["verify", "--url", portal.httpsUrl, "--config", file], { BUYER_A_PASSWORD: "", BUYER_B_PASSWORD: "" });
    expect(noEnv.code).toBe(2);
    expect(noEnv.stderr).toContain(`  - accounts.buyerA.password = "\${BUYER_A_PASSWORD}": environment variable BUYER_A_PASSWORD is not set; export it before running verify (the value is never printed)`);
    expect(noEnv.stderr).toContain("  - accounts.buyerB.password");
  });

  it("--stack takes routes, CORS origins, rate limits and the email domain from the stack file; --url points it at the fixture", async () => {
    const stackPortal = await startPortal({ ca, allowedOrigins: ["https://app.tradeloft.test"] });
    listeners.push(stackPortal);
    // The email checks ask a real authoritative server on loopback serving the dev plan's zone.
    const { plan, config } = await planStack({ stack: "dev" });
    const knot = await startKnot([{ origin: config.domain.apex, body: renderZoneFile(plan, { origin: config.domain.apex, title: "dev" }) }]);
    listeners.push({ close: () => knot.stop() });
    const run = await runCli(["verify", "--stack", "dev", "--url", stackPortal.httpsUrl, "--ca", caFile, "--only", "auth-boundary,cors,rate-limit,email-spf,email-dmarc", "--dns-server", knot.address, "--format", "json"]);
    expect(run.code).toBe(0);
    const { findings } = json(run.stdout);
    const byId = (id: string) => findings.filter((f) => f.id === id);
    expect(byId("auth-boundary")[0]).toMatchObject({ status: "pass", evidence: "/app 302 → /login; /api 401; /admin 302 → /login" });
    expect(byId("cors").map((f) => f.status)).toEqual(["pass"]);
    expect(byId("cors")[0].evidence).toContain("/api preflight from allowed https://app.tradeloft.test → ACAO https://app.tradeloft.test");
    expect(byId("rate-limit").map((f) => [f.status, f.message])).toEqual([
      ["pass", expect.stringMatching(/^POST \/api\/auth\/login answers 429 \(Retry-After: \d+\) at request 11 of budget 10$/)],
      ["pass", expect.stringMatching(/^POST \/api\/auth\/password-reset answers 429 \(Retry-After: \d+\) at request 4 of budget 3$/)],
      ["skip", "needs a test account: add accounts (with passwords from ${ENV_VARS}) to the verify file (--config)"],
      ["skip", "needs a test account: add accounts (with passwords from ${ENV_VARS}) to the verify file (--config)"],
    ]);
    // The stack's sending domain, checked through the email checker plugged into the CLI.
    expect(byId("email-spf").map((f) => [f.status, f.target])).toEqual([["pass", "tradeloft.test"]]);
    expect(byId("email-dmarc").map((f) => f.status)).toEqual(["pass"]);
  });
});
