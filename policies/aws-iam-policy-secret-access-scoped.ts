import { ofTypes, type LaunchReadyPolicy } from "./lib/kit";
import { grants, hasCondition, list, statementsOf } from "./lib/iam";
import { AWS, type IamPolicyProps } from "./lib/types";

const SECRET_READ = ["secretsmanager:GetSecretValue", "kms:Decrypt"];

/** A wildcard read grant hands every secret in the account to whoever holds the role. */
export const awsIamPolicySecretAccessScoped: LaunchReadyPolicy = {
  name: "aws-iam-policy-secret-access-scoped",
  description: "IAM policies that grant reading secrets (secretsmanager:GetSecretValue, kms:Decrypt) must name the exact secret and key ARNs, never a wildcard action or resource.",
  severity: "critical",
  tags: ["secret-handling", "aws"],
  remediationSteps: 'Grant "secretsmanager:GetSecretValue" on each secret\'s ARN and "kms:Decrypt" on its key ARN (with a kms:ViaService condition), without "*".',
  validateResource: ofTypes<IamPolicyProps>([AWS.iamPolicy, AWS.iamRolePolicy, AWS.iamUserPolicy, AWS.iamGroupPolicy], (props, args, report) => {
    const statements = statementsOf(props.policy);
    if (statements === undefined) return args.notApplicable("policy is not a JSON document");
    statements.forEach((st, i) => {
      if (st.Effect !== "Allow") return;
      const actions = list(st.Action);
      const reads = SECRET_READ.filter((a) => actions.some((p) => grants(p, a)));
      if (reads.length === 0) return;
      const label = `${args.name} statement ${i + 1}`;
      const wideActions = actions.filter((p) => p.includes("*") && reads.some((a) => grants(p, a)));
      if (wideActions.length) report(`${label} must list secret-reading actions explicitly, found the wildcard ${wideActions.join(", ")}; grant only secretsmanager:GetSecretValue and kms:Decrypt.`);
      const resources = list(st.Resource);
      const wideResources = resources.filter((r) => r === "*" || /:secret:\*$|:key\/\*$|^arn:aws[a-z-]*:(secretsmanager|kms):\*/.test(r));
      // kms:Decrypt on "*" is tolerable only when kms:ViaService pins it to Secrets Manager.
      const onlyKms = reads.every((a) => a === "kms:Decrypt");
      if (wideResources.length && !(onlyKms && hasCondition(st, "kms:ViaService"))) {
        report(`${label} grants ${reads.join(" and ")} on ${wideResources.join(", ")}; name the exact secret and key ARNs instead of a wildcard.`);
      }
      if (resources.length === 0 && st.Action !== undefined) report(`${label} grants ${reads.join(" and ")} without a Resource; name the exact secret and key ARNs.`);
    });
  }),
};
