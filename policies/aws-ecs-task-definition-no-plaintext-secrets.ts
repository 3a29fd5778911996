import { ofType, type LaunchReadyPolicy } from "./lib/kit";
import { plaintextProblem } from "./lib/secret-looking";
import { AWS, type EcsTaskDefinitionProps } from "./lib/types";

interface ContainerDefinition {
  name?: string;
  environment?: { name?: string; value?: string }[];
}

/** ECS `environment` is stored and shown in clear; `secrets` (valueFrom) is the way to inject secrets. */
export const awsEcsTaskDefinitionNoPlaintextSecrets: LaunchReadyPolicy = {
  name: "aws-ecs-task-definition-no-plaintext-secrets",
  description: "ECS container environment variables must not carry secrets in plain text; secrets go in the container's secrets list (valueFrom a Secrets Manager ARN).",
  severity: "critical",
  tags: ["secret-handling", "aws"],
  remediationSteps: 'Move the variable from "environment" to "secrets": [{ name, valueFrom: <secret ARN> }] in the container definition.',
  validateResource: ofType<EcsTaskDefinitionProps>(AWS.ecsTaskDefinition, (task, args, report) => {
    let containers: ContainerDefinition[];
    try {
      containers = JSON.parse(task.containerDefinitions ?? "[]") as ContainerDefinition[];
    } catch {
      return args.notApplicable("containerDefinitions is not JSON");
    }
    for (const container of Array.isArray(containers) ? containers : []) {
      for (const env of container.environment ?? []) {
        const problem = plaintextProblem(String(env.name ?? ""), env.value);
        if (problem) report(`Task ${task.family ?? args.name}, container ${container.name ?? "?"}: environment variable ${problem}; move it to "secrets" with valueFrom a Secrets Manager ARN.`);
      }
    }
  }),
};
