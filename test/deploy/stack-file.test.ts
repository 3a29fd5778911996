import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readActiveColour, withActiveColour } from "../../scripts/deploy/stack-file";
import { UsageError } from "../../scripts/lib/errors";
import { PROJECT_ROOT } from "../../scripts/plan/plan-stack";

describe("editing deploy.active in a stack file", () => {
  for (const stack of ["dev", "staging", "prod"]) {
    it(`${stack}: changes exactly one line and keeps every comment`, () => {
      const text = fs.readFileSync(path.join(PROJECT_ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8");
      expect(readActiveColour(text)).toBe("blue");
      const green = withActiveColour(text, "green");
      const before = text.split("\n");
      const after = green.split("\n");
      expect(after.length).toBe(before.length);
      const changed = before.map((line, i) => [line, after[i]]).filter(([a, b]) => a !== b);
      expect(changed).toEqual([["      active: blue", "      active: green"]]);
      expect(readActiveColour(green)).toBe("green");
      expect(withActiveColour(green, "blue")).toBe(text);
    });
  }

  it("adds the key when the file relies on the default, comments kept", () => {
    const text = [
      "# my stack",
      "config:",
      "  launch-ready:portal:",
      "    deploy:",
      "      # two origins",
      "      origins: { blue: 192.0.2.1, green: 192.0.2.2 }",
      "",
    ].join("\n");
    expect(readActiveColour(text)).toBe("blue");
    const green = withActiveColour(text, "green");
    expect(green).toContain("# my stack");
    expect(green).toContain("# two origins");
    expect(readActiveColour(green)).toBe("green");
  });

  it("refuses a colour it does not know and a file without a deploy section", () => {
    expect(() => readActiveColour("config:\n  launch-ready:portal:\n    deploy:\n      active: purple\n", "stacks/Pulumi.x.yaml")).toThrow(
      new UsageError('stacks/Pulumi.x.yaml: launch-ready:portal.deploy.active = "purple": expected blue or green'),
    );
    expect(() => withActiveColour("config:\n  other: 1\n", "green", "stacks/Pulumi.x.yaml")).toThrow(/has no launch-ready:portal\.deploy section/);
  });
});
