import type { AnalyzedResource } from "../../scripts/check/evaluate-pack";
import type { PackConfigFile } from "../../scripts/check/pack-config";

/**
 * A portal surface that meets every policy of the pack: the happy-path
 * fixture every policy test starts from, changing one thing per case.
 */

export const ZONE = "0123456789abcdef0123456789abcdef";
export const ACCOUNT = "fedcba9876543210fedcba9876543210";
const STACK_URN = "urn:pulumi:ci::happy";

export function urnOf(type: string, name: string): string {
  return `${STACK_URN}::${type}::${name}`;
}

function res(type: string, name: string, inputs: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): AnalyzedResource {
  const deps = [...new Set(Object.values(propertyDependencies).flat())];
  return { urn: urnOf(type, name), type, name, inputs, dependencies: deps, propertyDependencies };
}

const T = {
  zoneSetting: "cloudflare:index/zoneSetting:ZoneSetting",
  dns: "cloudflare:index/dnsRecord:DnsRecord",
  ruleset: "cloudflare:index/ruleset:Ruleset",
  accessApp: "cloudflare:index/zeroTrustAccessApplication:ZeroTrustAccessApplication",
  accessPolicy: "cloudflare:index/zeroTrustAccessPolicy:ZeroTrustAccessPolicy",
  lb: "cloudflare:index/loadBalancer:LoadBalancer",
  pool: "cloudflare:index/loadBalancerPool:LoadBalancerPool",
  monitor: "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor",
  cfHealth: "cloudflare:index/healthcheck:Healthcheck",
  notification: "cloudflare:index/notificationPolicy:NotificationPolicy",
  worker: "cloudflare:index/workersScript:WorkersScript",
  pages: "cloudflare:index/pagesProject:PagesProject",
  kmsKey: "aws:kms/key:Key",
  secret: "aws:secretsmanager/secret:Secret",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  lambda: "aws:lambda/function:Function",
  task: "aws:ecs/taskDefinition:TaskDefinition",
  r53: "aws:route53/healthCheck:HealthCheck",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  topic: "aws:sns/topic:Topic",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
} as const;
export { T as TYPES };

export const HAPPY_CONFIG: PackConfigFile = {
  "cloudflare-access-application-admin-mfa": { adminDestinations: ["app.example.com/admin"] },
  "cloudflare-ruleset-cache-private": { privateHosts: ["app.example.com", "api.example.com"] },
  "cloudflare-ruleset-managed-waf": { plan: "business" },
  "cloudflare-ruleset-rate-limit-plan": { plan: "business" },
  "cloudflare-ruleset-rate-limit-coverage": {
    sensitivePaths: [
      { name: "login", path: "/api/auth/login" },
      { name: "passwordReset", path: "/api/auth/password-reset" },
    ],
  },
  "pulumi-stack-email-records": { sendingDomain: "example.com", minDkimRecords: 3 },
  "pulumi-stack-uptime-checks": { monitoredPaths: ["/", "/login", "/api/health"] },
  "pulumi-stack-alert-targets": { alertEmails: ["oncall@example.com"] },
  "pulumi-stack-blue-green-switch": { hostnames: ["app.example.com", "api.example.com"] },
};

const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:tradeloft/database-url-AbCdEf";
const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:tradeloft-alerts";

export function happyStack(): AnalyzedResource[] {
  const setting = (id: string, value: unknown) => res(T.zoneSetting, `zone-${id.replace(/_/g, "-")}`, { zoneId: ZONE, settingId: id, value });
  const dns = (key: string, inputs: Record<string, unknown>) => res(T.dns, `dns-${key}`, { zoneId: ZONE, ttl: 1, ...inputs });

  const accessPolicy = res(T.accessPolicy, "admin-mfa", {
    accountId: ACCOUNT,
    name: "Admins with MFA",
    decision: "allow",
    includes: [{ emailDomain: { domain: "example.com" } }],
    requires: [{ authMethod: { authMethod: "mfa" } }],
  });
  const monitor = res(T.monitor, "lb-monitor", { accountId: ACCOUNT, type: "https", path: "/api/health", expectedCodes: "200" });
  const blue = res(T.pool, "pool-blue", { accountId: ACCOUNT, name: "blue", monitor: "monitor-id", origins: [{ name: "blue", address: "203.0.113.10", enabled: true }] }, { monitor: [monitor.urn] });
  const green = res(T.pool, "pool-green", { accountId: ACCOUNT, name: "green", monitor: "monitor-id", origins: [{ name: "green", address: "203.0.113.20", enabled: true }] }, { monitor: [monitor.urn] });
  const topic = res(T.topic, "alerts", { name: "tradeloft-alerts", region: "us-east-1" });
  const checks = [
    res(T.r53, "uptime-home", { type: "HTTPS", fqdn: "example.com", resourcePath: "/", port: 443, failureThreshold: 3, requestInterval: 30 }),
    res(T.r53, "uptime-login", { type: "HTTPS", fqdn: "app.example.com", resourcePath: "/login", port: 443, failureThreshold: 3, requestInterval: 30 }),
  ];
  const cfHealth = res(T.cfHealth, "uptime-health", { zoneId: ZONE, name: "api-health", address: "api.example.com", type: "HTTPS", httpConfig: { path: "/api/health", expectedCodes: ["200"] } });

  return [
    setting("ssl", "strict"),
    setting("min_tls_version", "1.2"),
    setting("always_use_https", "on"),
    setting("security_header", { strict_transport_security: { enabled: true, max_age: 31_536_000, include_subdomains: true, nosniff: true } }),
    dns("apex", { name: "example.com", type: "A", content: "203.0.113.10", proxied: true }),
    dns("www", { name: "www.example.com", type: "CNAME", content: "example.com", proxied: true }),
    dns("api", { name: "api.example.com", type: "A", content: "203.0.113.10", proxied: true }),
    dns("caa", { name: "example.com", type: "CAA", data: { flags: 0, tag: "issue", value: "letsencrypt.org" }, proxied: false }),
    dns("spf", { name: "example.com", type: "TXT", content: '"v=spf1 include:amazonses.com -all"', proxied: false }),
    dns("dmarc", { name: "_dmarc.example.com", type: "TXT", content: '"v=DMARC1; p=reject; rua=mailto:dmarc@example.com; adkim=s; aspf=s"', proxied: false }),
    ...[1, 2, 3].map((i) => dns(`dkim-${i}`, { name: `tok${i}._domainkey.example.com`, type: "CNAME", content: `tok${i}.dkim.amazonses.com`, proxied: false })),
    dns("mail-from-mx", { name: "mail.example.com", type: "MX", content: "feedback-smtp.us-east-1.amazonses.com", priority: 10, proxied: false }),
    res(T.ruleset, "waf-managed", {
      zoneId: ZONE,
      kind: "zone",
      name: "managed WAF",
      phase: "http_request_firewall_managed",
      rules: [{ action: "execute", expression: "true", enabled: true, actionParameters: { id: "efb7b8c949ac4650a09736fc376e9aee" } }],
    }),
    res(T.ruleset, "rate-limits", {
      zoneId: ZONE,
      kind: "zone",
      name: "rate limits",
      phase: "http_ratelimit",
      rules: [
        {
          description: "login",
          action: "block",
          enabled: true,
          expression: '(http.request.uri.path eq "/api/auth/login" and http.request.method eq "POST")',
          ratelimit: { characteristics: ["cf.colo.id", "ip.src"], period: 60, requestsPerPeriod: 10, mitigationTimeout: 600 },
        },
        {
          description: "password reset",
          action: "block",
          enabled: true,
          expression: '(http.request.uri.path eq "/api/auth/password-reset")',
          ratelimit: { characteristics: ["cf.colo.id", "ip.src"], period: 300, requestsPerPeriod: 3, mitigationTimeout: 600 },
        },
      ],
    }),
    res(T.ruleset, "cache", {
      zoneId: ZONE,
      kind: "zone",
      name: "cache",
      phase: "http_request_cache_settings",
      rules: [
        { description: "marketing", action: "set_cache_settings", enabled: true, expression: '(http.host eq "example.com" and http.request.uri.path in {"/" "/pricing"})', actionParameters: { cache: true } },
        { description: "private", action: "set_cache_settings", enabled: true, expression: '(http.host in {"app.example.com" "api.example.com"})', actionParameters: { cache: false } },
      ],
    }),
    accessPolicy,
    res(T.accessApp, "admin", { zoneId: ZONE, name: "Admin", type: "self_hosted", domain: "app.example.com/admin", policies: [{ id: "policy-id", precedence: 1 }] }, { policies: [accessPolicy.urn] }),
    monitor,
    blue,
    green,
    res(T.lb, "app", { zoneId: ZONE, name: "app.example.com", defaultPools: ["blue-id"], fallbackPool: "green-id", proxied: true }, { defaultPools: [blue.urn], fallbackPool: [green.urn] }),
    res(T.worker, "edge", {
      accountId: ACCOUNT,
      scriptName: "edge",
      bindings: [
        { type: "plain_text", name: "ENVIRONMENT", text: "production" },
        { type: "secret_text", name: "STRIPE_SECRET_KEY", text: "[secret]" },
      ],
    }),
    res(T.pages, "frontend", {
      accountId: ACCOUNT,
      name: "tradeloft-frontend",
      productionBranch: "main",
      deploymentConfigs: {
        production: { envVars: { NEXT_PUBLIC_API_URL: { type: "plain_text", value: "https://api.example.com" }, SESSION_SECRET: { type: "secret_text", value: "[secret]" } } },
        preview: { envVars: { NEXT_PUBLIC_API_URL: { type: "plain_text", value: "https://api.example.net" } } },
      },
    }),
    res(T.kmsKey, "secrets", { description: "portal secrets", enableKeyRotation: true }),
    res(T.secret, "database-url", { name: "tradeloft/database-url", kmsKeyId: KEY_ARN }),
    res(T.rolePolicy, "read-secrets", {
      role: "portal-api",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [SECRET_ARN] },
          { Effect: "Allow", Action: ["kms:Decrypt"], Resource: [KEY_ARN], Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } } },
        ],
      }),
    }),
    res(T.lambda, "api-fn", { runtime: "nodejs20.x", handler: "index.handler", environment: { variables: { NODE_ENV: "production", DATABASE_URL_SECRET_ARN: SECRET_ARN } } }),
    res(T.task, "api-task", {
      family: "portal-api",
      containerDefinitions: JSON.stringify([{ name: "api", image: "portal:1", environment: [{ name: "NODE_ENV", value: "production" }], secrets: [{ name: "DATABASE_URL", valueFrom: SECRET_ARN }] }]),
    }),
    topic,
    res(T.subscription, "oncall", { topic: TOPIC_ARN, protocol: "email", endpoint: "oncall@example.com", region: "us-east-1" }, { topic: [topic.urn] }),
    ...checks,
    ...checks.map((hc) =>
      res(
        T.alarm,
        `${hc.name}-alarm`,
        { region: "us-east-1", namespace: "AWS/Route53", metricName: "HealthCheckStatus", statistic: "Minimum", comparisonOperator: "LessThanThreshold", threshold: 1, period: 60, evaluationPeriods: 2, dimensions: { HealthCheckId: `${hc.name}-id` }, alarmActions: [TOPIC_ARN] },
        { dimensions: [hc.urn], alarmActions: [topic.urn] },
      ),
    ),
    cfHealth,
    res(T.notification, "uptime-alerts", { accountId: ACCOUNT, name: "uptime", alertType: "health_check_status_notification", enabled: true, mechanisms: { emails: [{ id: "oncall@example.com" }] }, filters: { healthCheckIds: ["hc-id"] } }, { filters: [cfHealth.urn] }),
  ];
}

/** A copy of `resources` with the named resource's inputs changed by `change`. */
export function withChange(resources: AnalyzedResource[], name: string, change: (inputs: Record<string, any>) => void): AnalyzedResource[] {
  const copy = structuredClone(resources);
  const target = copy.filter((r) => r.name === name);
  if (target.length !== 1) throw new Error(`happy stack has ${target.length} resources named ${name}`);
  change(target[0].inputs);
  return copy;
}

export function without(resources: AnalyzedResource[], ...names: string[]): AnalyzedResource[] {
  for (const n of names) if (!resources.some((r) => r.name === n)) throw new Error(`happy stack has no resource named ${n}`);
  return structuredClone(resources.filter((r) => !names.includes(r.name)));
}

export function withAdded(resources: AnalyzedResource[], type: string, name: string, inputs: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): AnalyzedResource[] {
  return [...structuredClone(resources), res(type, name, inputs, propertyDependencies)];
}
