export { ServerSecrets, awsSecretName, type ServerSecretsArgs, type ServerSecretsOutputs } from "./server-secrets";
export { PortalSecret } from "./portal-secret";
export { SecretsKey } from "./secrets-key";
export { ServerRole } from "./server-role";
export { ServerSecretAccess } from "./server-access";
export * from "./policy-documents";
