import { policyPackEvaluator } from "../check/run-check";
import type { PlanEvaluator } from "./plan-stack";
import { monitoringFindings } from "./monitoring-wiring";

/**
 * The judges every `plan` runs, in order. The policy pack's offline runner
 * registers here; each capability may add plan-time checks of its own.
 */
export function planEvaluators(): PlanEvaluator[] {
  return [policyPackEvaluator(), monitoringFindings];
}
