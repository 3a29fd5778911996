import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACK_NAME, POLICIES } from "../../../policies/all";
import type { AnalyzedResource, PackEvaluation } from "../../../scripts/check/evaluate-pack";
import { mergePackConfig, readPackConfigFile, type PackConfigFile } from "../../../scripts/check/pack-config";
import { planProject } from "../../../scripts/check/plan-project";
import { packConfigFromPortal } from "../../../scripts/check/portal-pack-config";
import { runPack } from "../../../scripts/check/run-check";
import { planStack } from "../../../scripts/plan/plan-stack";
import { AnalyzerDriver, servePack, stopPack, type EngineResult, type ServedPack } from "./analyzer-driver";

/**
 * Conformance: the real pack, served by @pulumi/policy and driven over the
 * analyzer gRPC protocol on loopback, gives exactly the diagnostics (and
 * not-applicable reasons, and remediations) the offline runner computes —
 * for the example stacks and for every failing fixture program.
 */

const FIXTURES = path.resolve(__dirname, "../../fixtures/policy-programs");

interface Scenario {
  title: string;
  resources: AnalyzedResource[];
  packConfig: PackConfigFile;
}

/** What crosses the wire: JSON values only (a protobuf Struct has no undefined). */
function wireSafe(resources: AnalyzedResource[]): AnalyzedResource[] {
  return resources.map((r) => ({ ...r, inputs: JSON.parse(JSON.stringify(r.inputs)) }));
}

const sortByJson = <T>(xs: T[]) => [...xs].map((x) => JSON.stringify(x)).sort();

function offlineView(e: PackEvaluation): EngineResult {
  return {
    diagnostics: e.diagnostics.map((d) => ({ policyName: d.policyName, message: d.message, enforcementLevel: d.enforcementLevel, severity: d.severity, urn: d.urn })),
    notApplicable: e.notApplicable.map((n) => ({ policyName: n.policyName, reason: n.reason, urn: n.urn })),
    remediations: e.remediations,
  };
}

let pack: ServedPack | undefined;
let driver: AnalyzerDriver | undefined;
const scenarios: Scenario[] = [];

beforeAll(async () => {
  pack = await servePack();
  driver = new AnalyzerDriver(pack.port);
  for (const stack of ["dev", "staging", "prod"]) {
    const { plan, config } = await planStack({ stack });
    scenarios.push({ title: `example stack ${stack}`, resources: wireSafe(plan.resources), packConfig: packConfigFromPortal(config) });
    if (stack === "prod") {
      scenarios.push({
        title: "example stack prod with levels changed by config (all advisory, one disabled, one remediate)",
        resources: wireSafe(plan.resources),
        packConfig: mergePackConfig(packConfigFromPortal(config), { all: "advisory", "pulumi-stack-uptime-checks": "disabled", "cloudflare-zone-setting-baseline": "mandatory", "cloudflare-dns-record-mail-not-proxied": "remediate" }),
      });
    }
  }
  for (const name of fs.readdirSync(FIXTURES).filter((n) => !n.startsWith("_") && n !== "clean" && fs.statSync(path.join(FIXTURES, n)).isDirectory()).sort()) {
    const dir = path.join(FIXTURES, name);
    const plan = await planProject({ projectDir: dir, stack: "ci" });
    const cfg = path.join(dir, "policy-config.json");
    scenarios.push({ title: `fixture ${name}`, resources: wireSafe(plan.resources), packConfig: fs.existsSync(cfg) ? readPackConfigFile(cfg) : {} });
  }
  const dkim = scenarios.find((s) => s.title === "fixture dkim-proxied")!;
  scenarios.push({ title: "fixture dkim-proxied with the mail policy at remediate", resources: dkim.resources, packConfig: { "cloudflare-dns-record-mail-not-proxied": "remediate" } });
}, 300_000);

afterAll(async () => {
  driver?.close();
  await stopPack(pack);
});

describe("the pack served by @pulumi/policy", () => {
  it("announces the same pack and policies as the offline runner", async () => {
    const info = await driver!.info();
    expect(info.name).toBe(PACK_NAME);
    expect(info.policies).toEqual(POLICIES.map((p) => ({ name: p.name, description: p.description, enforcementLevel: p.enforcementLevel ?? "mandatory" })));
  });

  it("gives the offline runner's diagnostics for every example stack and failing fixture", async () => {
    expect(scenarios.length).toBe(3 + 1 + 30 + 1);
    const violationsBy: Record<string, number> = {};
    for (const s of scenarios) {
      const offline = await runPack(s.resources, s.packConfig);
      await driver!.configure(offline.config);
      const engine = await driver!.analyzeAll(s.resources);
      const mine = offlineView(offline.evaluation);
      expect({ scenario: s.title, diagnostics: sortByJson(engine.diagnostics) }).toEqual({ scenario: s.title, diagnostics: sortByJson(mine.diagnostics) });
      expect({ scenario: s.title, notApplicable: sortByJson(engine.notApplicable) }).toEqual({ scenario: s.title, notApplicable: sortByJson(mine.notApplicable) });
      expect({ scenario: s.title, remediations: engine.remediations }).toEqual({ scenario: s.title, remediations: mine.remediations });
      violationsBy[s.title] = engine.diagnostics.length;
    }
    // The comparison is not vacuous: every seeded fixture violates at least one policy
    // through the engine's protocol, and the example stacks violate none.
    for (const s of scenarios) {
      // (The remediate variant is fixed by remediation, so it reports none.)
      if (s.title.startsWith("fixture ") && !s.title.endsWith("at remediate")) expect([s.title, violationsBy[s.title] > 0]).toEqual([s.title, true]);
      if (/^example stack (dev|staging|prod)$/.test(s.title)) expect([s.title, violationsBy[s.title]]).toEqual([s.title, 0]);
    }
    const remediated = scenarios.find((s) => s.title.endsWith("at remediate"))!;
    const engine = await (async () => {
      const offline = await runPack(remediated.resources, remediated.packConfig);
      await driver!.configure(offline.config);
      return driver!.analyzeAll(remediated.resources);
    })();
    expect(engine.remediations).toEqual([{ policyName: "cloudflare-dns-record-mail-not-proxied", urn: remediated.resources.find((r) => r.name === "dkim")!.urn, changedKeys: ["proxied"] }]);
    expect(engine.diagnostics).toEqual([]);
  });
});
