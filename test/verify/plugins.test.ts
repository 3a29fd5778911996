import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../scripts/lib/findings";
import type { BundleScanner } from "../../scripts/verify/bundle-scanner";
import { secretlintBundleScanner } from "../../scripts/verify/bundle-scanner";
import type { EmailChecker } from "../../scripts/verify/email-checker";
import { makeCa } from "../fixtures/portal/certs";
import { startPortal, type RunningPortal } from "../fixtures/portal/server";
import { verifyPortal } from "./helpers";

/** The two seams the lead wires at merge: the email DNS checker (issue 4) and the bundle scanner (issue 5). */

let portal: RunningPortal;
beforeAll(async () => {
  portal = await startPortal({ ca: makeCa(), flaws: ["secretInBundle"] });
});
afterAll(() => portal.close());

describe("email checker", () => {
  it("is called with the domain, DNS server and selectors, and its findings land in the email-dns row", async () => {
    const calls: unknown[] = [];
    const checker: EmailChecker = async (opts) => {
      calls.push(opts);
      return [
        { id: "email-spf", area: "email-dns", status: "pass", severity: "info", message: "SPF passes" },
        { id: "email-dkim", area: "email-dns", status: "fail", severity: "high", message: "no DKIM key for selector s1", fix: "publish it" },
      ] satisfies Finding[];
    };
    const result = await verifyPortal(portal, { only: ["email-spf"], emailChecker: checker }, { email: { domain: "tradeloft.test", dnsServer: "127.0.0.1:5353", selectors: ["s1"] } });
    expect(calls).toEqual([{ domain: "tradeloft.test", dnsServer: "127.0.0.1:5353", selectors: ["s1"] }]);
    expect(result.findings.map((f) => [f.id, f.area, f.status, f.target, f.message])).toEqual([
      ["email-spf", "email-dns", "pass", "tradeloft.test", "SPF passes"],
      ["email-dkim", "email-dns", "fail", "tradeloft.test", "no DKIM key for selector s1"],
      ["email-dmarc", "email-dns", "skip", "tradeloft.test", "the email checker reported nothing for email-dmarc"],
    ]);
  });

  it("skips, saying why, when none is plugged in", async () => {
    const result = await verifyPortal(portal, { only: ["email-dmarc"] }, { email: { domain: "tradeloft.test" } });
    expect(result.findings.map((f) => [f.id, f.status, f.message])).toEqual([
      ["email-spf", "skip", "no email DNS checker is plugged into verify; run `launch-ready email-dns --domain tradeloft.test`"],
      ["email-dkim", "skip", "no email DNS checker is plugged into verify; run `launch-ready email-dns --domain tradeloft.test`"],
      ["email-dmarc", "skip", "no email DNS checker is plugged into verify; run `launch-ready email-dns --domain tradeloft.test`"],
    ]);
  });
});

describe("bundle scanner", () => {
  it("receives the page's scripts, inline scripts and source maps (same origin only), and its findings are the check's", async () => {
    const seen: string[] = [];
    const scanner: BundleScanner = async (files) => {
      seen.push(...files.map((f) => new URL(f.url).pathname + new URL(f.url).hash));
      return [];
    };
    const result = await verifyPortal(portal, { only: ["secrets-in-bundle"], scanBundle: scanner });
    expect([...new Set(seen)].sort()).toEqual(["/#inline-script-1", "/app#inline-script-1", "/login#inline-script-1", "/pricing#inline-script-1", "/static/app.js", "/static/app.js.map"]);
    expect(result.findings.map((f) => [f.id, f.status])).toEqual([["secrets-in-bundle", "pass"]]);
  });

  it("the default (the scan-secrets scanner: secretlint recommended + launch-ready rules) finds a token and masks it", async () => {
    const token = ["gh", "p_", "Q".repeat(10), "7aZ".repeat(8), "k2"].join("");
    const found = await secretlintBundleScanner([{ url: "https://app.example.com/static/main.js", text: `var a = 1;\nconst t = "${token}";\n` }]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: "secrets-in-bundle", area: "secret-handling", status: "fail", severity: "critical", target: "https://app.example.com/static/main.js", message: "a credential (GitHub token) ships to every browser in /static/main.js" });
    expect(found[0].evidence).toMatch(/at line 2, column 12 \(value masked\)$/);
    // launch-ready's own rules apply too: a database URL with a password.
    const dbUrl = ["postgres://portal", "s3cr3tPassw0rdX@db.internal:5432/app"].join(":");
    const db = await secretlintBundleScanner([{ url: "https://app.example.com/static/main.js", text: `const db = "${dbUrl}";` }]);
    expect(db.map((f) => f.status)).toEqual(["fail"]);
    expect(JSON.stringify(db)).not.toContain("s3cr3tPassw0rdX");
    expect(JSON.stringify(found)).not.toContain(token);
    expect(await secretlintBundleScanner([{ url: "https://app.example.com/x.js", text: "const api = '/api';" }])).toEqual([]);
  });
});
