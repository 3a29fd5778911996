import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AUDIT_EVENTS } from "../../infra/monitoring/audit-events";
import { main } from "../../scripts/cli";
import { planEvaluators } from "../../scripts/plan/evaluators";
import { HANDOVER_SECTIONS, renderHandover } from "../../scripts/plan/handover";
import { planStack, type PlannedStack } from "../../scripts/plan/plan-stack";

// Built at run time so no scanner mistakes it for a real key.
const CANARY_KEY = ["pd", "handover", "canary", Math.random().toString(36).slice(2, 12)].join("-");
const ENV_NAME = "LAUNCH_READY_SECRET_PAGERDUTY_INTEGRATION_KEY";

let doc: string;
let planned: PlannedStack;
let tmp: string;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "handover-"));
  planned = await planStack({ stack: "prod", env: { [ENV_NAME]: CANARY_KEY }, evaluators: planEvaluators() });
  doc = renderHandover(planned);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The body of one `## title` section. */
function section(title: string): string {
  const start = doc.indexOf(`\n## ${title}\n`);
  expect(start, `section "${title}" is missing`).toBeGreaterThan(-1);
  const next = doc.indexOf("\n## ", start + 4);
  return doc.slice(start, next === -1 ? undefined : next);
}

describe("handover document for the prod example", () => {
  it("has the title and exactly the pinned sections, in order", () => {
    expect(doc.startsWith("# Launch handover: tradeloft (prod)\n")).toBe(true);
    expect(doc.match(/^## .+$/gm)).toEqual(HANDOVER_SECTIONS.map((s) => `## ${s}`));
    expect(HANDOVER_SECTIONS).toEqual(["Summary", "Endpoints monitored", "Alert targets", "Error-rate alerting", "Audit logs", "Rollback", "DNS and email records to expect", "Open warnings"]);
  });

  it("lists every monitored endpoint with how it is checked and its alarm", () => {
    const s = section("Endpoints monitored");
    expect(s).toContain("Route 53 health checks over HTTPS from `us-east-1`, `eu-west-1`, `ap-southeast-1`");
    expect(s).toContain("| https://example.com/ | 2xx/3xx | — | 30 s | 3 | `tradeloft-prod-uptime-apex-home` |");
    expect(s).toContain("| https://app.example.com/login | 2xx/3xx | — | 30 s | 3 | `tradeloft-prod-uptime-app-login` |");
    expect(s).toContain('| https://api.example.com/api/health | 2xx/3xx | `"status":"ok"` | 30 s | 3 | `tradeloft-prod-uptime-api-api-health` |');
  });

  it("names every alert target, and the PagerDuty key only by its config key", () => {
    const s = section("Alert targets");
    expect(s).toContain("| Email | `oncall@example.com` |");
    expect(s).toContain("| PagerDuty | integration key in secret config key `pagerdutyIntegrationKey` |");
    expect(s).toContain("SNS topic `tradeloft-alerts` in `us-east-1`: 4 alarm(s) notify it; 2 subscription(s): `email`, `https`.");
    expect(s).toContain("Before traffic arrives: confirm every email subscription (AWS sends a link); then trigger one alert end to end");
  });

  it("never contains the PagerDuty integration key", () => {
    expect(doc).not.toContain(CANARY_KEY);
    expect(doc).not.toContain("events.pagerduty.com/integration/");
  });

  it("says which edge error alerts the business plan gets", () => {
    const s = section("Error-rate alerting");
    for (const t of ["real_origin_monitoring", "dos_attack_l7", "http_alert_origin_error"]) expect(s).toContain(`\`${t}\``);
    expect(s).not.toContain("need a Cloudflare Business plan");
  });

  it("gives the audit log group, its retention and what must never be logged", () => {
    const s = section("Audit logs");
    expect(s).toContain("`/launch-ready/tradeloft/prod/auth`");
    expect(s).toContain("kept 400 days in `us-east-1`; destroying the stack leaves it in place");
    expect(s).toContain("Alarm `tradeloft-prod-login-failures`: 25 or more refused logins in 5 minutes");
    for (const event of ["login.success", "login.failure", "password_reset.requested", "invite.sent", "role.changed", "export.requested"]) expect(s).toContain(`| \`${event}\` |`);
    expect(s).toContain("Never log: passwords (typed or hashed); session ids and cookies; access, refresh, CSRF and API tokens;");
  });

  it("spells out the rollback for this stack", () => {
    const s = section("Rollback");
    expect(s).toContain("in `stacks/Pulumi.prod.yaml` set `deploy.active` to the previous colour (after a release to blue that is `green`)");
    expect(s).toContain("`git revert`");
    expect(s).toContain("2. Apply: `pulumi up --stack prod`.");
    expect(s).toContain("`launch-ready verify --stack prod`");
  });

  it("lists the DNS records the plan writes", () => {
    const s = section("DNS and email records to expect");
    expect(s).toContain("| `A` | `app.example.com` | `203.0.113.10` | — | proxied | launch-ready: portal, follows deploy.active |");
    expect(s.match(/^\| `A` \|/gm)).toHaveLength(4);
  });

  it("carries the plan's open warnings", () => {
    expect(section("Open warnings")).toContain("- monitoring: edge error alerts do not page PagerDuty");
  });

  it("lists failing and warning findings first, and says None when nothing is open", () => {
    const withFindings = structuredClone(planned);
    withFindings.plan.findings.push(
      { id: "rate-limit", area: "rate-limiting", status: "fail", severity: "high", message: "login is not rate limited", fix: "add a rule" },
      { id: "hsts", area: "edge-tls", status: "warn", severity: "low", message: "HSTS max-age is short" },
    );
    const open = renderHandover(withFindings).split("## Open warnings")[1];
    expect(open).toContain("- **FAIL** `rate-limit` (high): login is not rate limited Fix: add a rule\n- **WARN** `hsts` (low): HSTS max-age is short\n- monitoring:");
    const clean = structuredClone(planned);
    clean.plan.notes = [];
    expect(renderHandover(clean).split("## Open warnings")[1]).toBe("\n\nNone.\n");
  });
});

describe("launch-ready plan --handover", () => {
  it("writes the document next to the normal plan output (exit 0)", async () => {
    const file = path.join(tmp, "nested", "prod-handover.md");
    const out = path.join(tmp, "plan.json");
    const code = await main(["plan", "--stack", "prod", "--handover", file, "--format", "json", "--output", out]);
    expect(code).toBe(0);
    const written = fs.readFileSync(file, "utf8");
    expect(written.match(/^## .+$/gm)).toEqual(HANDOVER_SECTIONS.map((s) => `## ${s}`));
    expect(JSON.parse(fs.readFileSync(out, "utf8")).stack).toBe("prod");
  });

  it("prints neither the PagerDuty key nor its endpoint in any format", async () => {
    process.env[ENV_NAME] = CANARY_KEY;
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      for (const format of ["table", "json", "md"]) {
        expect(await main(["plan", "--stack", "prod", "--format", format, "--handover", path.join(tmp, `h-${format}.md`)])).toBe(0);
      }
    } finally {
      spy.mockRestore();
      delete process.env[ENV_NAME];
    }
    const all = printed.join("") + ["table", "json", "md"].map((f) => fs.readFileSync(path.join(tmp, `h-${f}.md`), "utf8")).join("");
    expect(all).toContain("tradeloft-alerts-pagerduty");
    expect(all).not.toContain(CANARY_KEY);
    expect(all).not.toContain("events.pagerduty.com/integration/");
  });

  it("refuses a path it cannot write with exit 2", async () => {
    const code = await main(["plan", "--stack", "prod", "--handover", tmp, "--format", "json", "--output", path.join(tmp, "p.json")]);
    expect(code).toBe(2);
  });
});

describe("README", () => {
  it("documents every audit event the handover lists", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "..", "..", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Monitoring, alerts and audit logs"));
    expect(section.length).toBeGreaterThan(100);
    const missing = AUDIT_EVENTS.map((e) => e.event).filter((event) => !section.includes(event) && !section.includes(`.${event.split(".")[1]}\``));
    expect(missing).toEqual([]);
  });
});
