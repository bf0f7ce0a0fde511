import { runCli } from './run-cli';

// Entry of the operator commands: `tsx src/cli.ts <command> [options]`.
runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
