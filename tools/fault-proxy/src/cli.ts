import { runCli } from './run-cli';

const stopSignal = new Promise((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stopSignal,
});
// Nothing is left to do; do not wait for the signal handlers that were never called.
process.exit();
