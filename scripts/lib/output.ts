import * as fs from "node:fs";
import * as path from "node:path";
import { Option } from "commander";
import { UsageError } from "./errors";
import { REPORT_FORMATS, type ReportFormat } from "./reports";

/** `--format` and `--output`, the same on every command (CLI.md). */
export function formatOption(formats: readonly string[] = REPORT_FORMATS): Option {
  return new Option("--format <format>", "output format").choices(formats as string[]).default("table");
}
export function outputOption(): Option {
  return new Option("--output <file>", "write the report to a file instead of stdout");
}

export interface OutputFlags {
  format: ReportFormat;
  output?: string;
}

/** Colour only for a person at a terminal, and never when NO_COLOR is set. */
export function useColour(flags: OutputFlags): boolean {
  return !flags.output && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

/** Writes a report where the flags say: a file (folders made) or stdout. */
export function emit(text: string, flags: OutputFlags): void {
  if (flags.output) {
    try {
      fs.mkdirSync(path.dirname(path.resolve(flags.output)), { recursive: true });
      fs.writeFileSync(flags.output, text.endsWith("\n") ? text : `${text}\n`);
    } catch (e) {
      throw new UsageError(`--output ${flags.output}: cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    process.stderr.write(`wrote ${flags.output}\n`);
  } else {
    process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  }
}
