import { z } from "zod";
import { configKey } from "./primitives";

/**
 * Server-side secrets. Values never live here: each name in `fromConfig` is a
 * Pulumi config key set with `pulumi config set --secret <key>` and read with
 * requireSecret; `generated` ones are made by @pulumi/random at deploy time.
 * Every secret lands in AWS Secrets Manager, encrypted with a customer-managed
 * KMS key, readable only by the server's IAM role.
 */

/** An AWS region name such as us-east-1. */
const awsRegion = z
  .string({ error: "expected an AWS region such as us-east-1" })
  .regex(/^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d$/, { error: "expected an AWS region name such as us-east-1 or eu-west-1" });

/** An IAM role ARN (the role path is allowed: arn:aws:iam::123456789012:role/app/portal-server). */
const iamRoleArn = z
  .string({ error: "expected an IAM role ARN" })
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/, {
    error: "expected an IAM role ARN such as arn:aws:iam::123456789012:role/portal-server (no wildcards)",
  });

/** A Lambda function ARN (no alias wildcard). */
const lambdaArn = z
  .string({ error: "expected a Lambda function ARN" })
  .regex(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]+)?$/, {
    error: "expected a Lambda function ARN such as arn:aws:lambda:us-east-1:123456789012:function:rotate-db",
  });

/** An AWS service principal that may assume the server role. */
const servicePrincipal = z
  .string({ error: "expected an AWS service principal" })
  .regex(/^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.amazonaws\.com$/, { error: "expected a service principal such as ec2.amazonaws.com or ecs-tasks.amazonaws.com" });

/** A KMS key ARN. */
const kmsKeyArn = z
  .string({ error: "expected a KMS key ARN" })
  .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$|^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/mrk-[0-9a-f]{32}$/, {
    error: "expected a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (not an alias)",
  });

/** zod reports a bad record key as "Invalid key in record"; say which keys are allowed instead. */
function keyError(allowed: string) {
  return { error: (issue: { code?: string }) => (issue.code === "invalid_key" ? `this key is not allowed: expected ${allowed}` : undefined) };
}

/** A secret made at deploy time by @pulumi/random and stored like any other. */
const GeneratedSecretSchema = z
  .object({
    /** Name of the secret (a config-key-like name, e.g. `sessionSecret`). */
    name: configKey,
    /** Length in characters. 32 is the floor for HMAC keys (RFC 2104 §3: at least the hash output length). @default 64 */
    length: z
      .number({ error: "expected a length in characters" })
      .int({ error: "expected a whole number" })
      .min(32, { error: "expected at least 32 characters: session, CSRF and webhook signing keys shorter than the hash output weaken HMAC (RFC 2104 §3)" })
      .max(4096, { error: "expected at most 4096 characters (Secrets Manager holds up to 64 KB)" })
      .default(64),
    /** What the server uses it for; becomes the secret's description in AWS. */
    description: z.string({ error: "expected a short description" }).max(2048).optional(),
  })
  .strict();

/** Rotation by a Lambda the user supplies (Secrets Manager calls it on schedule). */
const RotationSchema = z
  .object({
    /** The rotation function's ARN. */
    lambdaArn,
    /** The rotation function's execution role: it needs to read the secret, so the resource policy lets it. */
    lambdaRoleArn: iamRoleArn,
    /** Rotate every N days (Secrets Manager allows 1–1000). @default 30 */
    days: z
      .number({ error: "expected a number of days" })
      .int({ error: "expected a whole number of days" })
      .min(1, { error: "expected 1 to 1000 days (the Secrets Manager limits)" })
      .max(1000, { error: "expected 1 to 1000 days (the Secrets Manager limits)" })
      .default(30),
  })
  .strict();

/** Framework prefixes whose variables are inlined into the browser bundle. */
export const PUBLIC_ENV_PREFIXES = ["NEXT_PUBLIC_", "VITE_", "REACT_APP_", "EXPO_PUBLIC_", "NUXT_PUBLIC_", "PUBLIC_", "GATSBY_", "VUE_APP_"] as const;

const envName = z
  .string({ error: "expected an environment variable name" })
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, { error: "expected an environment variable name such as NEXT_PUBLIC_API_URL (letters, digits, _)" });

/**
 * The frontend build's environment. Whatever is public here ends up in the
 * JavaScript every visitor downloads, so `launch-ready plan` refuses a secret
 * name or a secret-looking value among the public entries.
 */
const FrontendSchema = z
  .object({
    /** Variables the frontend build sees, e.g. `{ NEXT_PUBLIC_API_URL: "https://api.example.com" }`. Never put secrets here. @default {} */
    env: z.record(envName, z.string({ error: "expected a string value" }), keyError("environment variable names such as NEXT_PUBLIC_API_URL (letters, digits, _)")).default({}),
    /**
     * Names the build ships to the browser besides the framework prefixes
     * (NEXT_PUBLIC_*, VITE_*, REACT_APP_*, EXPO_PUBLIC_*, NUXT_PUBLIC_*, PUBLIC_*, GATSBY_*, VUE_APP_*),
     * e.g. names a webpack DefinePlugin inlines. @default []
     */
    publicNames: z.array(envName).default([]),
  })
  .strict()
  .prefault({});

const SecretsObject = z
  .object({
    /** Config keys holding secrets the server needs (database URL, payment keys, ...). @default [] */
    fromConfig: z.array(configKey).default([]),
    /** Human descriptions by secret name (from `fromConfig` or `generated`); shown in AWS and in reports. @default {} */
    descriptions: z.record(configKey, z.string({ error: "expected a short description" }).max(2048), keyError("secret names such as databaseUrl")).default({}),
    /** Secrets generated at deploy time (session, CSRF, webhook signing keys). @default [] */
    generated: z.array(GeneratedSecretSchema).default([]),
    /** AWS region that holds the secrets and their KMS key. @default "us-east-1" */
    region: awsRegion.default("us-east-1"),
    /** Days a deleted secret can still be restored (Secrets Manager allows 7–30). @default 30 */
    recoveryWindowDays: z
      .number({ error: "expected a number of days" })
      .int({ error: "expected a whole number of days" })
      .min(7, { error: "expected 7 to 30 days (the Secrets Manager limits)" })
      .max(30, { error: "expected 7 to 30 days (the Secrets Manager limits)" })
      .default(30),
    /** The customer-managed KMS key that encrypts the secrets. @default { rotationDays: 365, deletionWindowDays: 30 } (a new key) */
    kms: z
      .object({
        /** Use an existing customer-managed key instead of creating one (its key policy must let IAM grant use). @default unset: a key is created */
        existingKeyArn: kmsKeyArn.optional(),
        /** Days between automatic key rotations (KMS allows 90–2560). @default 365 */
        rotationDays: z
          .number({ error: "expected a number of days" })
          .int({ error: "expected a whole number of days" })
          .min(90, { error: "expected 90 to 2560 days (the KMS limits for automatic rotation)" })
          .max(2560, { error: "expected 90 to 2560 days (the KMS limits for automatic rotation)" })
          .default(365),
        /** Waiting period before a scheduled key deletion (KMS allows 7–30). @default 30 */
        deletionWindowDays: z
          .number({ error: "expected a number of days" })
          .int({ error: "expected a whole number of days" })
          .min(7, { error: "expected 7 to 30 days (the KMS limits)" })
          .max(30, { error: "expected 7 to 30 days (the KMS limits)" })
          .default(30),
      })
      .strict()
      .prefault({}),
    /** The IAM role the portal server runs as; the only reader of the secrets. @default { trustedService: "ec2.amazonaws.com" } (a new role) */
    serverRole: z
      .object({
        /**
         * An existing role the portal server runs as: the read policy is attached to it.
         * When absent, launch-ready creates a role trusted by `trustedService`.
         * @default unset: a role is created
         */
        existingRoleArn: iamRoleArn.optional(),
        /** Who may assume the created role (ignored with existingRoleArn). @default "ec2.amazonaws.com" */
        trustedService: servicePrincipal.default("ec2.amazonaws.com"),
      })
      .strict()
      .prefault({}),
    /** Rotation by secret name, for secrets whose issuer supports it (e.g. the database password). @default {} */
    rotation: z.record(configKey, RotationSchema, keyError("secret names such as databaseUrl")).default({}),
    /** The frontend build's environment, checked by every plan for secrets. @default { env: {}, publicNames: [] } */
    frontend: FrontendSchema,
  })
  .strict();
export type SecretsConfig = z.infer<typeof SecretsObject>;

export const SecretsSchema = SecretsObject.superRefine((secrets, ctx) => {
  // zod may run refinements after a key failed its own check; these rules compare
  // keys, so they wait until every key of the section has the right shape.
  if ((ctx as unknown as { issues?: unknown[] }).issues?.length) return;
  checkSecretsRules(secrets, (path, input, message) => ctx.addIssue({ code: "custom", path, input, message }));
}).prefault({});
export type GeneratedSecretConfig = z.infer<typeof GeneratedSecretSchema>;

/**
 * How many secrets one portal may declare: the read policy names each ARN
 * (up to ~180 characters with the longest portal name, environment, region
 * and key) and IAM caps a managed policy at 6,144 characters.
 */
export const MAX_SECRETS = 30;

/** Every secret name the config declares, config-supplied first. */
export function declaredSecretNames(secrets: SecretsConfig): string[] {
  return [...secrets.fromConfig, ...secrets.generated.map((g) => g.name)];
}

/**
 * Cross-key rules of the secrets section. Paths are relative to `secrets`
 * (zod prefixes the rest), so every problem names the key to change.
 */
export function checkSecretsRules(secrets: SecretsConfig, addIssue: (path: (string | number)[], input: unknown, message: string) => void): void {
  const total = secrets.fromConfig.length + secrets.generated.length;
  if (total > MAX_SECRETS) {
    addIssue(
      ["fromConfig"],
      total,
      `declares ${total} secrets; at most ${MAX_SECRETS}: the server's read policy lists every secret ARN and an IAM managed policy holds 6,144 characters. Group related values into one JSON secret`,
    );
  }
  const keyRegion = secrets.kms.existingKeyArn?.split(":")[3];
  if (keyRegion && keyRegion !== secrets.region) {
    addIssue(
      ["kms", "existingKeyArn"],
      secrets.kms.existingKeyArn,
      `is a key in ${keyRegion}, but the secrets live in ${secrets.region} (secrets.region): Secrets Manager only encrypts with a key in its own region; use a key (or a multi-Region replica) in ${secrets.region}`,
    );
  }
  const seen = new Map<string, string>();
  secrets.fromConfig.forEach((key, i) => {
    if (seen.has(key)) addIssue(["fromConfig", i], key, `"${key}" is listed twice: each secret is declared once`);
    seen.set(key, "fromConfig");
  });
  secrets.generated.forEach((g, i) => {
    if (seen.has(g.name)) {
      addIssue(["generated", i, "name"], g.name, `"${g.name}" is already declared in ${seen.get(g.name)}: a secret is either set with \`pulumi config set --secret\` or generated, not both`);
    }
    seen.set(g.name, "generated");
  });
  for (const key of Object.keys(secrets.descriptions)) {
    if (!seen.has(key)) addIssue(["descriptions", key], key, `describes "${key}", which is not declared: add it to secrets.fromConfig or secrets.generated, or remove the description`);
  }
  for (const key of Object.keys(secrets.rotation)) {
    if (!seen.has(key)) addIssue(["rotation", key], key, `rotates "${key}", which is not declared: add it to secrets.fromConfig, or remove the rotation`);
    else if (seen.get(key) === "generated") {
      addIssue(["rotation", key], key, `"${key}" is generated by launch-ready: rotate it by replacing the RandomPassword (pulumi up --replace), not with a rotation Lambda`);
    }
  }
}
