import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { cleanBundle, fakeSecrets } from "../../test/secrets/fake-secrets";
import { runScanSecrets } from "../commands/scan-secrets";
import { REPORT_FORMATS } from "../lib/reports";
import { maskSecret, originOfFile, scanPaths, scanText } from "./scan";

const secrets = fakeSecrets("7");
const tmpRoots: string[] = [];
afterAll(() => {
  for (const dir of tmpRoots) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fixture folder made at test time: the repository never holds these files. */
function fixture(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "lr-scan-"));
  tmpRoots.push(root);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

describe("scanText", () => {
  for (const [name, secret] of Object.entries(secrets)) {
    it(`finds a ${name} and shows it masked`, async () => {
      const hits = await scanText(`// app code\n${secret.line}\n`, "src/app.ts");
      expect(hits).toHaveLength(1);
      const [hit] = hits;
      expect(hit.kind).toContain(secret.kind);
      expect(hit.source).toBe("src/app.ts");
      expect(hit.line).toBe(2);
      const found = sliceFound(secret.line, hit.column, hit.masked);
      // The PEM sits JSON-escaped in the line; every other secret is found exactly.
      if (name === "privateKey") expect(found.startsWith(["-----BEGIN", "PRIVATE KEY-----"].join(" "))).toBe(true);
      else expect(found).toBe(secret.value);
      expect(hit.masked).toBe(maskSecret(found));
      expect(JSON.stringify(hit)).not.toContain(secret.value.slice(4, 16));
    });
  }

  it("finds nothing in a clean bundle (public URLs, ids, hashes, a publishable key, env references)", async () => {
    expect(await scanText(cleanBundle(), "dist/app.js", { origin: "bundle" })).toEqual([]);
  });

  it("ignores placeholders and template variables", async () => {
    const text = [
      "DATABASE_URL=postgres://portal:${DB_PASSWORD}@db.internal/portal",
      "REDIS_URL=redis://:password@localhost:6379",
      "SESSION_SECRET=changeme",
      "const sessionSecret = process.env.SESSION_SECRET;",
      'secretKeyName: "STRIPE_SECRET_KEY_NAME_FOR_DOCS"',
    ].join("\n");
    expect(await scanText(text, ".env.example")).toEqual([]);
  });
});

/** The secret the hit points at: from its column, as long as its masked length says. */
function sliceFound(line: string, column: number, masked: string): string {
  const length = Number(/\((\d+) chars\)$/.exec(masked)?.[1]);
  return line.slice(column - 1, column - 1 + length);
}

describe("maskSecret", () => {
  it("shows at most 4 characters and never more than a quarter", () => {
    expect(maskSecret("abcdefghijklmnopqrstuvwxyz")).toBe("abcd**** (26 chars)");
    expect(maskSecret("abcdefgh")).toBe("ab**** (8 chars)");
    expect(maskSecret("abc")).toBe("**** (3 chars)");
  });
});

describe("originOfFile", () => {
  it("calls build output and source maps bundle, sources repo", () => {
    expect(originOfFile("dist/assets/index-4f2a.js")).toBe("bundle");
    expect(originOfFile(".next/static/chunks/main.js")).toBe("bundle");
    expect(originOfFile("src/lib/app.js.map")).toBe("bundle");
    expect(originOfFile("src/lib/app.js")).toBe("repo");
    expect(originOfFile("src/lib/app.js", `x();\n//# sourceMappingURL=app.js.map`)).toBe("bundle");
    expect(originOfFile("dist/README.md")).toBe("repo");
  });
});

describe("scanPaths", () => {
  it("finds every seeded kind in a build folder: bundles, external and inline source maps", async () => {
    const [inBundle, inMap, inInline, ...rest] = Object.values(secrets);
    const sourceMap = { version: 3, file: "app.js", sources: ["../src/payments.ts", "../src/cache.ts"], sourcesContent: [inMap.line, rest.map((s) => s.line).join("\n")], mappings: "AAAA" };
    const inlineMap = { version: 3, sources: ["../src/keys.ts"], sourcesContent: [inInline.line], mappings: "AAAA" };
    const root = fixture({
      "dist/assets/app.js": `${cleanBundle()}\n${inBundle.line}\n//# sourceMappingURL=app.js.map\n`,
      "dist/assets/app.js.map": JSON.stringify(sourceMap),
      "dist/assets/vendor.js": `${cleanBundle()}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(inlineMap)).toString("base64")}\n`,
      "dist/assets/clean.js": cleanBundle(),
      "dist/logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]).toString("latin1"),
    });
    const result = await scanPaths([root]);
    expect(result.scanned).toEqual({ repo: 0, bundle: 4 });
    const kinds = Object.values(secrets).map((s) => s.kind);
    for (const kind of kinds) expect(result.hits.some((h) => h.kind.includes(kind))).toBe(true);
    expect(result.hits).toHaveLength(kinds.length);
    expect(result.hits.every((h) => h.origin === "bundle")).toBe(true);
    const sources = result.hits.map((h) => path.relative(root, h.source.split(" ")[0]));
    expect(new Set(sources)).toEqual(new Set(["dist/assets/app.js", "dist/assets/app.js.map", "dist/assets/vendor.js"]));
    expect(result.hits.find((h) => h.kind.includes(inMap.kind))!.source).toBe(`${path.join(root, "dist/assets/app.js.map")} → ../src/payments.ts`);
    expect(result.hits.find((h) => h.kind.includes(inInline.kind))!.source).toBe(`${path.join(root, "dist/assets/vendor.js")} (inline source map) → ../src/keys.ts`);
  });

  it("honours .secretlintignore and skips node_modules and .git", async () => {
    const root = fixture({
      ".secretlintignore": "generated/\n",
      "generated/keys.ts": secrets.stripeLiveKey.line,
      "node_modules/pkg/index.js": secrets.githubToken.line,
      ".git/config": secrets.postgresUrl.line,
      "src/ok.ts": "export const ok = true;\n",
    });
    const result = await scanPaths([root]);
    expect(result.hits).toEqual([]);
    expect(result.scanned).toEqual({ repo: 2, bundle: 0 });
  });

  it("refuses missing paths all at once", async () => {
    await expect(scanPaths(["/nonexistent/a", "/nonexistent/b"])).rejects.toThrow('cannot scan "/nonexistent/a", "/nonexistent/b": no such file or folder');
  });
});

describe("launch-ready scan-secrets (command)", () => {
  async function run(args: string[], format: string): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
    const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
    try {
      const code = await runScanSecrets(args, { format: format as never });
      return { code, out, err };
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  }

  it("fails with secrets-in-repo and secrets-in-bundle findings, never printing a secret, in every format", async () => {
    const root = fixture({
      ".env": `${secrets.postgresUrl.line}\n`,
      "build/main.js": `${cleanBundle()}\n${secrets.stripeLiveKey.line}\n`,
    });
    for (const format of REPORT_FORMATS) {
      const { code, out, err } = await run([root], format);
      expect(code).toBe(1);
      for (const s of Object.values(secrets)) {
        expect(out).not.toContain(s.value);
        expect(err).not.toContain(s.value);
        expect(out).not.toContain(s.value.slice(5, 17));
      }
      if (format === "json") {
        const findings = JSON.parse(out).findings;
        expect(findings.map((f: { id: string; status: string; area: string }) => [f.id, f.status, f.area])).toEqual([
          ["secrets-in-repo", "fail", "secret-handling"],
          ["secrets-in-bundle", "fail", "secret-handling"],
        ]);
        expect(findings[0].message).toBe(`PostgreSQL connection URL with a password in ${path.join(root, ".env")}:1:14`);
        expect(findings[0].evidence).toMatch(/^post\*\*\*\* \(\d+ chars\), rule @secretlint\/secretlint-rule-database-connection-string, fingerprint [0-9a-f]{12}$/);
        expect(findings[1].message).toBe(`Stripe live secret key in ${path.join(root, "build/main.js")}:2:28`);
      }
    }
  });

  it("passes a clean folder with one pass finding per scope", async () => {
    const root = fixture({ "src/index.ts": "export const apiUrl = 'https://api.example.com';\n", "dist/app.js": cleanBundle() });
    const { code, out } = await run([root], "json");
    expect(code).toBe(0);
    expect(JSON.parse(out).findings).toEqual([
      { id: "secrets-in-repo", area: "secret-handling", status: "pass", severity: "info", mandatory: true, message: `no secrets found in 1 file(s) (${root})`, target: root },
      { id: "secrets-in-bundle", area: "secret-handling", status: "pass", severity: "info", mandatory: true, message: `no secrets found in 1 build output file(s) (${root})`, target: root },
    ]);
  });
});
