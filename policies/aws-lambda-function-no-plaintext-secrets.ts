import { ofType, type LaunchReadyPolicy } from "./lib/kit";
import { plaintextProblem } from "./lib/secret-looking";
import { AWS, type LambdaFunctionProps } from "./lib/types";

/** Lambda environment variables are readable by anyone with lambda:GetFunctionConfiguration and shown in the console. */
export const awsLambdaFunctionNoPlaintextSecrets: LaunchReadyPolicy = {
  name: "aws-lambda-function-no-plaintext-secrets",
  description: "Lambda environment variables must not carry secrets in plain text; functions read secrets from Secrets Manager at run time.",
  severity: "critical",
  tags: ["secret-handling", "aws"],
  remediationSteps: "Store the value in an aws.secretsmanager.Secret, pass its ARN (e.g. DATABASE_URL_SECRET_ARN) and read it at start-up.",
  validateResource: ofType<LambdaFunctionProps>(AWS.lambdaFunction, (fn, args, report) => {
    for (const [name, value] of Object.entries(fn.environment?.variables ?? {})) {
      const problem = plaintextProblem(name, value);
      if (problem) report(`Lambda ${args.name}: environment variable ${problem}; pass a Secrets Manager ARN instead and read the secret at run time.`);
    }
  }),
};
