import { runCli } from './run-cli';

// The `order-generator` command: everything but the process itself lives in run-cli.ts.
runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`order-generator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
