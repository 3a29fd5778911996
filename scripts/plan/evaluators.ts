import { policyPackEvaluator } from "../check/run-check";
import { frontendEnvEvaluator } from "./frontend-env";
import { monitoringFindings } from "./monitoring-wiring";
import type { PlanEvaluator } from "./plan-stack";
import { secretsStorageEvaluator } from "./secrets-storage";

/**
 * The judges every `plan` runs, in order: the policy pack's scorecard first,
 * then the plan-time checks of each capability.
 */
export function planEvaluators(): PlanEvaluator[] {
  return [policyPackEvaluator(), monitoringFindings, frontendEnvEvaluator, secretsStorageEvaluator];
}
