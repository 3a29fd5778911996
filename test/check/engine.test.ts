import { describe, expect, it } from "vitest";
import { POLICIES } from "../../policies/all";
import type { LaunchReadyPolicy } from "../../policies/lib/kit";
import { evaluatePack, PolicyRuntimeError } from "../../scripts/check/evaluate-pack";
import { mergePackConfig, PackConfigError, resolvePackConfig } from "../../scripts/check/pack-config";
import { runPack } from "../../scripts/check/run-check";
import { hasBlockingFailure } from "../../scripts/lib/findings";
import { HAPPY_CONFIG, TYPES as T, happyStack, urnOf, withChange } from "../policies/happy-stack";

/** The engine's semantics, reproduced offline: config, levels, remediation, not-applicable. */

const sslFull = () => withChange(happyStack(), "zone-ssl", (i) => (i.value = "full"));
const run = (resources = sslFull(), config = {}) => runPack(resources, mergePackConfig(HAPPY_CONFIG, config));

describe("config resolution", () => {
  it("fills schema defaults and keeps given values", () => {
    const resolved = resolvePackConfig(POLICIES, "mandatory", { "cloudflare-zone-hsts": { minMaxAgeSeconds: 63_072_000 } });
    expect(resolved["cloudflare-zone-hsts"]).toEqual({ enforcementLevel: "mandatory", properties: { minMaxAgeSeconds: 63_072_000 } });
    expect(resolved["cloudflare-zone-min-tls"]).toEqual({ enforcementLevel: "mandatory", properties: { minimumVersion: "1.2" } });
    expect(resolved["cloudflare-dns-record-portal-proxied"].properties).toEqual({ hostnames: ["app", "api", "www"] });
  });

  it("orders levels config > all > policy > pack > advisory", () => {
    const withOwn: LaunchReadyPolicy[] = [{ ...POLICIES[0], enforcementLevel: "advisory" }, POLICIES[1], POLICIES[2]];
    const levels = (packLevel: "mandatory" | undefined, config = {}) => Object.values(resolvePackConfig(withOwn, packLevel, config)).map((c) => c.enforcementLevel);
    expect(levels("mandatory")).toEqual(["advisory", "mandatory", "mandatory"]);
    expect(levels(undefined)).toEqual(["advisory", "advisory", "advisory"]);
    expect(levels("mandatory", { all: "disabled" })).toEqual(["disabled", "disabled", "disabled"]);
    expect(levels("mandatory", { all: "advisory", [POLICIES[1].name]: "remediate" })).toEqual(["advisory", "remediate", "advisory"]);
    expect(levels("mandatory", { [POLICIES[2].name]: { enforcementLevel: "disabled", minMaxAgeSeconds: 1 } })).toEqual(["advisory", "mandatory", "disabled"]);
  });

  it("reports every problem at once: unknown policy, bad level, bad value, unknown property", () => {
    let error: unknown;
    try {
      resolvePackConfig(POLICIES, "mandatory", {
        "cloudflare-zone-sll-strict": "mandatory",
        "cloudflare-zone-hsts": { enforcementLevel: "strict" as never, minMaxAgeSeconds: -5 },
        "cloudflare-ruleset-rate-limit-plan": { plan: "platinum" },
        "cloudflare-zone-min-tls": { minimumVersoin: "1.3" },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PackConfigError);
    expect((error as PackConfigError).exitCode).toBe(2);
    expect((error as PackConfigError).problems).toEqual([
      `"cloudflare-zone-sll-strict" is not a policy of this pack; known policies: ${POLICIES.map((p) => p.name).join(", ")}`,
      "cloudflare-zone-min-tls.minimumVersoin: unknown property; allowed: minimumVersion",
      'cloudflare-zone-hsts: enforcementLevel "strict" is not one of advisory, mandatory, remediate, disabled',
      "cloudflare-zone-hsts.minMaxAgeSeconds = -5: must be >= 0",
      'cloudflare-ruleset-rate-limit-plan.plan = "platinum": must be one of free, pro, business, enterprise',
    ]);
  });
});

describe("enforcement levels in findings", () => {
  it("mandatory (the pack default) fails the run", async () => {
    const { findings } = await run();
    const f = findings.filter((x) => x.status === "fail");
    expect(f).toEqual([
      {
        id: "cloudflare-zone-ssl-strict",
        area: "edge-tls",
        severity: "critical",
        status: "fail",
        message: 'ZoneSetting "ssl" must be "strict" (Full strict), found "full". "flexible" and "full" let anyone between Cloudflare and the origin read or alter traffic; set value: "strict".',
        resource: `${T.zoneSetting}::zone-ssl`,
        evidence: "policy cloudflare-zone-ssl-strict (mandatory)",
        fix: 'Set the ZoneSetting with settingId "ssl" to value "strict" and install a valid (or Cloudflare Origin CA) certificate on the origin.',
        mandatory: true,
      },
    ]);
    expect(hasBlockingFailure(findings)).toBe(true);
  });

  it("advisory reports the violation without failing the run", async () => {
    const { findings, evaluation } = await run(sslFull(), { "cloudflare-zone-ssl-strict": "advisory" });
    expect(evaluation.diagnostics.map((d) => d.enforcementLevel)).toEqual(["advisory"]);
    expect(findings.find((f) => f.status === "fail")?.mandatory).toBe(false);
    expect(hasBlockingFailure(findings)).toBe(false);
  });

  it("disabled does not run the policy and shows it as skipped", async () => {
    const { findings, evaluation } = await run(sslFull(), { "cloudflare-zone-ssl-strict": "disabled" });
    expect(evaluation.diagnostics).toEqual([]);
    expect(findings.find((f) => f.id === "cloudflare-zone-ssl-strict")).toMatchObject({ status: "skip", mandatory: false });
  });

  it("remediate fixes what the policy can fix, and a remediate policy that still fails counts as mandatory", async () => {
    const proxiedDkim = withChange(happyStack(), "dns-dkim-1", (i) => (i.proxied = true));
    const fixed = await run(proxiedDkim, { "cloudflare-dns-record-mail-not-proxied": "remediate" });
    expect(fixed.evaluation.remediations).toEqual([{ policyName: "cloudflare-dns-record-mail-not-proxied", urn: urnOf(T.dns, "dns-dkim-1"), changedKeys: ["proxied"] }]);
    expect(fixed.evaluation.diagnostics).toEqual([]);
    expect(fixed.findings.filter((f) => f.id === "cloudflare-dns-record-mail-not-proxied").map((f) => [f.status, f.message])).toEqual([
      ["warn", "remediated by the pack: changed proxied"],
      ["pass", "DNS records used for mail (MX, DKIM, MAIL FROM, return-path) must not be proxied, because Cloudflare's proxy only carries HTTP and would answer with its own addresses."],
    ]);
    expect(hasBlockingFailure(fixed.findings)).toBe(false);

    // ssl-strict has no remediation: at level remediate its violation is reported as mandatory, like the engine does.
    const still = await run(sslFull(), { "cloudflare-zone-ssl-strict": "remediate" });
    expect(still.evaluation.diagnostics.map((d) => [d.policyName, d.enforcementLevel])).toEqual([["cloudflare-zone-ssl-strict", "mandatory"]]);
  });

  it("not-applicable: the type fast path and a policy's own notApplicable both leave the policy unjudged", async () => {
    const { evaluation } = await run(happyStack());
    const reasons = evaluation.notApplicable.filter((n) => n.policyName === "cloudflare-zone-ssl-strict");
    expect(reasons.find((n) => n.urn === urnOf(T.dns, "dns-api"))?.reason).toBe("Policy only applies to resources of type 'cloudflare:index/zoneSetting:ZoneSetting'");
    expect(reasons.find((n) => n.urn === urnOf(T.zoneSetting, "zone-min-tls-version"))?.reason).toBe('Policy only applies to the "ssl" zone setting');
    expect(evaluation.judged["cloudflare-zone-ssl-strict"]).toBe(1);
  });

  it("completeness checks use validateStack: one written with validateStackResourcesOfType would pass a stack with no rate limits at all", async () => {
    const { validateStackResourcesOfType } = require("@pulumi/policy") as typeof import("@pulumi/policy");
    const Ruleset = { __pulumiType: T.ruleset } as unknown as new (...args: any[]) => import("@pulumi/pulumi").Resource; // eslint-disable-line @typescript-eslint/no-explicit-any
    const naive: LaunchReadyPolicy = {
      name: "cloudflare-naive-rate-limit-coverage",
      description: "Naive.",
      validateStack: validateStackResourcesOfType(Ruleset, (rulesets, _args, report) => {
        if (!rulesets.some((r) => (r as { phase?: string }).phase === "http_ratelimit")) report("no rate limits");
      }),
    };
    const noRulesets = happyStack().filter((r) => r.type !== T.ruleset);
    const naiveRun = await evaluatePack({ packName: "launch-ready", policies: [naive], config: resolvePackConfig([naive], "mandatory"), resources: noRulesets });
    expect(naiveRun.diagnostics).toEqual([]);
    expect(naiveRun.notApplicable).toEqual([{ policyName: "cloudflare-naive-rate-limit-coverage", reason: `Policy only applies to resources of type '${T.ruleset}'` }]);
    const ours = await run(noRulesets);
    expect(ours.evaluation.diagnostics.filter((d) => d.policyName === "cloudflare-ruleset-rate-limit-coverage").map((d) => d.violation)).toEqual([
      "login (/api/auth/login) must be matched by an enabled rate limiting rule in an http_ratelimit Ruleset; none of the 0 rule(s) names it.",
      "passwordReset (/api/auth/password-reset) must be matched by an enabled rate limiting rule in an http_ratelimit Ruleset; none of the 0 rule(s) names it.",
    ]);
  });

  it("a policy that throws fails the run with its name, like the engine", async () => {
    const broken: LaunchReadyPolicy = { name: "cloudflare-broken", description: "Breaks.", validateResource: () => { throw new Error("boom"); } };
    const config = resolvePackConfig([broken], "mandatory");
    await expect(evaluatePack({ packName: "launch-ready", policies: [broken], config, resources: happyStack() })).rejects.toThrow(new PolicyRuntimeError("policy 'cloudflare-broken' from policy pack 'launch-ready' threw: boom"));
  });

  it("never copies a plain-text secret's value into a finding", async () => {
    const canary = ["postgres://portal:", "canary-", "c4n4ry", "@db.internal/portal"].join("");
    const resources = withChange(happyStack(), "api-fn", (i) => (i.environment.variables.DATABASE_URL = canary));
    const { findings } = await run(resources);
    expect(findings.some((f) => f.status === "fail")).toBe(true);
    expect(JSON.stringify(findings)).not.toContain("c4n4ry");
  });
});
