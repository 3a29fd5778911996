import { Listr, ListrLogger, ProcessOutput, PRESET_TIMER } from "listr2";

/** One step of the run: a check, with a one-line summary when it ends. */
export interface ProgressTask {
  title: string;
  run(): Promise<string>;
}

/** Runs the steps in order and shows them: a live list on a terminal, plain lines otherwise, or nothing. */
export type Progress = (tasks: ProgressTask[]) => Promise<void>;

/** Plain lines (CI logs, pipes): `verify: <check> … <summary> (<ms> ms)`. Progress never goes to stdout, which carries the report. */
export function plainProgress(write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Progress {
  return async (tasks) => {
    for (const t of tasks) {
      const started = Date.now();
      const summary = await t.run();
      write(`verify: ${t.title} … ${summary} (${Date.now() - started} ms)`);
    }
  };
}

export const silentProgress: Progress = async (tasks) => {
  for (const t of tasks) await t.run();
};

/** listr2's live list on stderr (a terminal). */
export function listrProgress(): Progress {
  return async (tasks) => {
    const logger = new ListrLogger({ processOutput: new ProcessOutput(process.stderr, process.stderr) });
    const list = new Listr(
      tasks.map((t) => ({
        title: t.title,
        task: async (_ctx: unknown, task: { title: string }) => {
          task.title = `${t.title} — ${await t.run()}`;
        },
      })),
      { concurrent: false, exitOnError: false, registerSignalListeners: false, rendererOptions: { logger, timer: PRESET_TIMER } },
    );
    await list.run();
  };
}

/** The live list for a person at a terminal, plain lines for everyone else. */
export function defaultProgress(): Progress {
  return process.stderr.isTTY && !process.env.CI ? listrProgress() : plainProgress();
}
