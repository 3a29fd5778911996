import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { claimedPackConfigFor } from "../../scripts/commands/check";
import { runCheck } from "../../scripts/check/run-check";
import { planEvaluators } from "../../scripts/plan/evaluators";
import { planStack } from "../../scripts/plan/plan-stack";

/**
 * The three example stacks against the pack: everything the program declares
 * is judged, every scorecard claim the stack makes has its controls, and no
 * policy fails — mandatory or advisory.
 */
describe.each(["dev", "staging", "prod"])("the %s example stack", (stack) => {
  it("produces zero violations: every one of the pack's policies passes or does not apply", async () => {
    const { findings, plan } = await runCheck({ stack });
    expect(findings.filter((f) => f.status === "fail" || f.status === "warn")).toEqual([]);
    const status = (id: string) => findings.find((f) => f.id === id)?.status;
    // The completeness checks judge real controls, not an empty stack.
    for (const id of [
      "cloudflare-zone-setting-baseline",
      "cloudflare-access-application-admin-mfa",
      "cloudflare-ruleset-managed-waf",
      "cloudflare-ruleset-rate-limit-coverage",
      "pulumi-stack-email-records",
      "pulumi-stack-uptime-checks",
      "pulumi-stack-alert-targets",
      "pulumi-stack-blue-green-switch",
      "cloudflare-dns-record-portal-proxied",
      "cloudflare-dns-record-spf-single",
    ]) {
      expect([id, status(id)]).toEqual([id, "pass"]);
    }
    expect(plan.resources.filter((r) => r.type === "cloudflare:index/dnsRecord:DnsRecord" && ["tradeloft-dns-app", "tradeloft-dns-api"].includes(r.name)).map((r) => r.inputs.proxied)).toEqual([true, true]);
  });
});

describe("plan and check agree", () => {
  it("plan --stack prod shows the same scorecard as check --stack prod", async () => {
    const { plan } = await planStack({ stack: "prod", evaluators: planEvaluators() });
    const check = await runCheck({ stack: "prod" });
    // plan = the pack's scorecard, then the plan-time judges of its own (monitoring wiring, …).
    expect(plan.findings.slice(0, check.findings.length)).toEqual(check.findings);
    expect(plan.findings.slice(check.findings.length).every((f) => !check.findings.some((c) => c.id === f.id))).toBe(true);
    expect(new Set(check.findings.map((f) => f.id)).size).toBe(31);
  });
});

describe("the pack config a stack claims", () => {
  it("derives plan, paths, hosts and domain from the portal config", () => {
    expect(claimedPackConfigFor("prod")).toEqual({
      "cloudflare-dns-record-portal-proxied": { hostnames: ["example.com", "www.example.com", "app.example.com", "api.example.com"] },
      "cloudflare-access-application-admin-mfa": { adminDestinations: ["app.example.com/admin"] },
      "cloudflare-ruleset-cache-private": { privatePaths: ["/app", "/api", "/admin", "/login"], privateHosts: ["app.example.com", "api.example.com"] },
      "cloudflare-ruleset-managed-waf": { plan: "business" },
      "cloudflare-ruleset-rate-limit-plan": { plan: "business" },
      "cloudflare-ruleset-rate-limit-coverage": {
        sensitivePaths: [
          { name: "login", path: "/api/auth/login" },
          { name: "passwordReset", path: "/api/auth/password-reset" },
          { name: "invite", path: "/api/invites" },
          { name: "export", path: "/api/exports" },
        ],
      },
      "cloudflare-dns-record-dmarc-policy": { allowedPolicies: ["quarantine", "reject"] },
      "pulumi-stack-email-records": { sendingDomain: "example.com" },
      "pulumi-stack-uptime-checks": { monitoredPaths: ["/", "/login", "/api/health"], monitoredHosts: ["example.com", "app.example.com", "api.example.com"] },
      "pulumi-stack-alert-targets": { alertEmails: ["oncall@example.com"] },
      "pulumi-stack-blue-green-switch": { hostnames: ["app.example.com", "api.example.com"] },
    });
    expect((claimedPackConfigFor("dev")["cloudflare-ruleset-rate-limit-plan"] as { plan: string }).plan).toBe("free");
  });

  it("check --emit-pack-config prints it as the JSON --policy-pack-config takes", () => {
    const bin = path.resolve(__dirname, "../../scripts/bin/launch-ready.cjs");
    const r = spawnSync(process.execPath, [bin, "check", "--stack", "staging", "--emit-pack-config"], { encoding: "utf8", timeout: 120_000 });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(claimedPackConfigFor("staging"));
    const other = spawnSync(process.execPath, [bin, "check", "--stack", "ci", "--project", path.resolve(__dirname, "../fixtures/policy-programs/clean"), "--emit-pack-config"], { encoding: "utf8", timeout: 120_000 });
    expect(other.status).toBe(2);
    expect(other.stderr).toContain("--emit-pack-config derives the config from launch-ready's portal config; it cannot be used with --project");
  });
});
