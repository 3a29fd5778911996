import * as fs from "node:fs";
import { isScalar, parseDocument } from "yaml";
import { CONFIG_NAMESPACE, PORTAL_KEY } from "../../stacks/schema";
import { COLOURS, type Colour } from "../../stacks/schema/deploy";
import { UsageError } from "../lib/errors";

const ACTIVE_PATH = ["config", `${CONFIG_NAMESPACE}:${PORTAL_KEY}`, "deploy", "active"];

function load(text: string, file: string) {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new UsageError(`${file} is not valid YAML: ${doc.errors[0].message}`);
  if (!doc.hasIn(ACTIVE_PATH.slice(0, 3))) throw new UsageError(`${file} has no ${ACTIVE_PATH.slice(1, 3).join(".")} section: a deploy needs deploy.origins.blue and .green`);
  return doc;
}

/** `deploy.active` in a stack file's text (blue when unset, the schema's default). */
export function readActiveColour(text: string, file = "the stack file"): Colour {
  const value = load(text, file).getIn(ACTIVE_PATH);
  if (value === undefined) return "blue";
  if (!COLOURS.includes(value as Colour)) throw new UsageError(`${file}: ${ACTIVE_PATH.slice(1).join(".")} = ${JSON.stringify(value)}: expected blue or green`);
  return value as Colour;
}

/**
 * The stack file's text with `deploy.active` set to `colour`, and every other
 * byte (comments, order, quoting, flow maps) as it was: the scalar is
 * replaced in place by its source range, so `git diff` shows one line.
 */
export function withActiveColour(text: string, colour: Colour, file = "the stack file"): string {
  const doc = load(text, file);
  const node = doc.getIn(ACTIVE_PATH, true);
  if (isScalar(node) && node.range) {
    const [start, end] = node.range;
    return `${text.slice(0, start)}${colour}${text.slice(end)}`;
  }
  // No `active:` line yet (the default applies): add it with the Document API, comments kept.
  doc.setIn(ACTIVE_PATH, colour);
  return doc.toString();
}

export function readActiveColourFile(file: string): Colour {
  return readActiveColour(readText(file), file);
}

export function writeActiveColourFile(file: string, colour: Colour): void {
  const next = withActiveColour(readText(file), colour, file);
  // Write then rename: a crash never leaves a half-written stack file.
  const tmp = `${file}.launch-ready-${process.pid}.tmp`;
  fs.writeFileSync(tmp, next);
  fs.renameSync(tmp, file);
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read the stack file ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
