/**
 * Provider type tokens the pack judges, and the few input fields each policy
 * reads. The pack reads raw provider resources (so it protects any Pulumi
 * program), and it loads no provider SDK: the tokens are the classes' static
 * `__pulumiType` (test/policies/metadata.test.ts pins them to the installed
 * @pulumi/cloudflare 6.x and @pulumi/aws 7.x), the interfaces mirror the
 * providers' `*Args` (inputs arrive unwrapped, as plain values).
 */

export const CF = {
  zoneSetting: "cloudflare:index/zoneSetting:ZoneSetting",
  dnsRecord: "cloudflare:index/dnsRecord:DnsRecord",
  ruleset: "cloudflare:index/ruleset:Ruleset",
  accessApplication: "cloudflare:index/zeroTrustAccessApplication:ZeroTrustAccessApplication",
  accessPolicy: "cloudflare:index/zeroTrustAccessPolicy:ZeroTrustAccessPolicy",
  loadBalancer: "cloudflare:index/loadBalancer:LoadBalancer",
  loadBalancerPool: "cloudflare:index/loadBalancerPool:LoadBalancerPool",
  healthcheck: "cloudflare:index/healthcheck:Healthcheck",
  notificationPolicy: "cloudflare:index/notificationPolicy:NotificationPolicy",
  workersScript: "cloudflare:index/workersScript:WorkersScript",
  pagesProject: "cloudflare:index/pagesProject:PagesProject",
} as const;

export const AWS = {
  secret: "aws:secretsmanager/secret:Secret",
  iamPolicy: "aws:iam/policy:Policy",
  iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
  iamUserPolicy: "aws:iam/userPolicy:UserPolicy",
  iamGroupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  lambdaFunction: "aws:lambda/function:Function",
  ecsTaskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  route53HealthCheck: "aws:route53/healthCheck:HealthCheck",
  snsTopic: "aws:sns/topic:Topic",
  snsTopicSubscription: "aws:sns/topicSubscription:TopicSubscription",
} as const;

/** cloudflare.ZoneSettingArgs: `value` is passed to the API untranslated (snake_case keys). */
export interface ZoneSettingProps {
  zoneId?: string;
  settingId?: string;
  value?: unknown;
  enabled?: boolean;
}

/** cloudflare.DnsRecordArgs */
export interface DnsRecordProps {
  zoneId?: string;
  name?: string;
  type?: string;
  content?: string;
  data?: { flags?: unknown; tag?: string; value?: string };
  proxied?: boolean;
  ttl?: number;
}

/** cloudflare RulesetRule (inputs.RulesetRule) */
export interface RulesetRuleProps {
  action?: string;
  expression?: string;
  enabled?: boolean;
  description?: string;
  ref?: string;
  actionParameters?: { id?: string; cache?: boolean; [key: string]: unknown };
  ratelimit?: {
    characteristics?: string[];
    period?: number;
    requestsPerPeriod?: number;
    mitigationTimeout?: number;
    countingExpression?: string;
  };
}

/** cloudflare.RulesetArgs */
export interface RulesetProps {
  zoneId?: string;
  accountId?: string;
  kind?: string;
  name?: string;
  phase?: string;
  rules?: RulesetRuleProps[];
}

/** A rule of an Access policy (include/require/exclude): only the parts the pack reads. */
export interface AccessRuleProps {
  authMethod?: { authMethod?: string };
  [selector: string]: unknown;
}

export interface AccessMfaConfigProps {
  allowedAuthenticators?: string[];
  mfaDisabled?: boolean;
  sessionDuration?: string;
}

/** cloudflare.ZeroTrustAccessPolicyArgs, and the inline policies of an application. */
export interface AccessPolicyProps {
  id?: string;
  decision?: string;
  includes?: AccessRuleProps[];
  requires?: AccessRuleProps[];
  mfaConfig?: AccessMfaConfigProps;
}

/** cloudflare.ZeroTrustAccessApplicationArgs */
export interface AccessApplicationProps {
  type?: string;
  domain?: string;
  selfHostedDomains?: string[];
  destinations?: { type?: string; uri?: string }[];
  policies?: AccessPolicyProps[];
  mfaConfig?: AccessMfaConfigProps;
}

/** cloudflare.LoadBalancerArgs */
export interface LoadBalancerProps {
  name?: string;
  defaultPools?: string[];
  fallbackPool?: string;
  proxied?: boolean;
}

/** cloudflare.LoadBalancerPoolArgs */
export interface LoadBalancerPoolProps {
  name?: string;
  monitor?: string;
  monitorGroup?: string;
  origins?: { address?: string; enabled?: boolean }[];
}

/** cloudflare.HealthcheckArgs */
export interface CloudflareHealthcheckProps {
  zoneId?: string;
  name?: string;
  address?: string;
  type?: string;
  suspended?: boolean;
  httpConfig?: { path?: string };
}

/** cloudflare.NotificationPolicyArgs */
export interface NotificationPolicyProps {
  alertType?: string;
  enabled?: boolean;
  filters?: { healthCheckIds?: string[]; [key: string]: unknown };
  mechanisms?: { emails?: { id?: string }[]; webhooks?: { id?: string }[]; pagerduties?: { id?: string }[] };
}

/** cloudflare.WorkersScriptArgs (bindings only) */
export interface WorkersScriptProps {
  scriptName?: string;
  bindings?: { name?: string; type?: string; text?: string }[];
}

/** cloudflare.PagesProjectArgs (per-environment build/run variables only) */
export interface PagesProjectProps {
  name?: string;
  deploymentConfigs?: Record<string, { envVars?: Record<string, { type?: string; value?: string }> } | undefined>;
}

/** aws.secretsmanager.SecretArgs */
export interface SecretProps {
  name?: string;
  kmsKeyId?: string;
}

/** aws.iam.PolicyArgs / RolePolicyArgs / UserPolicyArgs / GroupPolicyArgs */
export interface IamPolicyProps {
  policy?: string | Record<string, unknown>;
}

/** aws.lambda.FunctionArgs (environment only) */
export interface LambdaFunctionProps {
  environment?: { variables?: Record<string, string> };
}

/** aws.ecs.TaskDefinitionArgs (containerDefinitions is a JSON string) */
export interface EcsTaskDefinitionProps {
  family?: string;
  containerDefinitions?: string;
}

/** aws.cloudwatch.MetricAlarmArgs */
export interface MetricAlarmProps {
  region?: string;
  namespace?: string;
  metricName?: string;
  dimensions?: Record<string, string>;
  alarmActions?: string[];
  actionsEnabled?: boolean;
}

/** aws.route53.HealthCheckArgs */
export interface Route53HealthCheckProps {
  type?: string;
  fqdn?: string;
  ipAddress?: string;
  resourcePath?: string;
  regions?: string[];
  disabled?: boolean;
}

/** aws.sns.TopicSubscriptionArgs */
export interface TopicSubscriptionProps {
  topic?: string;
  protocol?: string;
  endpoint?: string;
  region?: string;
}
