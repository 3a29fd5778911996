import { generateKeyPairSync } from "node:crypto";

/**
 * Fake credentials for scanner tests, assembled at run time so that this
 * repository never contains one in a form a scanner (ours, or a hosting
 * provider's push protection) would match. `seed` makes each call distinct.
 */
const join = (...parts: string[]) => parts.join("");

export interface FakeSecret {
  /** What the scanner must call it (a substring of the hit's kind). */
  kind: string;
  value: string;
  /** A line of code or config that carries it. */
  line: string;
}

export function fakeSecrets(seed = "7"): Record<string, FakeSecret> {
  const pem = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const s = seed;
  const stripe = join("sk", "_li", "ve_", "4eC39HqLyjWDarjtT1zdp7dc", s);
  const webhook = join("wh", "sec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLY", s);
  const postgres = join("postgres", "://portal:", "Xy7Qw2Lm9Pz", s, "@db.internal:5432/portal");
  const redis = join("redis", "://:", "n0tAPlaceh0lder9", s, "@cache.internal:6379/0");
  const github = join("gh", "p_", "wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pIN", s, s);
  const session = join("q8Zr2mXv7Lp4Nw9K", "s3Tb6Yc1", s);
  const discord = join("https://discord.com/api/", "webhooks/", "112233445566778899/", "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5kL7nP9rS2uV4xY6zA8cE0gI2kM4", s);
  return {
    stripeLiveKey: { kind: "Stripe live secret key", value: stripe, line: `const stripe = new Stripe("${stripe}");` },
    stripeWebhookSecret: { kind: "webhook signing secret", value: webhook, line: `const endpointSecret = '${webhook}';` },
    postgresUrl: { kind: "PostgreSQL connection URL", value: postgres, line: `DATABASE_URL=${postgres}` },
    redisUrl: { kind: "redis connection URL with a password", value: redis, line: `const cache = createClient({ url: "${redis}" });` },
    githubToken: { kind: "GitHub token", value: github, line: `const token = "${github}";` },
    privateKey: { kind: "private key", value: pem.trim(), line: `const key = ${JSON.stringify(pem)};` },
    sessionSecret: { kind: "secret-sounding name", value: session, line: `const config = { sessionSecret: "${session}" };` },
    discordWebhook: { kind: "Discord webhook URL", value: discord, line: `fetch("${discord}", { method: "POST" });` },
  };
}

/** A realistic bundle without any secret: public config, ids, hashes and a publishable key. */
export function cleanBundle(): string {
  return [
    '"use strict";(()=>{var e={apiUrl:"https://api.example.com",appUrl:"https://app.example.com"};',
    `var k="${join("pk", "_live_", "51Hx7YbKz3PqR8sT2uV4wX6yZ")}";`,
    'var zone="0123456789abcdef0123456789abcdef",build="9f8e7d6c5b4a39281706f5e4d3c2b1a0";',
    'var s=process.env.NEXT_PUBLIC_API_URL,t=window.__NEXT_DATA__;function csrfToken(){return document.cookie}',
    'var password=document.getElementById("password").value;var secret=null;',
    "console.log(e,k,zone,build,s,t,password,secret)})();",
  ].join("");
}
