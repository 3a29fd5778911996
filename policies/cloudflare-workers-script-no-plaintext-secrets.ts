import { asArray, ofType, type LaunchReadyPolicy } from "./lib/kit";
import { FRONTEND_PREFIX, isSecretName, plaintextProblem } from "./lib/secret-looking";
import { CF, type WorkersScriptProps } from "./lib/types";

/** plain_text bindings are visible in the dashboard and to every script version; secret_text is write-only. */
export const cloudflareWorkersScriptNoPlaintextSecrets: LaunchReadyPolicy = {
  name: "cloudflare-workers-script-no-plaintext-secrets",
  description: "Worker bindings must not carry secrets as plain_text (use secret_text), and no binding may give a secret a frontend-public name.",
  severity: "critical",
  tags: ["secret-handling", "cloudflare"],
  remediationSteps: 'Change the binding to { type: "secret_text", name, text: <Pulumi secret> }, and never prefix secret names with NEXT_PUBLIC_/VITE_/PUBLIC_.',
  validateResource: ofType<WorkersScriptProps>(CF.workersScript, (script, args, report) => {
    for (const binding of asArray(script.bindings)) {
      const name = String(binding?.name ?? "");
      if (binding?.type === "plain_text") {
        const problem = plaintextProblem(name, binding.text);
        if (problem) report(`Worker ${script.scriptName ?? args.name}: plain_text binding ${problem}; use a secret_text binding.`);
      } else if (binding?.type === "secret_text" && FRONTEND_PREFIX.test(name) && isSecretName(name.replace(FRONTEND_PREFIX, ""))) {
        report(`Worker ${script.scriptName ?? args.name}: binding ${name} gives a secret a frontend-public name; rename it without the public prefix.`);
      }
    }
  }),
};
