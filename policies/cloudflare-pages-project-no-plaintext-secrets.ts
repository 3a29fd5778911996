import { ofType, type LaunchReadyPolicy } from "./lib/kit";
import { FRONTEND_PREFIX, isSecretName, plaintextProblem } from "./lib/secret-looking";
import { CF, type PagesProjectProps } from "./lib/types";

/**
 * Pages variables feed the frontend build: a NEXT_PUBLIC_/VITE_ variable is
 * inlined into the browser bundle, and plain_text ones are shown in the dashboard.
 */
export const cloudflarePagesProjectNoPlaintextSecrets: LaunchReadyPolicy = {
  name: "cloudflare-pages-project-no-plaintext-secrets",
  description: "Pages project variables must not carry secrets as plain_text (use secret_text), and no secret may have a frontend-public name that inlines it into the browser bundle.",
  severity: "critical",
  tags: ["secret-handling", "cloudflare"],
  remediationSteps: 'Set { type: "secret_text" } on the variable, keep secrets out of NEXT_PUBLIC_/VITE_/PUBLIC_ names, and read them only on the server side.',
  validateResource: ofType<PagesProjectProps>(CF.pagesProject, (project, args, report) => {
    for (const [environment, config] of Object.entries(project.deploymentConfigs ?? {})) {
      for (const [name, variable] of Object.entries(config?.envVars ?? {})) {
        if (FRONTEND_PREFIX.test(name) && isSecretName(name.replace(FRONTEND_PREFIX, ""))) {
          report(`Pages project ${project.name ?? args.name} (${environment}): ${name} is a frontend build variable (inlined into the browser bundle) with a secret-looking name; rename it and read the secret on the server.`);
          continue;
        }
        const problem = variable?.type === "plain_text" ? plaintextProblem(name, variable.value) : undefined;
        if (problem) report(`Pages project ${project.name ?? args.name} (${environment}): plain_text variable ${problem}; use type "secret_text".`);
      }
    }
  }),
};
