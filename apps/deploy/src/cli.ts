import { runCli } from './run-cli';

// Entry of every command the scripts run: `tsx src/cli.ts <command> [options]`. Whatever goes wrong ends
// in one line, never a stack trace.
runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
