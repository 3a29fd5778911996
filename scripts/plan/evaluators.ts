import { frontendEnvEvaluator } from "./frontend-env";
import type { PlanEvaluator } from "./plan-stack";
import { secretsStorageEvaluator } from "./secrets-storage";

/**
 * The judges every `plan` runs, in order. The policy pack's offline runner
 * registers here; each capability may add plan-time checks of its own.
 */
export function planEvaluators(): PlanEvaluator[] {
  return [frontendEnvEvaluator, secretsStorageEvaluator];
}
