import { buildApp } from './app';
import { DeployError } from './errors';

// The entry `cdk` runs (cdk.json): context from `-c key=value`, cdk.json and the environment.
try {
  buildApp().app.synth();
} catch (error) {
  // A bad setting is for the user to fix: its one line, not a stack trace (the CDK CLI then adds
  // "Subprocess exited with error 1" and exits 1).
  if (!(error instanceof DeployError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
