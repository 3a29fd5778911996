import { describe, expect, it } from "vitest";
import { hasBlockingFailure, summarizeByArea, type Finding } from "./findings";
import { renderFindings, renderJunit, renderMarkdown, renderSarif, renderScorecard } from "./reports";

const ctx = { title: "launch-ready check --stack prod", tool: "launch-ready check" };

const FINDINGS: Finding[] = [
  { id: "cloudflare-zone-ssl-strict", area: "edge-tls", status: "pass", severity: "high", message: "SSL is strict", resource: "cloudflare:index/zoneSetting:ZoneSetting::ssl", mandatory: true },
  { id: "rate-limit", area: "rate-limiting", status: "fail", severity: "high", message: "login is not <rate> limited & open", target: "https://app.example.com/api/auth/login", evidence: "20 requests, no 429", fix: "add a rule", mandatory: true },
  { id: "hsts", area: "edge-tls", status: "fail", severity: "low", message: "HSTS max-age is short", resource: "cloudflare:index/zoneSetting:ZoneSetting::hsts", mandatory: false },
  { id: "secrets-in-repo", area: "secret-handling", status: "fail", severity: "critical", message: "GitHub token in src/config.ts:12:7", target: "src/config.ts:12:7", mandatory: true },
  { id: "email-dkim", area: "email-dns", status: "skip", severity: "info", message: "no selector known" },
];

describe("the findings model", () => {
  it("fails a run only on mandatory failures", () => {
    expect(hasBlockingFailure(FINDINGS)).toBe(true);
    expect(hasBlockingFailure(FINDINGS.filter((f) => f.mandatory === false || f.status !== "fail"))).toBe(false);
  });

  it("summarizes one row per area in the checklist's order; an advisory failure counts as a warning", () => {
    expect(summarizeByArea(FINDINGS).map((r) => [r.area, r.status, r.counts])).toEqual([
      ["secret-handling", "fail", { pass: 0, fail: 1, warn: 0, skip: 0 }],
      ["rate-limiting", "fail", { pass: 0, fail: 1, warn: 0, skip: 0 }],
      ["email-dns", "skip", { pass: 0, fail: 0, warn: 0, skip: 1 }],
      ["edge-tls", "warn", { pass: 1, fail: 1, warn: 0, skip: 0 }],
    ]);
  });
});

describe("report writers", () => {
  it("table: rows per area, then each failing finding with where and how to fix, then the plain count line", () => {
    expect(renderScorecard(FINDINGS, ctx)).toBe(
      [
        "Scorecard — launch-ready check --stack prod",
        "  FAIL  Secret handling        0 pass, 1 fail, 0 warn",
        "  FAIL  Rate limiting          0 pass, 1 fail, 0 warn",
        "  SKIP  Email DNS setup        0 pass, 0 fail, 0 warn, 1 skip",
        "  WARN  Edge and TLS           1 pass, 1 fail, 0 warn",
        "",
        "  [fail] rate-limit (high): login is not <rate> limited & open",
        "      target:   https://app.example.com/api/auth/login",
        "      evidence: 20 requests, no 429",
        "      fix:      add a rule",
        "  [advisory] hsts (low): HSTS max-age is short",
        "      resource: cloudflare:index/zoneSetting:ZoneSetting::hsts",
        "  [fail] secrets-in-repo (critical): GitHub token in src/config.ts:12:7",
        "      target:   src/config.ts:12:7",
        "",
        "1 passed, 2 failed",
      ].join("\n"),
    );
  });

  it("json: the CLI.md findings shape", () => {
    expect(JSON.parse(renderFindings("json", FINDINGS, ctx))).toEqual({ findings: FINDINGS });
  });

  it("markdown: a summary table and a findings table with pipes escaped", () => {
    const md = renderMarkdown(FINDINGS, ctx);
    expect(md.startsWith("# launch-ready check --stack prod\n\n| Area | Status | Pass | Fail | Warn |\n|---|---|---|---|---|\n| Secret handling | fail | 0 | 1 | 0 |\n")).toBe(true);
    expect(md).toContain("| fail | rate-limit | high | login is not <rate> limited & open | https://app.example.com/api/auth/login | add a rule |");
    expect(renderMarkdown([{ ...FINDINGS[1], message: "a | b" }], ctx)).toContain("| a \\| b |");
  });

  it("sarif: problems only, advisory as warning, file findings pinned to their line", () => {
    const sarif = JSON.parse(renderSarif(FINDINGS, ctx));
    expect(sarif.version).toBe("2.1.0");
    const results = sarif.runs[0].results;
    expect(results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ["rate-limit", "error"],
      ["hsts", "warning"],
      ["secrets-in-repo", "error"],
    ]);
    expect(results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "Pulumi.yaml" } });
    expect(results[0].message.text).toBe("login is not <rate> limited & open Fix: add a rule");
    expect(results[2].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "src/config.ts" }, region: { startLine: 12, startColumn: 7 } });
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(FINDINGS.map((f) => f.id));
  });

  it("junit: one suite per area, failures only for mandatory fails, XML escaped", () => {
    const xml = renderJunit(FINDINGS, ctx);
    expect(xml.split("\n").slice(0, 8)).toEqual([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="launch-ready check" tests="5" failures="2">',
      '  <testsuite name="secret-handling" tests="1" failures="1" skipped="0">',
      '    <testcase classname="secret-handling" name="secrets-in-repo src/config.ts:12:7">',
      '      <failure message="GitHub token in src/config.ts:12:7"></failure>',
      "    </testcase>",
      "  </testsuite>",
      '  <testsuite name="rate-limiting" tests="1" failures="1" skipped="0">',
    ]);
    expect(xml).toContain('<failure message="login is not &lt;rate&gt; limited &amp; open">20 requests, no 429\nadd a rule</failure>');
    expect(xml).toContain('<skipped message="no selector known"/>');
    expect(xml).toContain("<system-out>fail: HSTS max-age is short</system-out>");
  });
});
