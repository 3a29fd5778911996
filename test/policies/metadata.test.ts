import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { PACK_ENFORCEMENT, PACK_NAME, POLICIES } from "../../policies/all";
import { AWS, CF } from "../../policies/lib/types";

const POLICY_DIR = path.resolve(__dirname, "../../policies");

/**
 * The pack's public surface: policy names are what users put in their
 * --policy-pack-config files and CI dashboards show, so renaming one is a
 * breaking change this test makes visible.
 */
const PINNED: [string, string][] = [
  ["cloudflare-zone-ssl-strict","The zone's SSL/TLS encryption mode must be Full (strict), so Cloudflare validates the origin's certificate."],
  ["cloudflare-zone-min-tls","The zone's minimum TLS version must be 1.2 or newer, because TLS 1.0 and 1.1 are deprecated (RFC 8996)."],
  ["cloudflare-zone-hsts","The zone must send HSTS (Strict-Transport-Security) with a max-age of at least one year, so browsers never fall back to plain HTTP (RFC 6797)."],
  ["cloudflare-zone-always-use-https","The zone must redirect every plain-HTTP request to HTTPS (Always Use HTTPS on)."],
  ["cloudflare-zone-setting-snake-case","Zone setting ids and the keys inside their values must use the Cloudflare API's snake_case, because the provider passes them through untranslated."],
  ["cloudflare-zone-setting-baseline","Every zone the stack manages must declare its TLS baseline settings (ssl, min_tls_version, always_use_https, security_header), so they are owned in code rather than left at dashboard defaults."],
  ["cloudflare-dns-record-portal-proxied","DNS records of the portal's web hostnames (app, api, www) must be proxied through Cloudflare, so the origin stays hidden and the WAF, rate limits and TLS settings apply."],
  ["cloudflare-dns-record-caa-allowed","CAA records may only authorize the certificate authorities the portal allows, so no other CA can issue a certificate for its names (RFC 8659)."],
  ["cloudflare-access-application-admin-mfa","The admin area must sit behind a Cloudflare Access application whose every allow policy requires multi-factor authentication."],
  ["cloudflare-ruleset-cache-private","Cache rules must never make authenticated routes (portal, API, admin, login) or the portal's private hosts eligible for cache, so one user's data is never served to another."],
  ["cloudflare-ruleset-managed-waf","Every zone the stack manages must execute Cloudflare's managed WAF ruleset in its http_request_firewall_managed phase (the Free Managed Ruleset on the free plan)."],
  ["cloudflare-ruleset-rate-limit-plan","Rate limiting rules must fit the zone's Cloudflare plan (rule count, period, expression fields, counting) and count per data center with cf.colo.id, or the API rejects them."],
  ["cloudflare-ruleset-rate-limit-coverage","Every sensitive path the stack claims (login, password reset, invite, export) must be matched by an enabled rate limiting rule, so brute force and scraping are throttled at the edge."],
  ["cloudflare-dns-record-spf-qualifier","An SPF record must end in -all or ~all; +all and ?all let anyone send mail as the domain (RFC 7208)."],
  ["cloudflare-dns-record-spf-single","Each DNS name must publish at most one SPF record, because two make every SPF check fail with permerror (RFC 7208 section 4.5)."],
  ["cloudflare-dns-record-dmarc-policy","A DMARC record must set its policy to quarantine or reject and name an aggregate report address (rua=mailto:), so spoofed mail is refused and failures are seen."],
  ["cloudflare-dns-record-mail-not-proxied","DNS records used for mail (MX, DKIM, MAIL FROM, return-path) must not be proxied, because Cloudflare's proxy only carries HTTP and would answer with its own addresses."],
  ["pulumi-stack-email-records","The sending domain the stack claims must publish SPF, DKIM and DMARC records, so portal mail (password resets, invites) reaches inboxes."],
  ["aws-secretsmanager-secret-cmk","Secrets Manager secrets must be encrypted with a customer-managed KMS key, so reading them also needs kms:Decrypt on a key the portal controls."],
  ["aws-iam-policy-secret-access-scoped","IAM policies that grant reading secrets (secretsmanager:GetSecretValue, kms:Decrypt) must name the exact secret and key ARNs, never a wildcard action or resource."],
  ["aws-lambda-function-no-plaintext-secrets","Lambda environment variables must not carry secrets in plain text; functions read secrets from Secrets Manager at run time."],
  ["aws-ecs-task-definition-no-plaintext-secrets","ECS container environment variables must not carry secrets in plain text; secrets go in the container's secrets list (valueFrom a Secrets Manager ARN)."],
  ["cloudflare-workers-script-no-plaintext-secrets","Worker bindings must not carry secrets as plain_text (use secret_text), and no binding may give a secret a frontend-public name."],
  ["cloudflare-pages-project-no-plaintext-secrets","Pages project variables must not carry secrets as plain_text (use secret_text), and no secret may have a frontend-public name that inlines it into the browser bundle."],
  ["pulumi-stack-uptime-checks","Every path the stack claims to monitor (homepage, login, health) must have an active HTTP(S) uptime check: a Route 53 health check or a Cloudflare health check."],
  ["pulumi-stack-alert-targets","Every uptime check must be wired to an alert target: a Route 53 health check to a CloudWatch alarm that notifies an SNS topic with a subscription, a Cloudflare health check to a notification policy with a recipient."],
  ["aws-cloudwatch-metric-alarm-route53-region","CloudWatch alarms on Route 53 health-check metrics, and the SNS topics they notify, must be in us-east-1, the only region where those metrics exist."],
  ["cloudflare-ruleset-single-per-phase","A zone (or account) must have at most one entry-point ruleset per phase, because Cloudflare refuses a second one (error 20217)."],
  ["cloudflare-load-balancer-pool-monitor","Every load balancer pool must have a health monitor and at least one enabled origin, so Cloudflare can fail over when it breaks."],
  ["cloudflare-load-balancer-fallback","Every load balancer must name its default pools and a fallback pool, so traffic has somewhere to go when every default pool is unhealthy."],
  ["pulumi-stack-blue-green-switch","Every hostname the stack deploys blue/green must have one switch: a Cloudflare load balancer for it, or a single proxied DNS record per address type whose target flips between the colours."],
];

const AREAS = ["authentication", "authorization", "session-security", "input-validation", "secret-handling", "rate-limiting", "cors-csrf", "email-dns", "deployment-safety", "monitoring-logs", "edge-tls", "performance"];

describe("the launch-ready pack's metadata", () => {
  it("is named launch-ready and mandatory by default", () => {
    expect(PACK_NAME).toBe("launch-ready");
    expect(PACK_ENFORCEMENT).toBe("mandatory");
    const yaml = fs.readFileSync(path.join(POLICY_DIR, "PulumiPolicy.yaml"), "utf8");
    expect(yaml).toMatch(/^runtime: nodejs$/m);
    const pkg = JSON.parse(fs.readFileSync(path.join(POLICY_DIR, "package.json"), "utf8"));
    const root = JSON.parse(fs.readFileSync(path.join(POLICY_DIR, "..", "package.json"), "utf8"));
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.dependencies).toEqual({ "@pulumi/policy": root.dependencies["@pulumi/policy"], "@pulumi/pulumi": root.dependencies["@pulumi/pulumi"] });
  });

  it("pins every policy's name and description, in order", () => {
    expect(POLICIES.map((p) => [p.name, p.description])).toEqual(PINNED);
  });

  it.each(POLICIES.map((p) => [p.name, p] as const))("%s follows the naming and metadata rules", (name, p) => {
    expect(name).toMatch(/^(cloudflare|aws|pulumi)-[a-z0-9]+(-[a-z0-9]+)+$/);
    // One policy per file, named after the policy.
    expect(fs.existsSync(path.join(POLICY_DIR, `${name}.ts`))).toBe(true);
    expect(p.description).toMatch(/^[A-Z].+\.$/);
    expect(p.description.length).toBeGreaterThan(40);
    expect(AREAS).toContain(p.tags?.[0]);
    expect(["low", "medium", "high", "critical"]).toContain(p.severity);
    expect(p.remediationSteps).toBeTruthy();
    // The engine refuses a pack whose schema declares enforcementLevel.
    expect(Object.keys(p.configSchema?.properties ?? {})).not.toContain("enforcementLevel");
    for (const [key, prop] of Object.entries(p.configSchema?.properties ?? {})) {
      expect({ key, hasDefault: "default" in prop, hasDescription: typeof prop.description === "string" }).toEqual({ key, hasDefault: true, hasDescription: true });
    }
  });

  it("gives stack policies no __pulumiType, so the engine never skips a completeness check for lack of the type it looks for", () => {
    for (const p of POLICIES) if ("validateStack" in p) expect({ name: p.name, type: (p.validateStack as { __pulumiType?: string }).__pulumiType }).toEqual({ name: p.name, type: undefined });
  });

  it("has unique names and one file per policy", () => {
    expect(new Set(POLICIES.map((p) => p.name)).size).toBe(POLICIES.length);
    const files = fs.readdirSync(POLICY_DIR).filter((f) => /^(cloudflare|aws|pulumi)-.*\.ts$/.test(f));
    expect(files.sort()).toEqual(POLICIES.map((p) => `${p.name}.ts`).sort());
  });

  it("matches the provider type tokens of the installed @pulumi/cloudflare and @pulumi/aws", () => {
    const token = (mod: string, cls: string) => (require(mod) as Record<string, { __pulumiType: string }>)[cls].__pulumiType;
    expect(CF).toEqual({
      zoneSetting: token("@pulumi/cloudflare/zoneSetting", "ZoneSetting"),
      dnsRecord: token("@pulumi/cloudflare/dnsRecord", "DnsRecord"),
      ruleset: token("@pulumi/cloudflare/ruleset", "Ruleset"),
      accessApplication: token("@pulumi/cloudflare/zeroTrustAccessApplication", "ZeroTrustAccessApplication"),
      accessPolicy: token("@pulumi/cloudflare/zeroTrustAccessPolicy", "ZeroTrustAccessPolicy"),
      loadBalancer: token("@pulumi/cloudflare/loadBalancer", "LoadBalancer"),
      loadBalancerPool: token("@pulumi/cloudflare/loadBalancerPool", "LoadBalancerPool"),
      healthcheck: token("@pulumi/cloudflare/healthcheck", "Healthcheck"),
      notificationPolicy: token("@pulumi/cloudflare/notificationPolicy", "NotificationPolicy"),
      workersScript: token("@pulumi/cloudflare/workersScript", "WorkersScript"),
      pagesProject: token("@pulumi/cloudflare/pagesProject", "PagesProject"),
    });
    expect(AWS).toEqual({
      secret: token("@pulumi/aws/secretsmanager/secret", "Secret"),
      iamPolicy: token("@pulumi/aws/iam/policy", "Policy"),
      iamRolePolicy: token("@pulumi/aws/iam/rolePolicy", "RolePolicy"),
      iamUserPolicy: token("@pulumi/aws/iam/userPolicy", "UserPolicy"),
      iamGroupPolicy: token("@pulumi/aws/iam/groupPolicy", "GroupPolicy"),
      lambdaFunction: token("@pulumi/aws/lambda/function", "Function"),
      ecsTaskDefinition: token("@pulumi/aws/ecs/taskDefinition", "TaskDefinition"),
      metricAlarm: token("@pulumi/aws/cloudwatch/metricAlarm", "MetricAlarm"),
      route53HealthCheck: token("@pulumi/aws/route53/healthCheck", "HealthCheck"),
      snsTopic: token("@pulumi/aws/sns/topic", "Topic"),
      snsTopicSubscription: token("@pulumi/aws/sns/topicSubscription", "TopicSubscription"),
    });
  });

  it("imports nothing from infra/, scripts/ or stacks/, and loads no provider SDK", () => {
    const sources = [...fs.readdirSync(POLICY_DIR).filter((f) => f.endsWith(".ts")), ...fs.readdirSync(path.join(POLICY_DIR, "lib")).map((f) => `lib/${f}`)];
    for (const file of sources) {
      const text = fs.readFileSync(path.join(POLICY_DIR, file), "utf8");
      const imports = [...text.matchAll(/^(?:import|export)[^;]*? from "([^"]+)";/gms)].map((m) => m[1]);
      for (const spec of imports) expect({ file, spec, ok: spec.startsWith(".") ? !/\.\.\/\.\./.test(spec) && !/^\.\.\/(infra|scripts|stacks)/.test(spec) : spec === "@pulumi/policy" }).toEqual({ file, spec, ok: true });
    }
  });

  it("index.ts only constructs the pack", () => {
    const code = fs
      .readFileSync(path.join(POLICY_DIR, "index.ts"), "utf8")
      .split("\n")
      .filter((l) => l.trim() && !l.trim().startsWith("//"));
    expect(code).toEqual([
      'import { PolicyPack } from "@pulumi/policy";',
      'import { PACK_DESCRIPTION, PACK_ENFORCEMENT, PACK_NAME, POLICIES } from "./all";',
      "new PolicyPack(PACK_NAME, {",
      "  description: PACK_DESCRIPTION,",
      "  enforcementLevel: PACK_ENFORCEMENT,",
      "  policies: POLICIES,",
      "});",
    ]);
  });
});
