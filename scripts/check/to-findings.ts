import type { LaunchReadyPolicy } from "../../policies/lib/kit";
import { SCORECARD_AREAS, type Finding, type ScorecardArea, type Severity } from "../lib/findings";
import type { AnalyzedResource, PackEvaluation } from "./evaluate-pack";
import type { ResolvedPackConfig } from "./pack-config";

/** The scorecard row of a policy: its first tag that names one (policies carry it there, the engine keeps tags). */
export function areaOf(policy: LaunchReadyPolicy): ScorecardArea {
  const tag = (policy.tags ?? []).find((t): t is ScorecardArea => (SCORECARD_AREAS as readonly string[]).includes(t));
  return tag ?? "deployment-safety";
}

function resourceLabel(urn: string | undefined, byUrn: Map<string, AnalyzedResource>): string | undefined {
  if (!urn) return undefined;
  const r = byUrn.get(urn);
  return r ? `${r.type}::${r.name}` : urn;
}

/**
 * Turns a pack evaluation into the one findings model: a fail per violation
 * (mandatory from its enforcement level), a pass per policy that judged
 * something and found nothing, a skip per policy that did not apply or was
 * disabled, and a warn per remediation the pack applied.
 */
export function evaluationToFindings(evaluation: PackEvaluation, policies: LaunchReadyPolicy[], config: ResolvedPackConfig, resources: AnalyzedResource[]): Finding[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const findings: Finding[] = [];
  for (const policy of policies) {
    const area = areaOf(policy);
    const severity: Severity = policy.severity ?? "medium";
    const level = config[policy.name]?.enforcementLevel ?? policy.enforcementLevel ?? "advisory";
    const base = { id: policy.name, area, severity, fix: policy.remediationSteps };
    if (level === "disabled") {
      findings.push({ ...base, status: "skip", message: `${policy.description} (disabled by the policy-pack config)`, mandatory: false });
      continue;
    }
    const violations = evaluation.diagnostics.filter((d) => d.policyName === policy.name);
    for (const d of violations) {
      findings.push({
        ...base,
        status: "fail",
        message: d.violation || d.description,
        resource: resourceLabel(d.urn, byUrn),
        evidence: `policy ${policy.name} (${d.enforcementLevel})`,
        mandatory: d.enforcementLevel === "mandatory",
      });
    }
    for (const rem of evaluation.remediations.filter((x) => x.policyName === policy.name)) {
      findings.push({
        ...base,
        status: "warn",
        message: `remediated by the pack: changed ${rem.changedKeys.join(", ") || "inputs"}`,
        resource: resourceLabel(rem.urn, byUrn),
        evidence: `policy ${policy.name} (remediate)`,
        mandatory: false,
      });
    }
    if (violations.length > 0) continue;
    const judged = evaluation.judged[policy.name] ?? 0;
    if (judged > 0) {
      findings.push({ ...base, status: "pass", message: policy.description, evidence: "validateStack" in policy ? "stack policy held" : `held for ${judged} resource(s)`, mandatory: level === "mandatory" });
    } else {
      const reasons = [...new Set(evaluation.notApplicable.filter((n) => n.policyName === policy.name && !n.urn).map((n) => n.reason ?? "not applicable"))];
      findings.push({ ...base, status: "skip", message: `${policy.description} (not applicable: ${reasons[0] ?? "no resource it judges"})`, mandatory: false });
    }
  }
  return findings;
}
