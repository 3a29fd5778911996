import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

const root = path.resolve(__dirname, "..", "..");

/** The raw portal object of an example stack file, as a fresh copy to mutate. */
export function examplePortal(stack: "dev" | "staging" | "prod"): Record<string, any> {
  const doc = parse(fs.readFileSync(path.join(root, "stacks", `Pulumi.${stack}.yaml`), "utf8"));
  return structuredClone(doc.config["launch-ready:portal"]);
}
