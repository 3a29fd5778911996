import type { Finding } from "../../lib/findings";
import type { LiveCheck } from "../check";
import { finding } from "../check";
import { describeNetworkError } from "../http";
import { clientCannotOfferLegacy, handshake } from "../tls-probe";

const DAY_MS = 86_400_000;

/**
 * A certificate valid for the hostname, TLS below 1.2 refused (RFC 8996
 * deprecates 1.0 and 1.1), and plain HTTP redirected to HTTPS.
 */
export const tlsCheck: LiveCheck = {
  id: "tls",
  title: "certificate, TLS >= 1.2 only, HTTP redirects to HTTPS",
  async run({ target, http }) {
    const findings: Finding[] = [];
    const origin = target.origin;
    if (!origin.startsWith("https:")) {
      return [
        finding("tls", "fail", {
          severity: "critical",
          message: "the portal is served over plain HTTP: sessions and passwords cross the network in clear text",
          target: origin,
          fix: "Serve the portal over HTTPS only (Cloudflare SSL mode Full (strict), Always Use HTTPS) and verify https://… instead.",
        }),
      ];
    }
    const base = { origin, ca: http.ca, timeoutMs: http.timeoutMs };

    // 1. The certificate, verified as a browser would (system roots plus --ca).
    const cert = await handshake({ ...base, verify: true });
    if (!cert.ok) {
      findings.push(
        finding("tls", "fail", {
          severity: "critical",
          message: `the certificate is not valid for ${new URL(origin).hostname}: ${cert.code ?? "handshake failed"}`,
          target: origin,
          evidence: `${cert.code ?? ""} ${cert.message ?? ""}`.trim(),
          fix: "Serve a certificate from a public CA that covers this hostname and has not expired (Cloudflare edge certificates do this; at the origin use a Cloudflare Origin CA certificate with SSL mode Full (strict)). For a private CA in tests, pass --ca FILE.",
        }),
      );
    } else if (cert.certificate) {
      const daysLeft = Math.floor((cert.certificate.validTo.getTime() - Date.now()) / DAY_MS);
      const evidence = `${cert.protocol}; subject ${cert.certificate.subject}; SAN ${cert.certificate.altNames}; expires ${cert.certificate.validTo.toISOString().slice(0, 10)} (${daysLeft} days)`;
      findings.push(
        daysLeft < target.tls.minDaysLeft
          ? finding("tls", "warn", { severity: "medium", message: `the certificate expires in ${daysLeft} days`, target: origin, evidence, fix: "Renew the certificate (or check that automatic renewal works) before it expires.", mandatory: false })
          : finding("tls", "pass", { message: "the certificate is valid for the hostname", target: origin, evidence }),
      );
    }

    // 2. TLS 1.0 and 1.1 must be refused, each on its own.
    const legacy = [await handshake({ ...base, verify: false, legacyOnly: "TLSv1" }), await handshake({ ...base, verify: false, legacyOnly: "TLSv1.1" })];
    const accepted = legacy.filter((r) => r.ok).map((r) => r.protocol);
    if (accepted.length > 0) {
      findings.push(
        finding("tls", "fail", {
          message: `the server accepts ${accepted.join(" and ")}, deprecated by RFC 8996`,
          target: origin,
          evidence: accepted.map((p) => `a handshake offering only ${p} completed`).join("; "),
          fix: "Set the minimum TLS version to 1.2 (Cloudflare: SSL/TLS → Edge Certificates → Minimum TLS Version = 1.2, zone setting min_tls_version; origin: ssl_protocols TLSv1.2 TLSv1.3).",
        }),
      );
    } else if (legacy.some(clientCannotOfferLegacy)) {
      findings.push(finding("tls", "skip", { message: "this machine's OpenSSL cannot offer TLS 1.0/1.1, so refusing them could not be tested", target: origin, evidence: legacy.find(clientCannotOfferLegacy)?.message }));
    } else {
      findings.push(finding("tls", "pass", { message: "TLS 1.0 and 1.1 are refused", target: origin, evidence: legacy.map((r, i) => `offering only ${i === 0 ? "TLS 1.0" : "TLS 1.1"}: ${r.code ?? r.message ?? "refused"}`).join("; ") }));
    }

    // 3. http:// answers with a redirect to https:// on the same host.
    const httpUrl = `${target.httpUrl}/`;
    const host = new URL(origin).hostname;
    const redirectFix = `Redirect every http:// request to https://${host} with 301/308 (Cloudflare: Always Use HTTPS), and send HSTS.`;
    try {
      const res = await http.send(httpUrl);
      const location = res.headers.location;
      let to: URL | undefined;
      try {
        to = location ? new URL(location, httpUrl) : undefined;
      } catch {
        to = undefined;
      }
      if (res.status >= 300 && res.status < 400 && to?.protocol === "https:" && to.hostname === host) {
        findings.push(finding("tls", "pass", { message: "plain HTTP redirects to HTTPS", target: httpUrl, evidence: `${res.status} → ${location}` }));
      } else {
        findings.push(
          finding("tls", "fail", {
            message: "plain HTTP does not redirect to HTTPS",
            target: httpUrl,
            evidence: `${res.status}${location ? ` → ${location}` : " without a Location header"}`,
            fix: redirectFix,
          }),
        );
      }
    } catch (e) {
      findings.push(finding("tls", "warn", { severity: "low", message: `nothing answers on ${target.httpUrl}: visitors who type the bare name get an error instead of a redirect`, target: httpUrl, evidence: describeNetworkError(e, http.timeoutMs), fix: redirectFix, mandatory: false }));
    }
    return findings;
  },
};
