import type { EnforcementLevel } from "@pulumi/policy";
import { awsCloudwatchMetricAlarmRoute53Region } from "./aws-cloudwatch-metric-alarm-route53-region";
import { awsEcsTaskDefinitionNoPlaintextSecrets } from "./aws-ecs-task-definition-no-plaintext-secrets";
import { awsIamPolicySecretAccessScoped } from "./aws-iam-policy-secret-access-scoped";
import { awsLambdaFunctionNoPlaintextSecrets } from "./aws-lambda-function-no-plaintext-secrets";
import { awsSecretsmanagerSecretCmk } from "./aws-secretsmanager-secret-cmk";
import { cloudflareAccessApplicationAdminMfa } from "./cloudflare-access-application-admin-mfa";
import { cloudflareDnsRecordCaaAllowed } from "./cloudflare-dns-record-caa-allowed";
import { cloudflareDnsRecordDmarcPolicy } from "./cloudflare-dns-record-dmarc-policy";
import { cloudflareDnsRecordMailNotProxied } from "./cloudflare-dns-record-mail-not-proxied";
import { cloudflareDnsRecordPortalProxied } from "./cloudflare-dns-record-portal-proxied";
import { cloudflareDnsRecordSpfQualifier } from "./cloudflare-dns-record-spf-qualifier";
import { cloudflareDnsRecordSpfSingle } from "./cloudflare-dns-record-spf-single";
import { cloudflareLoadBalancerFallback } from "./cloudflare-load-balancer-fallback";
import { cloudflareLoadBalancerPoolMonitor } from "./cloudflare-load-balancer-pool-monitor";
import { cloudflarePagesProjectNoPlaintextSecrets } from "./cloudflare-pages-project-no-plaintext-secrets";
import { cloudflareRulesetCachePrivate } from "./cloudflare-ruleset-cache-private";
import { cloudflareRulesetManagedWaf } from "./cloudflare-ruleset-managed-waf";
import { cloudflareRulesetRateLimitCoverage } from "./cloudflare-ruleset-rate-limit-coverage";
import { cloudflareRulesetRateLimitPlan } from "./cloudflare-ruleset-rate-limit-plan";
import { cloudflareRulesetSinglePerPhase } from "./cloudflare-ruleset-single-per-phase";
import { cloudflareWorkersScriptNoPlaintextSecrets } from "./cloudflare-workers-script-no-plaintext-secrets";
import { cloudflareZoneAlwaysUseHttps } from "./cloudflare-zone-always-use-https";
import { cloudflareZoneHsts } from "./cloudflare-zone-hsts";
import { cloudflareZoneMinTls } from "./cloudflare-zone-min-tls";
import { cloudflareZoneSettingBaseline } from "./cloudflare-zone-setting-baseline";
import { cloudflareZoneSettingSnakeCase } from "./cloudflare-zone-setting-snake-case";
import { cloudflareZoneSslStrict } from "./cloudflare-zone-ssl-strict";
import type { LaunchReadyPolicy } from "./lib/kit";
import { pulumiStackAlertTargets } from "./pulumi-stack-alert-targets";
import { pulumiStackBlueGreenSwitch } from "./pulumi-stack-blue-green-switch";
import { pulumiStackEmailRecords } from "./pulumi-stack-email-records";
import { pulumiStackUptimeChecks } from "./pulumi-stack-uptime-checks";

/** The pack's name, as the engine and `pulumi preview --policy-pack` show it. */
export const PACK_NAME = "launch-ready";
/** Every policy is mandatory unless the pack config says otherwise. */
export const PACK_ENFORCEMENT: EnforcementLevel = "mandatory";
export const PACK_DESCRIPTION = "Refuses portal surfaces that are not ready for production traffic: edge TLS, rate limits, WAF, cache safety, admin MFA, email DNS, secrets, monitoring and blue/green.";

/**
 * Every policy of the pack, in scorecard order. index.ts serves this list
 * through the engine; `launch-ready check` evaluates the same objects offline.
 */
export const POLICIES: LaunchReadyPolicy[] = [
  // Edge and TLS
  cloudflareZoneSslStrict,
  cloudflareZoneMinTls,
  cloudflareZoneHsts,
  cloudflareZoneAlwaysUseHttps,
  cloudflareZoneSettingSnakeCase,
  cloudflareZoneSettingBaseline,
  cloudflareDnsRecordPortalProxied,
  cloudflareDnsRecordCaaAllowed,
  // Authentication, authorization, input validation
  cloudflareAccessApplicationAdminMfa,
  cloudflareRulesetCachePrivate,
  cloudflareRulesetManagedWaf,
  // Rate limiting
  cloudflareRulesetRateLimitPlan,
  cloudflareRulesetRateLimitCoverage,
  // Email DNS
  cloudflareDnsRecordSpfQualifier,
  cloudflareDnsRecordSpfSingle,
  cloudflareDnsRecordDmarcPolicy,
  cloudflareDnsRecordMailNotProxied,
  pulumiStackEmailRecords,
  // Secret handling
  awsSecretsmanagerSecretCmk,
  awsIamPolicySecretAccessScoped,
  awsLambdaFunctionNoPlaintextSecrets,
  awsEcsTaskDefinitionNoPlaintextSecrets,
  cloudflareWorkersScriptNoPlaintextSecrets,
  cloudflarePagesProjectNoPlaintextSecrets,
  // Monitoring
  pulumiStackUptimeChecks,
  pulumiStackAlertTargets,
  awsCloudwatchMetricAlarmRoute53Region,
  // Deployment safety
  cloudflareRulesetSinglePerPhase,
  cloudflareLoadBalancerPoolMonitor,
  cloudflareLoadBalancerFallback,
  pulumiStackBlueGreenSwitch,
];
