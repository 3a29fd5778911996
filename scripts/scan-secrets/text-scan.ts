import type { SecretLintCoreConfig, SecretLintCoreResultMessage } from "@secretlint/types";
import type { Severity } from "../lib/findings";
import { fingerprint, maskSecret } from "./mask";
import { LAUNCH_READY_RULES } from "./rules";

/**
 * The scanner's core: one text in, masked hits out. Nothing here prints a
 * secret: a hit carries only a masked form and a fingerprint.
 */

/** Where a hit was found; decides the finding id (repo/history → secrets-in-repo, bundle/page → secrets-in-bundle). */
export type HitOrigin = "repo" | "history" | "bundle" | "page";

export interface SecretHit {
  /** secretlint rule id, e.g. `@secretlint/secretlint-rule-github` or `launch-ready/stripe`. */
  ruleId: string;
  messageId: string;
  /** What was found, in words, e.g. "GitHub token". Never contains the secret. */
  kind: string;
  /** File path, URL, `<commit>:<path>`, or `<map> → <original source>`. */
  source: string;
  origin: HitOrigin;
  /** 1-based line and column in `source` (0 when unknown). */
  line: number;
  column: number;
  /** The secret with all but its first few characters masked. */
  masked: string;
  /** sha256 prefix of the secret (for de-duplication). */
  fingerprint: string;
  severity: Severity;
}

export interface ScanTextOptions {
  /** Defaults to "repo". */
  origin?: HitOrigin;
}

interface Engine {
  lintSource: typeof import("@secretlint/core").lintSource;
  config: SecretLintCoreConfig;
}
let engine: Promise<Engine> | undefined;

/**
 * secretlint and its recommended preset (plus launch-ready's rules: Stripe,
 * database URLs, webhook URLs, secret assignments), loaded on first use so
 * commands that never scan do not pay for a megabyte of rules at start-up.
 */
export function secretlintEngine(): Promise<Engine> {
  engine ??= Promise.all([
    import("@secretlint/core"),
    import("@secretlint/secretlint-rule-preset-recommend"),
    import("@secretlint/profiler"),
  ]).then(([core, preset, profiler]) => {
    // secretlint's profiler records a performance mark per rule per run, keeps them
    // all and searches them on each new mark: the N-th text costs O(N), so scanning
    // a history of thousands of files slows to a crawl. Profiling is a debugging
    // aid we never read; marking is switched off.
    profiler.secretLintProfiler.mark = () => {};
    return {
      lintSource: core.lintSource,
      config: {
        rules: [
          { id: "@secretlint/secretlint-rule-preset-recommend", rule: preset.creator },
          ...LAUNCH_READY_RULES.map((rule) => ({ id: rule.meta.id, rule })),
        ],
      },
    };
  });
  return engine;
}

// Findings from specific rules win over the generic assignment rule on the same text.
const GENERIC_RULES = new Set(["launch-ready/secret-assignment", "@secretlint/secretlint-rule-basicauth"]);

/**
 * Scans one text (a file, a bundle, a page, an added diff) and returns every
 * secret found, masked. `sourceName` is only used to label the hits.
 */
export async function scanText(text: string, sourceName: string, opts: ScanTextOptions = {}): Promise<SecretHit[]> {
  if (text.length === 0) return [];
  const { lintSource, config } = await secretlintEngine();
  const result = await lintSource({
    source: { content: text, filePath: sourceName, contentType: "text" },
    // Messages are never shown (see describe), so the rules' own data stays unmasked for our messages.
    options: { config, maskSecrets: false, noPhysicFilePath: true },
  });
  const messages = dropOverlaps(result.messages);
  return messages.map((m) => {
    const secret = text.slice(m.range[0], m.range[1]);
    return {
      ruleId: m.ruleId,
      messageId: m.messageId,
      kind: describe(m, secret),
      source: sourceName,
      origin: opts.origin ?? "repo",
      line: m.loc.start.line,
      column: m.loc.start.column + 1,
      masked: maskSecret(secret),
      fingerprint: fingerprint(secret),
      severity: severityOf(m),
    };
  });
}

function dropOverlaps(messages: SecretLintCoreResultMessage[]): SecretLintCoreResultMessage[] {
  const specific = messages.filter((m) => !GENERIC_RULES.has(m.ruleId));
  const generic = messages.filter((m) => GENERIC_RULES.has(m.ruleId) && !specific.some((s) => s.range[0] < m.range[1] && m.range[0] < s.range[1]));
  const seen = new Set<string>();
  return [...specific, ...generic]
    .sort((a, b) => a.range[0] - b.range[0])
    .filter((m) => {
      const key = `${m.range[0]}:${m.range[1]}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Names for the recommended preset's message ids (its messages quote the secret, so they are never shown). */
const PRESET_KINDS: Record<string, string> = {
  ANTHROPIC_API_KEY: "Anthropic API key",
  AWSAccessKeyID: "AWS access key id",
  AWSAccountID: "AWS account id",
  AWSSecretAccessKey: "AWS secret access key",
  BasicAuth: "URL with a basic-auth password",
  GITHUB_TOKEN: "GitHub token",
  IncomingWebhook: "Slack incoming webhook URL",
  LINEAR_API_TOKEN: "Linear API token",
  MongoDBConnection: "MongoDB connection URL with a password",
  MySQLConnection: "MySQL connection URL with a password",
  NPM_ACCESS_TOKEN: "npm access token",
  Npmrc_authToken: "npm auth token in .npmrc",
  OPENAI_TOKEN: "OpenAI API key",
  OPS_TOKEN: "1Password service token",
  PackageJSON_xOauthToken: "OAuth token in package.json",
  PostgreSQLConnection: "PostgreSQL connection URL with a password",
  PrivateKey: "private key",
  PrivateKeyJSON: "private key in JSON",
  SENDGRID_KEY: "SendGrid API key",
  SHOPIFY_KEY: "Shopify token",
  SLACK_TOKEN: "Slack token",
};

/**
 * What was found, in words. launch-ready's own rules phrase messages without
 * the secret; the preset's quote it, so those are named from the message id.
 */
function describe(m: SecretLintCoreResultMessage, secret: string): string {
  const kind = m.ruleId.startsWith("launch-ready/")
    ? m.message.replace(/^found (?:an? )?/i, "")
    : PRESET_KINDS[m.messageId] ?? m.messageId.replace(/_/g, " ").toLowerCase();
  return secret.length >= 4 && kind.includes(secret) ? m.messageId : kind;
}

function severityOf(m: SecretLintCoreResultMessage): Severity {
  if (m.ruleId === "launch-ready/secret-assignment") return "high";
  if (/TEST/.test(m.messageId)) return "medium";
  return "critical";
}
