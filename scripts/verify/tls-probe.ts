import { isIP } from "node:net";
import * as tls from "node:tls";

/** Raw TLS handshakes with the target's host and port only (the origin rule holds here too). */

export interface HandshakeResult {
  ok: boolean;
  protocol?: string;
  /** Certificate facts when the handshake completed. */
  certificate?: { subject: string; issuer: string; validTo: Date; altNames: string };
  /** Error code (CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, EPROTO, ...) and message. */
  code?: string;
  message?: string;
}

export interface HandshakeOptions {
  origin: string;
  ca?: string;
  timeoutMs: number;
  verify: boolean;
  /** Offer only this old version (the client lowers its own OpenSSL security level so it can). */
  legacyOnly?: "TLSv1" | "TLSv1.1";
}

/** Errors that mean "the certificate is not trusted for this host", as opposed to "no TLS at all". */
export const CERTIFICATE_ERRORS = new Set([
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "CERT_UNTRUSTED",
  "CERT_REVOKED",
  "CERT_SIGNATURE_FAILURE",
]);

export function handshake(opts: HandshakeOptions): Promise<HandshakeResult> {
  const url = new URL(opts.origin);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || 443);
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: HandshakeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const socket = tls.connect({
      host,
      port,
      // SNI carries names only (RFC 6066 §3); for an IP, Node checks the IP SANs against host.
      servername: isIP(host) ? undefined : host,
      ca: opts.ca ? [...tls.rootCertificates, opts.ca] : undefined,
      rejectUnauthorized: opts.verify,
      ...(opts.legacyOnly ? { minVersion: opts.legacyOnly, maxVersion: opts.legacyOnly, ciphers: "DEFAULT@SECLEVEL=0" } : {}),
    });
    const timer = setTimeout(() => done({ ok: false, code: "ETIMEDOUT", message: `no TLS handshake within ${opts.timeoutMs} ms` }), opts.timeoutMs);
    socket.once("secureConnect", () => {
      const peer = socket.getPeerCertificate();
      const name = (o: Record<string, string | string[]> | undefined) => (o ? Object.entries(o).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("+") : v}`).join(", ") : "");
      done({
        ok: true,
        protocol: socket.getProtocol() ?? undefined,
        certificate: peer && peer.valid_to ? { subject: name(peer.subject as never), issuer: name(peer.issuer as never), validTo: new Date(peer.valid_to), altNames: peer.subjectaltname ?? "" } : undefined,
      });
    });
    socket.once("error", (e: NodeJS.ErrnoException) => done({ ok: false, code: e.code, message: e.message }));
  });
}

/** The client could not even offer TLS 1.0/1.1 (an OpenSSL built without them): nothing proven either way. */
export function clientCannotOfferLegacy(r: HandshakeResult): boolean {
  return !r.ok && /no protocols available|ERR_SSL_NO_PROTOCOLS_AVAILABLE/i.test(`${r.code} ${r.message}`);
}
