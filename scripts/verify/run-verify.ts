import * as net from "node:net";
import type { Finding } from "../lib/findings";
import { UnreachableError } from "../lib/errors";
import { secretlintBundleScanner, type BundleScanner } from "./bundle-scanner";
import { CHECK_IDS, finding, type CheckId, type LiveCheck, type VerifyContext } from "./check";
import { LIVE_CHECKS } from "./checks";
import type { EmailChecker } from "./email-checker";
import { HttpClient, describeNetworkError } from "./http";
import { defaultProgress, type Progress } from "./progress";
import { Sessions } from "./sessions";
import type { VerifyTarget } from "./target";
import { CERTIFICATE_ERRORS, handshake } from "./tls-probe";

export interface VerifyOptions {
  target: VerifyTarget;
  /** PEM of a private CA (--ca). */
  ca?: string;
  /** Run only these checks (email-* select the email step). */
  only?: CheckId[];
  scanBundle?: BundleScanner;
  /** Plug in issue 4's `checkEmailDns` here; without it the email checks skip. */
  emailChecker?: EmailChecker;
  progress?: Progress;
  /** Values that must never be printed (passwords from the environment): scrubbed from every finding. */
  secrets?: string[];
}

export interface VerifyResult {
  findings: Finding[];
  measurements: Record<string, unknown>;
  durationMs: number;
}

/** The state of the target before any check runs. */
type Reachability = { kind: "ok" } | { kind: "untrusted-certificate"; detail: string } | { kind: "tls-broken"; detail: string };

/**
 * Is anything there? TCP refused / no DNS / no answer → exit 4. A TLS
 * handshake that cannot complete → the tls check fails and nothing else can
 * run. An untrusted certificate → the tls check fails, the rest runs without
 * verification so the scorecard still says something.
 */
async function reach(target: VerifyTarget, http: HttpClient): Promise<Reachability> {
  const url = new URL(target.origin);
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, "");
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new UnreachableError(`${target.origin} did not accept a connection within ${target.timeoutMs} ms; check the URL, DNS and firewall`));
    }, target.timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.end();
      resolve();
    });
    socket.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new UnreachableError(`${target.origin} cannot be reached (${e.code ?? e.message}); check the URL, DNS and that the portal is running`));
    });
  });
  let state: Reachability = { kind: "ok" };
  if (url.protocol === "https:") {
    const hs = await handshake({ origin: target.origin, ca: http.ca, timeoutMs: target.timeoutMs, verify: true });
    if (!hs.ok && hs.code === "ETIMEDOUT") throw new UnreachableError(`${target.origin} accepted a connection but completed no TLS handshake within ${target.timeoutMs} ms`);
    if (!hs.ok && hs.code && CERTIFICATE_ERRORS.has(hs.code)) state = { kind: "untrusted-certificate", detail: `${hs.code}: ${hs.message}` };
    else if (!hs.ok) return { kind: "tls-broken", detail: `${hs.code ?? ""} ${hs.message ?? ""}`.trim() };
  }
  const client = state.kind === "ok" ? http : http.insecure();
  try {
    await client.send("/");
  } catch (e) {
    throw new UnreachableError(`${target.origin} did not answer an HTTP request: ${describeNetworkError(e, target.timeoutMs)}`);
  } finally {
    if (client !== http) await client.close();
  }
  return state;
}

function scrub(f: Finding, secrets: string[]): Finding {
  if (secrets.length === 0) return f;
  const clean = (s: string | undefined) => (s === undefined ? s : secrets.reduce((acc, secret) => (secret.length >= 4 ? acc.split(secret).join("[redacted]") : acc), s));
  return { ...f, message: clean(f.message)!, evidence: clean(f.evidence), target: clean(f.target), fix: clean(f.fix) };
}

function wanted(check: LiveCheck, only?: CheckId[]): boolean {
  if (!only || only.length === 0) return true;
  if (check.id === "email") return only.some((id) => id.startsWith("email-"));
  return only.includes(check.id);
}

export async function runVerify(opts: VerifyOptions): Promise<VerifyResult> {
  const started = performance.now();
  const { target } = opts;
  const secrets = [...new Set([...(opts.secrets ?? []), ...Object.values(target.accounts).map((a) => a.password)])];
  const verified = new HttpClient({ origin: target.origin, alsoAllowed: [target.httpUrl], timeoutMs: target.timeoutMs, ca: opts.ca });
  const clients = [verified];
  const findings: Finding[] = [];
  const measurements: Record<string, unknown> = {};
  try {
    const state = await reach(target, verified);
    const checks = LIVE_CHECKS.filter((c) => wanted(c, opts.only));
    if (state.kind === "tls-broken") {
      findings.push(
        finding("tls", "fail", {
          severity: "critical",
          message: "no TLS handshake is possible with the portal, so no browser can open it",
          target: target.origin,
          evidence: state.detail,
          fix: "Serve HTTPS on this address with TLS 1.2 or 1.3 and a valid certificate (is it plain HTTP on the HTTPS port, or only TLS 1.0/1.1?).",
        }),
      );
      for (const c of checks.filter((c) => c.id !== "tls" && c.id !== "email")) findings.push(finding(c.id as CheckId, "skip", { message: "not run: the TLS handshake fails", target: target.origin }));
      return { findings: findings.map((f) => scrub(f, secrets)), measurements, durationMs: performance.now() - started };
    }
    const http = state.kind === "ok" ? verified : verified.insecure();
    if (http !== verified) clients.push(http);
    const ctx: VerifyContext = {
      target,
      http,
      sessions: new Sessions(target, () => http),
      scanBundle: opts.scanBundle ?? secretlintBundleScanner,
      emailChecker: opts.emailChecker,
      measurements,
    };
    const progress = opts.progress ?? defaultProgress();
    await progress(
      checks.map((check) => ({
        title: check.id === "email" ? "email-spf/dkim/dmarc" : check.id,
        run: async () => {
          let out: Finding[];
          try {
            out = await check.run(ctx);
          } catch (e) {
            const id = (check.id === "email" ? "email-spf" : check.id) as CheckId;
            out = [finding(id, "fail", { severity: "medium", message: `the check could not complete: ${describeNetworkError(e, target.timeoutMs)}`, target: target.origin, fix: "Make sure the portal answers every request within the timeout; re-run with LAUNCH_READY_DEBUG=1 if this looks like a verifier bug." })];
          }
          if (check.id === "tls" && state.kind === "untrusted-certificate") {
            out.push(finding("tls", "warn", { severity: "info", message: "the other checks ran without certificate verification because the certificate is not trusted", target: target.origin, evidence: state.detail, mandatory: false }));
          }
          findings.push(...out);
          return summarise(out);
        },
      })),
    );
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
  const order = new Map(CHECK_IDS.map((id, i) => [id as string, i]));
  findings.sort((a, b) => (order.get(a.id) ?? 99) - (order.get(b.id) ?? 99));
  return { findings: findings.map((f) => scrub(f, secrets)), measurements, durationMs: performance.now() - started };
}

function summarise(out: Finding[]): string {
  const n = (s: Finding["status"]) => out.filter((f) => f.status === s).length;
  const status = n("fail") ? "FAIL" : n("warn") ? "WARN" : n("pass") ? "PASS" : "SKIP";
  return `${status} (${n("pass")} pass, ${n("fail")} fail, ${n("warn")} warn${n("skip") ? `, ${n("skip")} skip` : ""})`;
}
