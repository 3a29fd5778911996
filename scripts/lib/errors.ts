/**
 * Errors the command line turns into exit codes (CLI.md): a user mistake
 * prints its message, never a stack trace.
 */
export const EXIT = { ok: 0, findings: 1, badInput: 2, missingDependency: 3, unreachable: 4 } as const;

/** Bad flags, config or files: exit 2. */
export class UsageError extends Error {
  readonly exitCode = EXIT.badInput;
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A tool the command needs is not installed (e.g. the Pulumi CLI): exit 3. */
export class MissingDependencyError extends Error {
  readonly exitCode = EXIT.missingDependency;
  constructor(message: string) {
    super(message);
    this.name = "MissingDependencyError";
  }
}

/** The target could not be reached: exit 4. */
export class UnreachableError extends Error {
  readonly exitCode = EXIT.unreachable;
  constructor(message: string) {
    super(message);
    this.name = "UnreachableError";
  }
}
