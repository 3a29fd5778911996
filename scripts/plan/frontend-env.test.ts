import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { fakeSecrets } from "../../test/secrets/fake-secrets";
import { parsePortalConfig } from "../../stacks/schema";
import { REPORT_FORMATS, renderFindings } from "../lib/reports";
import { hasBlockingFailure } from "../lib/findings";
import { planEvaluators } from "./evaluators";
import { frontendEnvFindings, isPublicEnvName } from "./frontend-env";
import { PROJECT_ROOT, planStack } from "./plan-stack";

const secrets = fakeSecrets("5");
function prodPortal(): Record<string, any> {
  return parse(fs.readFileSync(path.join(PROJECT_ROOT, "stacks", "Pulumi.prod.yaml"), "utf8")).config["launch-ready:portal"];
}
function withFrontend(env: Record<string, string>, publicNames: string[] = []) {
  const raw = prodPortal();
  raw.secrets.frontend = { env, publicNames };
  return parsePortalConfig(raw);
}
const summary = (findings: Awaited<ReturnType<typeof frontendEnvFindings>>) => findings.map((f) => [f.status, f.mandatory, f.target, f.message]);
const KEY = "launch-ready:portal.secrets.frontend.env";

describe("frontend build environment guard", () => {
  it("passes the example stack: public URLs only", async () => {
    const findings = await frontendEnvFindings(parsePortalConfig(prodPortal()));
    expect(findings).toEqual([
      {
        id: "frontend-env-secrets",
        area: "secret-handling",
        status: "pass",
        severity: "info",
        mandatory: true,
        message: "frontend build environment: 2 public variable(s) of 2, none a secret",
        target: KEY,
      },
    ]);
  });

  it("knows the framework prefixes and the names the user marks public", () => {
    for (const name of ["NEXT_PUBLIC_X", "VITE_X", "REACT_APP_X", "EXPO_PUBLIC_X", "NUXT_PUBLIC_X", "PUBLIC_X", "GATSBY_X", "VUE_APP_X"]) expect(isPublicEnvName(name, [])).toBe(true);
    expect(isPublicEnvName("API_URL", [])).toBe(false);
    expect(isPublicEnvName("API_URL", ["API_URL"])).toBe(true);
  });

  it("fails a public variable that is a server secret, or named like one (mandatory)", async () => {
    const findings = await frontendEnvFindings(
      withFrontend({ NEXT_PUBLIC_API_URL: "https://api.example.com", NEXT_PUBLIC_STRIPE_SECRET_KEY: "set-at-build", VITE_SESSION_PASSWORD: "from-ci-settings", APP_SIGNING_SALT: "abc" }, ["APP_SIGNING_SALT"]),
    );
    expect(summary(findings)).toEqual([
      ["fail", true, `${KEY}.NEXT_PUBLIC_STRIPE_SECRET_KEY`, 'NEXT_PUBLIC_STRIPE_SECRET_KEY is public (inlined into the browser bundle) but names the server secret "stripeSecretKey"'],
      ["fail", true, `${KEY}.VITE_SESSION_PASSWORD`, "VITE_SESSION_PASSWORD is public (inlined into the browser bundle) and its name says it holds a secret"],
      ["fail", true, `${KEY}.APP_SIGNING_SALT`, "APP_SIGNING_SALT is public (inlined into the browser bundle) and its name says it holds a secret"],
    ]);
    expect(findings[1].evidence).toBe("VITE_SESSION_PASSWORD=from**** (16 chars)");
    expect(hasBlockingFailure(findings)).toBe(true);
  });

  it("fails a secret-looking value anywhere in the build environment, public or not", async () => {
    const findings = await frontendEnvFindings(
      withFrontend({ NEXT_PUBLIC_PAYMENTS: secrets.stripeLiveKey.value, BUILD_DB: secrets.postgresUrl.value, NEXT_PUBLIC_HOOK: secrets.stripeWebhookSecret.value }),
    );
    expect(summary(findings)).toEqual([
      ["fail", true, `${KEY}.NEXT_PUBLIC_PAYMENTS`, "NEXT_PUBLIC_PAYMENTS holds a value that looks like a Stripe live secret key and would ship in the browser bundle"],
      ["fail", true, `${KEY}.BUILD_DB`, "BUILD_DB holds a value that looks like a PostgreSQL connection URL with a password in the stack file, in clear"],
      ["fail", true, `${KEY}.NEXT_PUBLIC_HOOK`, "NEXT_PUBLIC_HOOK holds a value that looks like a webhook signing secret (whsec_) and would ship in the browser bundle"],
    ]);
    for (const format of REPORT_FORMATS) {
      const report = renderFindings(format, findings, { title: "plan", tool: "plan" });
      for (const s of [secrets.stripeLiveKey, secrets.postgresUrl, secrets.stripeWebhookSecret]) expect(report).not.toContain(s.value.slice(4));
    }
  });

  it("flags key- and token-named public variables as advisory only, and lets publishable keys through", async () => {
    const findings = await frontendEnvFindings(withFrontend({ NEXT_PUBLIC_MAPBOX_TOKEN: "pk.public-map-token", NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: "pk_test_visible" }));
    expect(summary(findings)).toEqual([
      ["fail", false, `${KEY}.NEXT_PUBLIC_MAPBOX_TOKEN`, "NEXT_PUBLIC_MAPBOX_TOKEN is public and named like a key or token: make sure it is a publishable one"],
      ["pass", true, KEY, "frontend build environment: 2 public variable(s) of 2, none a secret"],
    ]);
    expect(hasBlockingFailure(findings)).toBe(false);
  });

  it("treats a random web API key as advisory, and as public once the user lists it in publicNames", async () => {
    const firebaseKey = ["AI", "za", "Sy", "D4x8Qm2LpZ7rT9vK3nW6bY1cH5jF0gU8e"].join("");
    const advisory = await frontendEnvFindings(withFrontend({ NEXT_PUBLIC_FIREBASE_API_KEY: firebaseKey }));
    expect(summary(advisory)).toEqual([
      ["fail", false, `${KEY}.NEXT_PUBLIC_FIREBASE_API_KEY`, "NEXT_PUBLIC_FIREBASE_API_KEY is public and named like a key or token: make sure it is a publishable one"],
      ["pass", true, KEY, "frontend build environment: 1 public variable(s) of 1, none a secret"],
    ]);
    const listed = await frontendEnvFindings(withFrontend({ NEXT_PUBLIC_FIREBASE_API_KEY: firebaseKey }, ["NEXT_PUBLIC_FIREBASE_API_KEY"]));
    expect(summary(listed)).toEqual([["pass", true, KEY, "frontend build environment: 1 public variable(s) of 1, none a secret"]]);
    // Listing a real secret as public does not hide it: vendor patterns still fail.
    const forced = await frontendEnvFindings(withFrontend({ NEXT_PUBLIC_PAY: secrets.stripeLiveKey.value }, ["NEXT_PUBLIC_PAY"]));
    expect(summary(forced).map((f) => [f[0], f[1]])).toEqual([["fail", true]]);
  });

  it("skips when no frontend environment is declared", async () => {
    expect(summary(await frontendEnvFindings(withFrontend({})))).toEqual([["skip", true, undefined, "no frontend build environment declared (secrets.frontend.env)"]]);
  });

  it("runs in every plan: a leaked secret name makes the plan fail", async () => {
    const raw = prodPortal();
    raw.secrets.frontend = { env: { NEXT_PUBLIC_DATABASE_URL: "set-in-ci" } };
    const { plan } = await planStack({ stack: "prod", portalOverride: raw, evaluators: planEvaluators() });
    const fails = plan.findings.filter((f) => f.status === "fail");
    expect(fails.map((f) => [f.id, f.area, f.severity, f.message])).toEqual([
      ["frontend-env-secrets", "secret-handling", "critical", 'NEXT_PUBLIC_DATABASE_URL is public (inlined into the browser bundle) but names the server secret "databaseUrl"'],
    ]);
    expect(hasBlockingFailure(plan.findings)).toBe(true);
  });
});
