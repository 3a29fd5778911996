import { z } from "zod";
import { configKey, emailAddress, httpsUrl, type CloudflarePlan } from "./primitives";

/**
 * Uptime checks, the people they alert, error-rate alerting and the audit log
 * group. Everything here has a safe default except the alert targets: a check
 * that reaches nobody is not monitoring, so at least one target is required.
 */

/**
 * Retention values CloudWatch Logs accepts (PutRetentionPolicy `retentionInDays`,
 * AWS CloudWatch Logs API reference). Anything else is rejected by AWS at deploy time.
 */
export const CLOUDWATCH_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Route 53 health checks only run every 10 or 30 seconds (RequestInterval). */
export const ROUTE53_INTERVALS = [10, 30] as const;
/** Route 53 FailureThreshold range. */
export const ROUTE53_MAX_FAILURE_THRESHOLD = 10;
/** Route 53 SearchString and Cloudflare expected_body: first 5120 bytes searched, string at most 255 characters. */
export const BODY_MATCH_MAX = 255;

/** Cloudflare standalone health checks per plan (Cloudflare "Preventing site downtime": limits per plan). */
export const CLOUDFLARE_HEALTHCHECK_LIMITS: Record<Exclude<CloudflarePlan, "free">, { minIntervalSeconds: number; maxChecks: number }> = {
  pro: { minIntervalSeconds: 60, maxChecks: 10 },
  business: { minIntervalSeconds: 15, maxChecks: 50 },
  enterprise: { minIntervalSeconds: 10, maxChecks: 1000 },
};

/** A health path: an exact URL path. Query strings are allowed (`/api/health?deep=1`). */
const healthPath = z
  .string({ error: "expected a path such as /api/health" })
  .regex(/^\/[A-Za-z0-9._~!$&'()+,;=:@%\/-]*(?:\?[A-Za-z0-9._~!$&'()+,;=:@%\/?-]*)?$/, {
    error: "expected a URL path that starts with / (no scheme, no host, no wildcard), such as /api/health",
  });

const hostKey = z.enum(["apex", "www", "app", "api"], { error: "expected one of apex, www, app, api (the portal host the path is served on)" });
export type MonitoredHost = z.infer<typeof hostKey>;

const intervalSeconds = z
  .number({ error: "expected a number of seconds" })
  .int({ error: "expected a whole number of seconds" })
  .min(10, { error: "must be at least 10 seconds" })
  .max(3600, { error: "must be at most 3600 seconds" });

const failureThreshold = z
  .number({ error: "expected a whole number of consecutive failures" })
  .int({ error: "expected a whole number of consecutive failures" })
  .min(1, { error: "must be at least 1" })
  .max(ROUTE53_MAX_FAILURE_THRESHOLD, { error: "must be at most 10 (Route 53's limit)" });

/** One uptime check, in full. */
const checkObject = z
  .object({
    /** The exact path requested, e.g. `/api/health` (required). */
    path: healthPath,
    /** Which portal host serves the path. @default api for API routes, app for the login page and portal routes, apex otherwise */
    host: hostKey.optional(),
    /** Status a healthy response has. Route 53 accepts any 2xx/3xx; Cloudflare checks this exact code. @default 200 */
    expectedStatus: z
      .number({ error: "expected an HTTP status code such as 200" })
      .int({ error: "expected an HTTP status code such as 200" })
      .min(200, { error: "expected a status between 200 and 599" })
      .max(599, { error: "expected a status between 200 and 599" })
      .default(200),
    /** Text the first 5120 bytes of the body must contain (e.g. `"status":"ok"`). @default none */
    bodyMatch: z
      .string({ error: "expected text to look for in the response body" })
      .min(1, { error: "must not be empty (leave bodyMatch out to check the status only)" })
      .max(BODY_MATCH_MAX, { error: "must be at most 255 characters (Route 53 SearchString limit)" })
      .optional(),
    /** @default monitoring.intervalSeconds */
    intervalSeconds: intervalSeconds.optional(),
    /** @default monitoring.failureThreshold */
    failureThreshold: failureThreshold.optional(),
  })
  .strict();

/** A check is a path (`/login`) or the full object. */
const check = z.union([healthPath, checkObject], { error: "expected a path such as /api/health, or { path, expectedStatus, bodyMatch }" });

/** A webhook: a plain https URL, or the name of a secret config key holding it (Slack URLs are credentials). */
const webhook = z.union(
  [
    httpsUrl,
    z
      .object({
        /** The https endpoint. Use urlSecret instead when the URL itself is a credential. */
        url: httpsUrl.optional(),
        /** Config key set with `pulumi config set --secret <key> <url>`. */
        urlSecret: configKey.optional(),
        /** Shown in the Cloudflare dashboard and the handover document. @default "webhook-<n>" */
        name: z.string({ error: "expected a short name" }).regex(/^[A-Za-z0-9 _-]{1,40}$/, { error: "expected 1-40 letters, digits, spaces, - or _" }).optional(),
      })
      .strict(),
  ],
  { error: "expected an https:// URL such as https://hooks.example.com/alerts, or { urlSecret: <config key> }" },
);

const awsRegion = z
  .string({ error: "expected an AWS region such as eu-west-1" })
  .regex(/^[a-z]{2}(?:-gov)?-[a-z]+-\d$/, { error: "expected an AWS region such as eu-west-1" });

export const MonitoringSchema = z
  .object({
    /**
     * Who runs the uptime checks. `route53`: Route 53 health checks from three AWS
     * regions, CloudWatch alarms and an SNS topic in us-east-1 (works on every
     * Cloudflare plan and checks the whole public path, edge included).
     * `cloudflare`: Cloudflare standalone health checks and notification policies
     * (Pro and up). `auto` picks cloudflare on Pro+ and route53 on Free.
     * @default "auto"
     */
    backend: z.enum(["auto", "route53", "cloudflare"], { error: "expected one of auto, route53, cloudflare" }).default("auto"),
    /**
     * What is checked from outside: paths, or objects with expectedStatus/bodyMatch/interval.
     * @default ["/", routes.loginPage, routes.health] — homepage, login page, API health
     */
    paths: z.array(check).min(1, { error: "list at least one path to check, such as /" }).optional(),
    /** Seconds between checks. Route 53: 10 or 30; Cloudflare: at least 60 (Pro), 15 (Business), 10 (Enterprise). @default 30 (route53), 60 (cloudflare) */
    intervalSeconds: intervalSeconds.optional(),
    /** Consecutive failures before a check is unhealthy. @default 3 */
    failureThreshold: failureThreshold.default(3),
    /** Who hears about failures and recoveries. At least one target is required. */
    alerts: z
      .object({
        /** People who get an email when a check fails or recovers. @default [] */
        emails: z.array(emailAddress).default([]),
        /** HTTPS webhooks (Slack-style on the cloudflare backend; SNS-confirming endpoints on route53). @default [] */
        webhooks: z.array(webhook).default([]),
        /** PagerDuty service. @default none */
        pagerduty: z
          .object({
            /**
             * Config key holding the integration key of an "Amazon CloudWatch" integration
             * (`pulumi config set --secret <key> <integration key>`). Needed by the route53 backend.
             */
            integrationKeySecret: configKey.optional(),
            /** Id of the PagerDuty destination connected under Cloudflare Notifications → Destinations. Needed by the cloudflare backend. */
            cloudflareDestinationId: z
              .string({ error: "expected the destination id shown in the Cloudflare dashboard" })
              .regex(/^[0-9a-f-]{32,36}$/, { error: "expected the 32-character id shown under Notifications → Destinations → PagerDuty" })
              .optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    /** Edge alerts for origin trouble, as far as the zone's plan allows. @default { enabled: true, slo: 99.8 } */
    errorRate: z
      .object({
        /** Cloudflare notifications for origin trouble (what the zone's plan allows). @default true */
        enabled: z.boolean({ error: "expected true or false" }).default(true),
        /** Service-level objective for origin 5xx alerts (Business+): alert when 5xx burn this budget. @default 99.8 */
        slo: z
          .number({ error: "expected a percentage such as 99.8" })
          .min(90, { error: "must be between 90 and 99.99" })
          .max(99.99, { error: "must be between 90 and 99.99" })
          .default(99.8),
      })
      .strict()
      .prefault({}),
    /** The CloudWatch log group for auth events. @default { retentionDays: 365 } */
    auditLogs: z
      .object({
        /** Days CloudWatch keeps auth events. @default 365 */
        retentionDays: z
          .number({ error: "expected a number of days" })
          .refine((d) => (CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(d), {
            error: `expected a retention CloudWatch Logs accepts: ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`,
          })
          .default(365),
        /** Log group name. @default "/launch-ready/<name>/<environment>/auth" */
        logGroupName: z
          .string({ error: "expected a log group name" })
          .regex(/^[A-Za-z0-9._\-/#]{1,512}$/, { error: "expected 1-512 characters: letters, digits, . _ - / #" })
          .optional(),
        /** Region of the log group (where the app runs). @default the AWS provider's region */
        region: awsRegion.optional(),
        /** Alarm when refused logins spike (credential stuffing, or a broken login). @default { enabled: true, threshold: 25, periodMinutes: 5 } */
        loginFailureAlarm: z
          .object({
            /** @default true */
            enabled: z.boolean({ error: "expected true or false" }).default(true),
            /** Refused logins in one period that raise the alarm. @default 25 */
            threshold: z.number({ error: "expected a whole number of failures" }).int({ error: "expected a whole number of failures" }).min(1, { error: "must be at least 1" }).default(25),
            /** @default 5 */
            periodMinutes: z
              .number({ error: "expected a whole number of minutes" })
              .int({ error: "expected a whole number of minutes" })
              .min(1, { error: "must be at least 1 minute" })
              .max(1440, { error: "must be at most 1440 minutes (CloudWatch evaluates at most one day)" })
              .default(5),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((m, ctx) => {
    const { emails, webhooks, pagerduty } = m.alerts;
    if (emails.length + webhooks.length === 0 && !pagerduty) {
      ctx.addIssue({
        code: "custom",
        path: ["alerts"],
        input: m.alerts,
        message: "list at least one alert target (emails, webhooks or pagerduty): every uptime check must reach a person",
      });
    }
    webhooks.forEach((w, i) => {
      if (typeof w === "string" || Boolean(w.url) !== Boolean(w.urlSecret)) return;
      // The url may be a credential (Slack): never echo it.
      ctx.addIssue({ code: "custom", path: ["alerts", "webhooks", i], input: w, params: { redact: true }, message: "set exactly one of url or urlSecret" });
    });
    webhooks.forEach((w, i) => {
      const url = typeof w === "string" ? w : w.url;
      if (url && /^https:\/\/hooks\.slack\.com\//i.test(url)) {
        ctx.addIssue({
          code: "custom",
          path: ["alerts", "webhooks", i],
          input: "https://hooks.slack.com/...",
          params: { redact: true },
          message: "a Slack webhook URL is a credential: store it with `pulumi config set --secret <key> <url>` and write { urlSecret: <key> } here",
        });
      }
    });
  })
  .prefault({});
export type MonitoringConfig = z.infer<typeof MonitoringSchema>;

// ---------------------------------------------------------------------------
// Resolution: what the program, the handover and the rules read. Kept here so
// defaults that depend on other sections (plan, routes) are written once.

/** The subset of the portal config monitoring depends on (avoids a cycle with portal.ts). */
export interface MonitoringContext {
  environment: string;
  name: string;
  cloudflare: { plan: CloudflarePlan };
  routes: { loginPage: string; health: string; api: string[]; portal: string[]; admin: string[] };
  monitoring: MonitoringConfig;
}

export type MonitoringBackend = "route53" | "cloudflare";

/** auto → cloudflare on Pro and up (standalone health checks need Pro+), route53 on Free. */
export function monitoringBackend(ctx: Pick<MonitoringContext, "cloudflare" | "monitoring">): MonitoringBackend {
  const chosen = ctx.monitoring.backend;
  if (chosen !== "auto") return chosen;
  return ctx.cloudflare.plan === "free" ? "route53" : "cloudflare";
}

export interface ResolvedCheck {
  /** Stable key for logical names: `<host>-<path slug>`, e.g. `api-api-health`. */
  key: string;
  path: string;
  host: MonitoredHost;
  expectedStatus: number;
  bodyMatch?: string;
  intervalSeconds: number;
  failureThreshold: number;
}

function matchesRoute(path: string, pattern: string): boolean {
  const bare = path.split("?")[0];
  return pattern.endsWith("*") ? bare.startsWith(pattern.slice(0, -1)) : bare === pattern;
}

function inferHost(path: string, ctx: MonitoringContext): MonitoredHost {
  const { routes } = ctx;
  if (routes.api.some((p) => matchesRoute(path, p)) || path.split("?")[0] === routes.health) return "api";
  if (path.split("?")[0] === routes.loginPage || [...routes.portal, ...routes.admin].some((p) => matchesRoute(path, p))) return "app";
  return "apex";
}

function slug(path: string): string {
  const s = path
    .split("?")[0]
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase();
  return s || "home";
}

/** Every check with its defaults filled: the list the program and the handover walk. */
export function resolveChecks(ctx: MonitoringContext): ResolvedCheck[] {
  const m = ctx.monitoring;
  const backend = monitoringBackend(ctx);
  // 30 s is Route 53's standard interval (10 s costs extra); 60 s is the Pro minimum on Cloudflare.
  const defaultInterval = m.intervalSeconds ?? (backend === "route53" ? 30 : 60);
  const raw = m.paths ?? ["/", ctx.routes.loginPage, ctx.routes.health];
  return raw.map((entry) => {
    const c = typeof entry === "string" ? { path: entry, expectedStatus: 200 } : entry;
    const host = ("host" in c && c.host) || inferHost(c.path, ctx);
    return {
      key: `${host}-${slug(c.path)}`,
      path: c.path,
      host,
      expectedStatus: c.expectedStatus,
      bodyMatch: "bodyMatch" in c ? c.bodyMatch : undefined,
      intervalSeconds: ("intervalSeconds" in c && c.intervalSeconds) || defaultInterval,
      failureThreshold: ("failureThreshold" in c && c.failureThreshold) || m.failureThreshold,
    };
  });
}

/** Default log group of the auth audit events. */
export function auditLogGroupName(ctx: Pick<MonitoringContext, "name" | "environment" | "monitoring">): string {
  return ctx.monitoring.auditLogs.logGroupName ?? `/launch-ready/${ctx.name}/${ctx.environment}/auth`;
}

/** Config keys monitoring reads as secrets (webhook URLs, the PagerDuty key): the offline plan stands in for them. */
export function monitoringSecretKeys(m: MonitoringConfig): string[] {
  const keys: string[] = [];
  for (const w of m.alerts.webhooks) if (typeof w !== "string" && w.urlSecret) keys.push(w.urlSecret);
  if (m.alerts.pagerduty?.integrationKeySecret) keys.push(m.alerts.pagerduty.integrationKeySecret);
  return [...new Set(keys)];
}

/**
 * Rules that need other sections (the zone's plan, the routes). Called from
 * rules.ts once every key has the right shape.
 */
export function checkMonitoringRules(ctx: MonitoringContext, refinement: z.RefinementCtx): void {
  const m = ctx.monitoring;
  const plan = ctx.cloudflare.plan;
  const backend = monitoringBackend(ctx);
  const at = (...p: (string | number)[]) => ["monitoring", ...p];
  const add = (path: (string | number)[], input: unknown, message: string) => refinement.addIssue({ code: "custom", path, input, message });

  if (m.backend === "cloudflare" && plan === "free") {
    add(at("backend"), "cloudflare", "Cloudflare standalone health checks need a Pro plan or higher (cloudflare.plan is free): use route53 or auto");
  }
  const checks = resolveChecks(ctx);
  const rawPaths = m.paths;
  const pathAt = (i: number) => (rawPaths && typeof rawPaths[i] === "object" ? at("paths", i, "path") : at("paths", i));
  const seen = new Map<string, number>();
  checks.forEach((c, i) => {
    const first = seen.get(c.key);
    if (first !== undefined) add(pathAt(i), c.path, `checks the same host and path as monitoring.paths.${first}: remove one (or set host)`);
    else seen.set(c.key, i);
  });

  const fieldAt = (i: number, field: string) => (rawPaths && typeof rawPaths[i] === "object" && field in (rawPaths[i] as object) ? at("paths", i, field) : at(field));
  if (backend === "route53") {
    checks.forEach((c, i) => {
      if (!(ROUTE53_INTERVALS as readonly number[]).includes(c.intervalSeconds)) {
        add(fieldAt(i, "intervalSeconds"), c.intervalSeconds, "Route 53 health checks run every 10 or 30 seconds: use 10 or 30 (or the cloudflare backend on Pro+)");
      }
      if (c.expectedStatus >= 400) {
        add(at("paths", i, "expectedStatus"), c.expectedStatus, "Route 53 counts only 2xx and 3xx responses as healthy: expect a status below 400, or use the cloudflare backend (Pro+)");
      }
    });
    if (m.alerts.pagerduty && !m.alerts.pagerduty.integrationKeySecret) {
      add(at("alerts", "pagerduty"), m.alerts.pagerduty, "the route53 backend pages PagerDuty through its Amazon CloudWatch integration: set integrationKeySecret to the config key holding the integration key");
    }
  } else if (plan !== "free") {
    const limits = CLOUDFLARE_HEALTHCHECK_LIMITS[plan];
    checks.forEach((c, i) => {
      if (c.intervalSeconds < limits.minIntervalSeconds) {
        add(fieldAt(i, "intervalSeconds"), c.intervalSeconds, `Cloudflare ${plan} health checks run at most every ${limits.minIntervalSeconds} seconds: use ${limits.minIntervalSeconds} or more`);
      }
    });
    if (checks.length > limits.maxChecks) {
      add(at("paths"), `${checks.length} checks`, `the Cloudflare ${plan} plan allows ${limits.maxChecks} health checks: check fewer paths`);
    }
    if (m.alerts.pagerduty && !m.alerts.pagerduty.cloudflareDestinationId) {
      add(
        at("alerts", "pagerduty"),
        m.alerts.pagerduty,
        "the cloudflare backend pages PagerDuty through a destination connected in the dashboard (Notifications → Destinations → PagerDuty): set cloudflareDestinationId, or use backend route53",
      );
    }
  }
}
