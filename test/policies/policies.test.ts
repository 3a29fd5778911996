import { describe, expect, it } from "vitest";
import { POLICIES } from "../../policies/all";
import type { AnalyzedResource } from "../../scripts/check/evaluate-pack";
import { mergePackConfig, type PackConfigFile } from "../../scripts/check/pack-config";
import { runPack } from "../../scripts/check/run-check";
import { ACCOUNT, HAPPY_CONFIG, TYPES as T, ZONE, happyStack, urnOf, withAdded, withChange, without } from "./happy-stack";

/**
 * Every policy: the happy-path stack passes it, and each case changes one
 * thing and gets exactly the listed violations (policy, resource, message).
 */

async function violations(resources: AnalyzedResource[], config: PackConfigFile = {}) {
  const { evaluation } = await runPack(resources, mergePackConfig(HAPPY_CONFIG, config));
  return evaluation.diagnostics.map((d) => ({ policy: d.policyName, urn: d.urn, message: d.violation }));
}

const dnsUrn = (key: string) => urnOf(T.dns, `dns-${key}`);
const settingUrn = (id: string) => urnOf(T.zoneSetting, `zone-${id.replace(/_/g, "-")}`);

interface Case {
  policy: string;
  title: string;
  resources: () => AnalyzedResource[];
  config?: PackConfigFile;
  expected: { urn?: string; message: string }[];
}

const cases: Case[] = [
  {
    policy: "cloudflare-zone-ssl-strict",
    title: "ssl full instead of strict",
    resources: () => withChange(happyStack(), "zone-ssl", (i) => (i.value = "full")),
    expected: [{ urn: settingUrn("ssl"), message: 'ZoneSetting "ssl" must be "strict" (Full strict), found "full". "flexible" and "full" let anyone between Cloudflare and the origin read or alter traffic; set value: "strict".' }],
  },
  {
    policy: "cloudflare-zone-min-tls",
    title: "TLS 1.0 allowed",
    resources: () => withChange(happyStack(), "zone-min-tls-version", (i) => (i.value = "1.0")),
    expected: [{ urn: settingUrn("min_tls_version"), message: 'ZoneSetting "min_tls_version" must be "1.2" or newer, found "1.0"; set value: "1.2".' }],
  },
  {
    policy: "cloudflare-zone-min-tls",
    title: "1.2 refused when the config asks for 1.3",
    resources: happyStack,
    config: { "cloudflare-zone-min-tls": { minimumVersion: "1.3" } },
    expected: [{ urn: settingUrn("min_tls_version"), message: 'ZoneSetting "min_tls_version" must be "1.3" or newer, found "1.2"; set value: "1.3".' }],
  },
  {
    policy: "cloudflare-zone-hsts",
    title: "max-age of one day",
    resources: () => withChange(happyStack(), "zone-security-header", (i) => (i.value.strict_transport_security.max_age = 86_400)),
    expected: [{ urn: settingUrn("security_header"), message: 'ZoneSetting "security_header" must set strict_transport_security.max_age to at least 31536000 seconds, found 86400.' }],
  },
  {
    policy: "cloudflare-zone-hsts",
    title: "HSTS disabled",
    resources: () => withChange(happyStack(), "zone-security-header", (i) => (i.value.strict_transport_security.enabled = false)),
    expected: [{ urn: settingUrn("security_header"), message: 'ZoneSetting "security_header" must enable HSTS: set value.strict_transport_security.enabled to true (snake_case keys).' }],
  },
  {
    policy: "cloudflare-zone-always-use-https",
    title: "off",
    resources: () => withChange(happyStack(), "zone-always-use-https", (i) => (i.value = "off")),
    expected: [{ urn: settingUrn("always_use_https"), message: 'ZoneSetting "always_use_https" must be "on", found "off"; set value: "on".' }],
  },
  {
    policy: "cloudflare-zone-setting-snake-case",
    title: "camelCase HSTS keys (and so HSTS is not enabled either)",
    resources: () => withChange(happyStack(), "zone-security-header", (i) => (i.value = { strictTransportSecurity: { enabled: true, maxAge: 31_536_000 } })),
    expected: [
      { urn: settingUrn("security_header"), message: 'ZoneSetting "security_header" must enable HSTS: set value.strict_transport_security.enabled to true (snake_case keys).' },
      { urn: settingUrn("security_header"), message: 'ZoneSetting "security_header" value keys must be snake_case, found strictTransportSecurity, strictTransportSecurity.maxAge; use the API\'s names (e.g. strict_transport_security.max_age).' },
    ],
  },
  {
    policy: "cloudflare-zone-setting-snake-case",
    title: "camelCase setting id (and so the baseline misses min_tls_version)",
    resources: () => withChange(happyStack(), "zone-min-tls-version", (i) => (i.settingId = "minTlsVersion")),
    expected: [
      { urn: settingUrn("min_tls_version"), message: 'ZoneSetting id "minTlsVersion" must be the API\'s snake_case id (e.g. "min_tls_version"); camelCase ids never converge.' },
      { urn: undefined, message: `Zone ${ZONE} must declare the ZoneSetting(s) min_tls_version; they are missing from the stack.` },
    ],
  },
  {
    policy: "cloudflare-zone-setting-baseline",
    title: "always_use_https not declared",
    resources: () => without(happyStack(), "zone-always-use-https"),
    expected: [{ message: `Zone ${ZONE} must declare the ZoneSetting(s) always_use_https; they are missing from the stack.` }],
  },
  {
    policy: "cloudflare-dns-record-portal-proxied",
    title: "api grey-clouded",
    resources: () => withChange(happyStack(), "dns-api", (i) => (i.proxied = false)),
    expected: [
      { urn: dnsUrn("api"), message: "A record api.example.com must be proxied (proxied: true): unproxied, it publishes the origin address and skips the WAF, rate limits and TLS settings." },
      { message: "api.example.com switch record must be proxied, so the flip takes effect at the edge without waiting for client DNS caches." },
    ],
  },
  {
    policy: "cloudflare-dns-record-caa-allowed",
    title: "CAA for a CA that is not allowed",
    resources: () => withChange(happyStack(), "dns-caa", (i) => (i.data.value = "rogue-ca.example")),
    expected: [{ urn: dnsUrn("caa"), message: 'CAA issue record example.com must name one of letsencrypt.org, pki.goog, ssl.com, digicert.com, comodoca.com, found "rogue-ca.example".' }],
  },
  {
    policy: "cloudflare-dns-record-caa-allowed",
    title: "allowed CAs narrowed by config",
    resources: happyStack,
    config: { "cloudflare-dns-record-caa-allowed": { allowedCas: ["pki.goog"] } },
    expected: [{ urn: dnsUrn("caa"), message: 'CAA issue record example.com must name one of pki.goog, found "letsencrypt.org".' }],
  },
  {
    policy: "cloudflare-access-application-admin-mfa",
    title: "reusable policy without MFA",
    resources: () => withChange(happyStack(), "admin-mfa", (i) => (i.requires = [])),
    expected: [{ urn: urnOf(T.accessApp, "admin"), message: 'ZeroTrustAccessApplication "admin" must require MFA in every allow policy: 1 of 1 do not (add requires: [{ authMethod: { authMethod: "mfa" } }]).' }],
  },
  {
    policy: "cloudflare-access-application-admin-mfa",
    title: "MFA disabled by mfaConfig",
    resources: () => withChange(happyStack(), "admin-mfa", (i) => (i.mfaConfig = { mfaDisabled: true })),
    expected: [{ urn: urnOf(T.accessApp, "admin"), message: 'ZeroTrustAccessApplication "admin" must require MFA in every allow policy: 1 of 1 do not (add requires: [{ authMethod: { authMethod: "mfa" } }]).' }],
  },
  {
    policy: "cloudflare-access-application-admin-mfa",
    title: "no Access application for the admin area",
    resources: () => without(happyStack(), "admin"),
    expected: [{ message: "The admin destination app.example.com/admin must be protected by a Cloudflare Access application (ZeroTrustAccessApplication with that domain or destination); none covers it." }],
  },
  {
    policy: "cloudflare-ruleset-cache-private",
    title: "cache rule on the API",
    resources: () => withChange(happyStack(), "cache", (i) => (i.rules[0].expression = 'starts_with(http.request.uri.path, "/api/catalog")')),
    expected: [{ urn: urnOf(T.ruleset, "cache"), message: 'Cache rule 1 ("marketing") makes authenticated paths eligible for cache (/api); cache only public paths and bypass cache for private ones.' }],
  },
  {
    policy: "cloudflare-ruleset-cache-private",
    title: "cache everything",
    resources: () => withChange(happyStack(), "cache", (i) => (i.rules[0].expression = "true")),
    expected: [{ urn: urnOf(T.ruleset, "cache"), message: 'Cache rule 1 ("marketing") caches every path (its expression names no path or host: "true"); restrict it to public marketing paths.' }],
  },
  {
    policy: "cloudflare-ruleset-cache-private",
    title: "cache rule on the app host",
    resources: () => withChange(happyStack(), "cache", (i) => (i.rules[1].actionParameters.cache = true)),
    expected: [{ urn: urnOf(T.ruleset, "cache"), message: 'Cache rule 2 ("private") caches responses of the private host app.example.com; cache rules must only match public hosts and paths.' }],
  },
  {
    policy: "cloudflare-ruleset-managed-waf",
    title: "only OWASP executed",
    resources: () => withChange(happyStack(), "waf-managed", (i) => (i.rules[0].actionParameters.id = "4814384a9e5d4991b9815dcfc25d2f1f")),
    expected: [{ message: `Zone ${ZONE} must execute the Cloudflare Managed Ruleset (id efb7b8c949ac4650a09736fc376e9aee) in an http_request_firewall_managed Ruleset; found only 4814384a9e5d4991b9815dcfc25d2f1f.` }],
  },
  {
    policy: "cloudflare-ruleset-managed-waf",
    title: "managed rule disabled",
    resources: () => withChange(happyStack(), "waf-managed", (i) => (i.rules[0].enabled = false)),
    expected: [{ message: `Zone ${ZONE} must execute the Cloudflare Managed Ruleset (id efb7b8c949ac4650a09736fc376e9aee) in an http_request_firewall_managed Ruleset; found no managed ruleset executed.` }],
  },
  {
    policy: "cloudflare-ruleset-rate-limit-plan",
    title: "no cf.colo.id",
    resources: () => withChange(happyStack(), "rate-limits", (i) => (i.rules[0].ratelimit.characteristics = ["ip.src"])),
    expected: [{ urn: urnOf(T.ruleset, "rate-limits"), message: 'Rate limiting rule 1 ("login") must include "cf.colo.id" in characteristics (Cloudflare counts per data center), found [ip.src].' }],
  },
  {
    policy: "cloudflare-ruleset-rate-limit-plan",
    title: "the same rules on a free zone",
    resources: happyStack,
    config: { "cloudflare-ruleset-rate-limit-plan": { plan: "free" } },
    expected: [
      { urn: urnOf(T.ruleset, "rate-limits"), message: "The free plan allows 1 rate limiting rule(s) per zone, found 2; merge paths into fewer rules or raise the plan." },
      { urn: urnOf(T.ruleset, "rate-limits"), message: 'Rate limiting rule 1 ("login") must use a period the free plan allows (10 seconds), found 60.' },
      {
        urn: urnOf(T.ruleset, "rate-limits"),
        message: 'Rate limiting rule 1 ("login") matches on fields the free plan does not allow: http.request.method; on free use http.request.uri.path, cf.client.bot, cf.bot_management.verified_bot.',
      },
      { urn: urnOf(T.ruleset, "rate-limits"), message: 'Rate limiting rule 2 ("password reset") must use a period the free plan allows (10 seconds), found 300.' },
    ],
  },
  {
    policy: "cloudflare-ruleset-rate-limit-plan",
    title: "custom counting on pro",
    resources: () => withChange(happyStack(), "rate-limits", (i) => ((i.rules = [i.rules[1]]), (i.rules[0].ratelimit.period = 60), (i.rules[0].ratelimit.countingExpression = "http.response.code eq 401"))),
    config: { "cloudflare-ruleset-rate-limit-plan": { plan: "pro" } },
    expected: [
      { urn: urnOf(T.ruleset, "rate-limits"), message: 'Rate limiting rule 1 ("password reset") sets countingExpression, which the pro plan does not allow (Business and up); remove it.' },
      { message: "login (/api/auth/login) must be matched by an enabled rate limiting rule in an http_ratelimit Ruleset; none of the 1 rule(s) names it." },
    ],
  },
  {
    policy: "cloudflare-ruleset-rate-limit-coverage",
    title: "password reset rule disabled",
    resources: () => withChange(happyStack(), "rate-limits", (i) => (i.rules[1].enabled = false)),
    expected: [{ message: "passwordReset (/api/auth/password-reset) must be matched by an enabled rate limiting rule in an http_ratelimit Ruleset; none of the 1 rule(s) names it." }],
  },
  {
    policy: "cloudflare-dns-record-spf-qualifier",
    title: "+all",
    resources: () => withChange(happyStack(), "dns-spf", (i) => (i.content = '"v=spf1 include:amazonses.com +all"')),
    expected: [{ urn: dnsUrn("spf"), message: 'SPF record example.com must not use "+all": it lets any server send as the domain; end the record with "-all" or "~all".' }],
  },
  {
    policy: "cloudflare-dns-record-spf-qualifier",
    title: "no all mechanism",
    resources: () => withChange(happyStack(), "dns-spf", (i) => (i.content = '"v=spf1 include:amazonses.com"')),
    expected: [{ urn: dnsUrn("spf"), message: 'SPF record example.com must end with "-all" or "~all", found no "all" mechanism in "v=spf1 include:amazonses.com".' }],
  },
  {
    policy: "cloudflare-dns-record-spf-single",
    title: "a second SPF record on the apex",
    resources: () => withAdded(happyStack(), T.dns, "dns-spf-2", { zoneId: ZONE, ttl: 1, name: "example.com", type: "TXT", content: '"v=spf1 include:_spf.google.com ~all"', proxied: false }),
    expected: [{ urn: dnsUrn("spf-2"), message: "example.com must have exactly one SPF record, found 2; merge them into one TXT record (two SPF records make every check fail with permerror)." }],
  },
  {
    policy: "cloudflare-dns-record-dmarc-policy",
    title: "p=none without rua",
    resources: () => withChange(happyStack(), "dns-dmarc", (i) => (i.content = '"v=DMARC1; p=none"')),
    expected: [
      { urn: dnsUrn("dmarc"), message: "DMARC record _dmarc.example.com must set p= to quarantine or reject, found p=none." },
      { urn: dnsUrn("dmarc"), message: "DMARC record _dmarc.example.com must name an aggregate report address (rua=mailto:dmarc@<domain>), so failures are seen." },
    ],
  },
  {
    policy: "cloudflare-dns-record-mail-not-proxied",
    title: "DKIM CNAME proxied",
    resources: () => withChange(happyStack(), "dns-dkim-2", (i) => (i.proxied = true)),
    expected: [{ urn: dnsUrn("dkim-2"), message: "CNAME record tok2._domainkey.example.com is used for mail and must not be proxied; set proxied: false (the proxy only carries HTTP)." }],
  },
  {
    policy: "pulumi-stack-email-records",
    title: "DMARC and one DKIM record missing",
    resources: () => without(happyStack(), "dns-dmarc", "dns-dkim-3"),
    expected: [
      { message: 'example.com must publish a DMARC record (TXT "v=DMARC1; p=quarantine; rua=mailto:…" at _dmarc.example.com); none is declared.' },
      { message: "example.com must publish 3 DKIM record(s) at <selector>._domainkey.example.com; found 2." },
    ],
  },
  {
    policy: "pulumi-stack-email-records",
    title: "SPF missing",
    resources: () => without(happyStack(), "dns-spf"),
    expected: [{ message: 'example.com must publish an SPF record (TXT "v=spf1 … -all" at example.com); none is declared.' }],
  },
  {
    policy: "aws-secretsmanager-secret-cmk",
    title: "no kmsKeyId",
    resources: () => withChange(happyStack(), "database-url", (i) => delete i.kmsKeyId),
    expected: [{ urn: urnOf(T.secret, "database-url"), message: 'Secret "tradeloft/database-url" must set kmsKeyId to a customer-managed KMS key; without it AWS uses the shared aws/secretsmanager key.' }],
  },
  {
    policy: "aws-secretsmanager-secret-cmk",
    title: "AWS-managed key",
    resources: () => withChange(happyStack(), "database-url", (i) => (i.kmsKeyId = "alias/aws/secretsmanager")),
    expected: [{ urn: urnOf(T.secret, "database-url"), message: 'Secret "tradeloft/database-url" must use a customer-managed KMS key, found the AWS-managed alias/aws/secretsmanager.' }],
  },
  {
    policy: "aws-iam-policy-secret-access-scoped",
    title: "GetSecretValue on *",
    resources: () =>
      withChange(happyStack(), "read-secrets", (i) => {
        const doc = JSON.parse(i.policy);
        doc.Statement[0].Resource = "*";
        i.policy = JSON.stringify(doc);
      }),
    expected: [{ urn: urnOf(T.rolePolicy, "read-secrets"), message: "read-secrets statement 1 grants secretsmanager:GetSecretValue on *; name the exact secret and key ARNs instead of a wildcard." }],
  },
  {
    policy: "aws-iam-policy-secret-access-scoped",
    title: "secretsmanager:* action, as an object document",
    resources: () =>
      withChange(happyStack(), "read-secrets", (i) => {
        const doc = JSON.parse(i.policy);
        doc.Statement[0].Action = "secretsmanager:*";
        i.policy = doc;
      }),
    expected: [{ urn: urnOf(T.rolePolicy, "read-secrets"), message: "read-secrets statement 1 must list secret-reading actions explicitly, found the wildcard secretsmanager:*; grant only secretsmanager:GetSecretValue and kms:Decrypt." }],
  },
  {
    policy: "aws-iam-policy-secret-access-scoped",
    title: "kms:Decrypt on * without kms:ViaService",
    resources: () =>
      withChange(happyStack(), "read-secrets", (i) => {
        const doc = JSON.parse(i.policy);
        doc.Statement[1].Resource = "*";
        delete doc.Statement[1].Condition;
        i.policy = JSON.stringify(doc);
      }),
    expected: [{ urn: urnOf(T.rolePolicy, "read-secrets"), message: "read-secrets statement 2 grants kms:Decrypt on *; name the exact secret and key ARNs instead of a wildcard." }],
  },
  {
    policy: "aws-lambda-function-no-plaintext-secrets",
    title: "database URL with a password in the environment",
    resources: () => withChange(happyStack(), "api-fn", (i) => (i.environment.variables.DATABASE_URL = ["postgres://portal:", "hunter2-canary", "@db.internal:5432/portal"].join(""))),
    expected: [{ urn: urnOf(T.lambda, "api-fn"), message: "Lambda api-fn: environment variable DATABASE_URL holds a value that looks like a credential; pass a Secrets Manager ARN instead and read the secret at run time." }],
  },
  {
    policy: "aws-ecs-task-definition-no-plaintext-secrets",
    title: "Stripe key in environment",
    resources: () =>
      withChange(happyStack(), "api-task", (i) => {
        const defs = JSON.parse(i.containerDefinitions);
        defs[0].environment.push({ name: "STRIPE_SECRET_KEY", value: "[secret]" });
        i.containerDefinitions = JSON.stringify(defs);
      }),
    expected: [{ urn: urnOf(T.task, "api-task"), message: 'Task portal-api, container api: environment variable STRIPE_SECRET_KEY has a secret-looking name and a plain-text value; move it to "secrets" with valueFrom a Secrets Manager ARN.' }],
  },
  {
    policy: "cloudflare-workers-script-no-plaintext-secrets",
    title: "webhook secret as plain_text",
    resources: () => withChange(happyStack(), "edge", (i) => i.bindings.push({ type: "plain_text", name: "STRIPE_WEBHOOK_SECRET", text: "canary-value" })),
    expected: [{ urn: urnOf(T.worker, "edge"), message: "Worker edge: plain_text binding STRIPE_WEBHOOK_SECRET has a secret-looking name and a plain-text value; use a secret_text binding." }],
  },
  {
    policy: "cloudflare-workers-script-no-plaintext-secrets",
    title: "secret with a frontend-public name",
    resources: () => withChange(happyStack(), "edge", (i) => (i.bindings[1].name = "NEXT_PUBLIC_STRIPE_SECRET_KEY")),
    expected: [{ urn: urnOf(T.worker, "edge"), message: "Worker edge: binding NEXT_PUBLIC_STRIPE_SECRET_KEY gives a secret a frontend-public name; rename it without the public prefix." }],
  },
  {
    policy: "cloudflare-pages-project-no-plaintext-secrets",
    title: "Stripe key exposed to the browser bundle",
    resources: () => withChange(happyStack(), "frontend", (i) => (i.deploymentConfigs.production.envVars.NEXT_PUBLIC_STRIPE_SECRET_KEY = { type: "secret_text", value: "[secret]" })),
    expected: [
      {
        urn: urnOf(T.pages, "frontend"),
        message: "Pages project tradeloft-frontend (production): NEXT_PUBLIC_STRIPE_SECRET_KEY is a frontend build variable (inlined into the browser bundle) with a secret-looking name; rename it and read the secret on the server.",
      },
    ],
  },
  {
    policy: "cloudflare-pages-project-no-plaintext-secrets",
    title: "session secret as plain_text in preview",
    resources: () => withChange(happyStack(), "frontend", (i) => (i.deploymentConfigs.preview.envVars.SESSION_SECRET = { type: "plain_text", value: "canary-session-secret" })),
    expected: [{ urn: urnOf(T.pages, "frontend"), message: 'Pages project tradeloft-frontend (preview): plain_text variable SESSION_SECRET has a secret-looking name and a plain-text value; use type "secret_text".' }],
  },
  {
    policy: "pulumi-stack-uptime-checks",
    title: "login check missing",
    resources: () => without(happyStack(), "uptime-login", "uptime-login-alarm"),
    expected: [{ message: "/login must have an active uptime check (Route 53 HealthCheck or Cloudflare Healthcheck requesting that path); found checks for example.com/, api.example.com/api/health." }],
  },
  {
    policy: "pulumi-stack-alert-targets",
    title: "alarm without actions",
    resources: () => withChange(happyStack(), "uptime-home-alarm", (i) => (i.alarmActions = [])),
    expected: [{ urn: urnOf(T.r53, "uptime-home"), message: 'HealthCheck "uptime-home" has an alarm, but it must notify an SNS topic with at least one subscription (alarmActions → Topic ← TopicSubscription).' }],
  },
  {
    policy: "pulumi-stack-alert-targets",
    title: "health check without an alarm",
    resources: () => without(happyStack(), "uptime-login-alarm"),
    expected: [{ urn: urnOf(T.r53, "uptime-login"), message: 'HealthCheck "uptime-login" must have a CloudWatch alarm on its HealthCheckStatus (dimensions.HealthCheckId) that notifies someone; none references it.' }],
  },
  {
    policy: "pulumi-stack-alert-targets",
    title: "Cloudflare health check without a notification policy",
    resources: () => without(happyStack(), "uptime-alerts"),
    expected: [{ urn: urnOf(T.cfHealth, "uptime-health"), message: 'Healthcheck "uptime-health" must be covered by a NotificationPolicy (alertType health_check_status_notification) with an email, webhook or PagerDuty target; none covers it.' }],
  },
  {
    policy: "pulumi-stack-alert-targets",
    title: "alerts reach someone else than the claimed address",
    resources: () => withChange(withChange(happyStack(), "oncall", (i) => (i.endpoint = "intern@example.com")), "uptime-alerts", (i) => (i.mechanisms.emails = [{ id: "intern@example.com" }])),
    expected: [{ message: "Alerts must reach the configured alert addresses (oncall@example.com); the stack alerts only intern@example.com." }],
  },
  {
    policy: "aws-cloudwatch-metric-alarm-route53-region",
    title: "alarm in eu-west-1",
    resources: () => withChange(happyStack(), "uptime-home-alarm", (i) => (i.region = "eu-west-1")),
    expected: [{ urn: urnOf(T.alarm, "uptime-home-alarm"), message: 'Alarm uptime-home-alarm on AWS/Route53 metrics must be created in us-east-1 (set region: "us-east-1"), found "eu-west-1"; Route 53 publishes health-check metrics only there.' }],
  },
  {
    policy: "aws-cloudwatch-metric-alarm-route53-region",
    title: "topic in another region",
    resources: () => withChange(happyStack(), "uptime-login-alarm", (i) => (i.alarmActions = ["arn:aws:sns:eu-west-1:123456789012:alerts"])),
    expected: [{ urn: urnOf(T.alarm, "uptime-login-alarm"), message: "Alarm uptime-login-alarm notifies the SNS topic arn:aws:sns:eu-west-1:123456789012:alerts in eu-west-1; the topic must be in us-east-1 with the alarm." }],
  },
  {
    policy: "cloudflare-ruleset-single-per-phase",
    title: "a second rate limiting ruleset on the zone",
    resources: () =>
      withAdded(happyStack(), T.ruleset, "rate-limits-2", {
        zoneId: ZONE,
        kind: "zone",
        name: "more",
        phase: "http_ratelimit",
        rules: [{ action: "block", expression: '(http.request.uri.path eq "/api/invites")', ratelimit: { characteristics: ["cf.colo.id", "ip.src"], period: 60, requestsPerPeriod: 5 } }],
      }),
    expected: [{ urn: urnOf(T.ruleset, "rate-limits-2"), message: `zone ${ZONE} must have one http_ratelimit entry-point ruleset, found a second one (Ruleset "rate-limits-2" besides Ruleset "rate-limits"); merge their rules into one Ruleset.` }],
  },
  {
    policy: "cloudflare-load-balancer-pool-monitor",
    title: "pool without monitor",
    resources: () => withChange(happyStack(), "pool-green", (i) => delete i.monitor),
    expected: [{ urn: urnOf(T.pool, "pool-green"), message: "Load balancer pool green must set monitor (a LoadBalancerMonitor id) so unhealthy origins are taken out of rotation." }],
  },
  {
    policy: "cloudflare-load-balancer-fallback",
    title: "no fallback pool",
    resources: () => withChange(happyStack(), "app", (i) => i.fallbackPool !== undefined && delete i.fallbackPool),
    expected: [{ urn: urnOf(T.lb, "app"), message: "Load balancer app.example.com must set fallbackPool (the pool used when all default pools are unhealthy)." }],
  },
  {
    policy: "pulumi-stack-blue-green-switch",
    title: "no switch for app",
    resources: () => without(happyStack(), "app"),
    expected: [{ message: "app.example.com must have a blue/green switch: a Cloudflare LoadBalancer named app.example.com, or one proxied DNS record pointing at the active colour; found neither." }],
  },
  {
    policy: "pulumi-stack-blue-green-switch",
    title: "round robin across colours",
    resources: () => withAdded(happyStack(), T.dns, "dns-api-green", { zoneId: ZONE, ttl: 1, name: "api.example.com", type: "A", content: "203.0.113.20", proxied: true }),
    expected: [{ message: "api.example.com must have one A record so a flip moves all traffic; found several (round-robin across colours is not a switch)." }],
  },
];

describe("the happy-path stack", () => {
  it("passes every policy of the pack, and every policy judged something", async () => {
    const { evaluation, findings } = await runPack(happyStack(), HAPPY_CONFIG);
    expect(evaluation.diagnostics).toEqual([]);
    expect(findings.map((f) => `${f.status} ${f.id}`)).toEqual(POLICIES.map((p) => `pass ${p.name}`));
  });
});

describe.each(POLICIES.map((p) => p.name))("%s", (name) => {
  const mine = cases.filter((c) => c.policy === name);
  it("has at least one failing case", () => {
    expect(mine.length).toBeGreaterThan(0);
  });
  it.each(mine.map((c) => [c.title, c] as const))("fails: %s", async (_title, c) => {
    const got = await violations(c.resources(), c.config);
    expect(got.filter((v) => v.policy === name).length).toBeGreaterThan(0);
    expect(got.map((v) => ({ urn: v.urn, message: v.message }))).toEqual(c.expected.map((e) => ({ urn: e.urn, message: e.message })));
  });
});

describe("policies apply only where they should", () => {
  it("do not judge a mail MX for proxying as a portal host, nor an app label under another name", async () => {
    const resources = withAdded(happyStack(), T.dns, "dns-apps", { zoneId: ZONE, ttl: 1, name: "apps-status.example.com", type: "CNAME", content: "status.example.net", proxied: false });
    expect(await violations(resources)).toEqual([]);
  });
  it("let static assets be cached by file extension on any host", async () => {
    const resources = withChange(happyStack(), "cache", (i) =>
      i.rules.push({ description: "static", action: "set_cache_settings", enabled: true, expression: '(http.request.uri.path.extension in {"css" "js" "woff2"})', actionParameters: { cache: true } }),
    );
    expect(await violations(resources)).toEqual([]);
  });
  it("do not count what a cache rule excludes with not (...) as what it caches", async () => {
    const resources = withChange(happyStack(), "cache", (i) => {
      i.rules[0].expression = 'http.host in {"example.com" "www.example.com"} and (not (http.host in {"app.example.com"} or starts_with(http.request.uri.path, "/api/")))';
    });
    expect(await violations(resources)).toEqual([]);
  });
  it("still catch a private host cached next to a negated group", async () => {
    const resources = withChange(happyStack(), "cache", (i) => {
      i.rules[0].expression = 'http.host in {"app.example.com"} and not (http.cookie contains "session=")';
    });
    expect((await violations(resources)).map((v) => v.message)).toEqual([
      'Cache rule 1 ("marketing") caches responses of the private host app.example.com; cache rules must only match public hosts and paths.',
    ]);
  });
  it("accept an SPF record that delegates with redirect= instead of ending in all", async () => {
    const resources = withChange(happyStack(), "dns-spf", (i) => (i.content = '"v=spf1 redirect=_spf.example.com"'));
    expect(await violations(resources)).toEqual([]);
  });
  it("do not take a proxied CNAME to a web host for a mail record", async () => {
    const resources = withAdded(happyStack(), T.dns, "dns-status", { zoneId: ZONE, ttl: 1, name: "status.example.com", type: "CNAME", content: "ghs.googlehosted.com", proxied: true });
    expect(await violations(resources)).toEqual([]);
  });
  it("skip stack claims the config does not make", async () => {
    const { findings } = await runPack(without(happyStack(), "dns-spf", "dns-dmarc"), mergePackConfig(HAPPY_CONFIG, { "pulumi-stack-email-records": { sendingDomain: "" } }));
    const f = findings.find((x) => x.id === "pulumi-stack-email-records")!;
    expect(f.status).toBe("skip");
    expect(f.message).toContain("not applicable: No sending domain configured");
  });
  it("reads an account id nowhere it should not (the fixture's account id is not a zone)", () => {
    expect(ACCOUNT).not.toBe(ZONE);
  });
});
