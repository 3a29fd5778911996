import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runPlanCommand } from "../../scripts/commands/plan";
import { REPORT_FORMATS, renderFindings } from "../../scripts/lib/reports";
import { planEvaluators } from "../../scripts/plan/evaluators";
import { MOCK_OUTPUTS } from "../../scripts/plan/mock-state";
import { SECRET_SIG_KEY, SECRET_SIG_VALUE, planToJson } from "../../scripts/plan/model";
import { planStack } from "../../scripts/plan/plan-stack";
import { renderNotes, renderSummary, renderTree } from "../../scripts/plan/render-tree";

/** What every mocked resource received, unmasked: proof that the canaries really flowed into the program. */
const received = vi.hoisted(() => [] as { type: string; name: string; inputs: Record<string, unknown> }[]);
vi.mock("../../scripts/plan/mock-state", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../scripts/plan/mock-state")>();
  return {
    ...original,
    mockState: (type: string, name: string, inputs: Record<string, unknown>) => {
      received.push({ type, name, inputs });
      return original.mockState(type, name, inputs);
    },
  };
});

// One distinct canary per secret input, new every run.
const canary = (label: string) => `canary-${label}-${randomBytes(8).toString("hex")}`;
const CANARIES: Record<string, string> = {
  LAUNCH_READY_SECRET_DATABASE_URL: canary("database-url"),
  LAUNCH_READY_SECRET_STRIPE_SECRET_KEY: canary("stripe-key"),
  LAUNCH_READY_SECRET_STRIPE_WEBHOOK_SECRET: canary("stripe-webhook"),
};
/** The generated secrets' offline values (what RandomPassword "returns" in the plan). */
const GENERATED = ["sessionSecret", "csrfSecret", "webhookSigningSecret"].map(
  (key) => MOCK_OUTPUTS["random:index/randomPassword:RandomPassword"](`tradeloft-secrets-${key}-value`, { length: 64 }).result as string,
);
const ALL = [...Object.values(CANARIES), ...GENERATED];

/** Everything written to stdout, stderr and the console while `fn` runs. */
async function captureOutput<T>(fn: () => Promise<T>): Promise<{ value: T; text: string }> {
  let text = "";
  const add = (...args: unknown[]) => {
    text += args.map(String).join(" ") + "\n";
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, "write").mockImplementation(add as never),
    vi.spyOn(process.stderr, "write").mockImplementation(add as never),
    vi.spyOn(console, "log").mockImplementation(add),
    vi.spyOn(console, "warn").mockImplementation(add),
    vi.spyOn(console, "error").mockImplementation(add),
    vi.spyOn(console, "info").mockImplementation(add),
  ];
  try {
    return { value: await fn(), text };
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
}

function expectNoCanary(text: string, where: string): void {
  for (const value of ALL) {
    expect(text.includes(value), `${where} contains a secret value`).toBe(false);
    // Nor a recognisable part of one (the random tail of a canary, or half a generated value).
    expect(text.includes(value.slice(-16)), `${where} contains part of a secret value`).toBe(false);
  }
}

describe("canary values in every secret input", () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(CANARIES)) vi.stubEnv(k, v);
  });
  afterAll(() => vi.unstubAllEnvs());

  it("reach the secret versions, wrapped as secrets on the wire (so the checks below are not vacuous)", async () => {
    received.length = 0;
    await planStack({ stack: "prod" });
    const versions = Object.fromEntries(received.filter((r) => r.type === "aws:secretsmanager/secretVersion:SecretVersion").map((r) => [r.name, r.inputs.secretString]));
    const secret = (value: string) => ({ [SECRET_SIG_KEY]: SECRET_SIG_VALUE, value });
    expect(versions).toEqual({
      "tradeloft-secrets-databaseUrl-version": secret(CANARIES.LAUNCH_READY_SECRET_DATABASE_URL),
      "tradeloft-secrets-stripeSecretKey-version": secret(CANARIES.LAUNCH_READY_SECRET_STRIPE_SECRET_KEY),
      "tradeloft-secrets-stripeWebhookSecret-version": secret(CANARIES.LAUNCH_READY_SECRET_STRIPE_WEBHOOK_SECRET),
      "tradeloft-secrets-sessionSecret-version": secret(GENERATED[0]),
      "tradeloft-secrets-csrfSecret-version": secret(GENERATED[1]),
      "tradeloft-secrets-webhookSigningSecret-version": secret(GENERATED[2]),
    });
  });

  it("appear in no plan output, report, log line or stack output", async () => {
    const { value: planned, text: logged } = await captureOutput(() => planStack({ stack: "prod", evaluators: planEvaluators() }));
    const { plan } = planned;
    expectNoCanary(logged, "log output of the plan");
    expectNoCanary(planToJson(plan), "plan JSON");
    expectNoCanary(renderTree(plan), "plan tree");
    expectNoCanary(renderSummary(plan), "plan summary");
    expectNoCanary(renderNotes(plan), "plan notes");
    expectNoCanary(JSON.stringify(plan.outputs), "stack outputs");
    for (const format of REPORT_FORMATS) expectNoCanary(renderFindings(format, plan.findings, { title: "t", tool: "t" }), `${format} report`);
    // The notes say where each value came from, by variable name only.
    expect(plan.notes.map((n) => n.message)).toContain("launch-ready:databaseUrl: taken from $LAUNCH_READY_SECRET_DATABASE_URL (marked secret)");
    // Secret inputs are masked and listed.
    const versions = plan.resources.filter((r) => r.type === "aws:secretsmanager/secretVersion:SecretVersion");
    expect(versions).toHaveLength(6);
    for (const v of versions) expect([v.inputs.secretString, v.secretInputs]).toEqual(["[secret]", ["secretString"]]);
  });

  it("appear nowhere in the plan command's output, in any format", async () => {
    for (const format of ["table", ...REPORT_FORMATS.filter((f) => f !== "table")]) {
      const { value: code, text } = await captureOutput(() => runPlanCommand({ stack: "prod", format: format as never }, planEvaluators()));
      expect(code).toBe(0);
      expect(text.length).toBeGreaterThan(100);
      expectNoCanary(text, `plan --format ${format}`);
    }
  });
});
