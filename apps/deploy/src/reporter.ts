/** Where a command reports: progress to stderr (redrawn on a terminal), results to stdout. */
export interface Reporter {
  /** A transient progress line: redrawn in place on a TTY, a plain line otherwise. */
  progress(message: string): void;
  /** A line of the result. */
  line(message: string): void;
  /** The machine-readable summary: printed as the last stdout line with `--json`. */
  summary(value: unknown): void;
}

export interface ReporterOptions {
  readonly json: boolean;
  readonly stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr?: NodeJS.WritableStream & { isTTY?: boolean };
}

export function createReporter(options: ReporterOptions): Reporter {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const tty = stderr.isTTY === true;
  let redrawing = false;
  const endProgress = () => {
    if (redrawing) stderr.write('\n');
    redrawing = false;
  };
  return {
    progress(message) {
      if (tty) {
        stderr.write(`\r\x1b[2K${message}`);
        redrawing = true;
      } else {
        stderr.write(`${message}\n`);
      }
    },
    line(message) {
      endProgress();
      // With --json, stdout carries only the summary.
      (options.json ? stderr : stdout).write(`${message}\n`);
    },
    summary(value) {
      endProgress();
      if (options.json) stdout.write(`${JSON.stringify(value)}\n`);
    },
  };
}
