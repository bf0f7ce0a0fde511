import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { awsCredentials, type CredentialsProvider, requireAwsCredentials } from './aws-credentials';
import { MissingCredentialsError } from './errors';

/** The CDK CLI commands the app's scripts run, with the flags each always gets. */
export const CDK_COMMANDS = {
  deploy: { args: ['deploy'], needsCredentials: true },
  destroy: { args: ['destroy', '--force'], needsCredentials: true },
  diff: { args: ['diff'], needsCredentials: true },
  // Offline: no lookups, and no wait for an instance metadata service that is not there.
  synth: { args: ['synth', '--quiet'], needsCredentials: false },
} as const;
export type CdkCommand = keyof typeof CDK_COMMANDS;

export function isCdkCommand(name: string | undefined): name is CdkCommand {
  return name !== undefined && Object.hasOwn(CDK_COMMANDS, name);
}

/** Runs `cdk <args>` in the app directory (where cdk.json is); resolves to its exit code. */
export type CdkRunner = (args: readonly string[], env: NodeJS.ProcessEnv) => Promise<number>;

export interface CdkCommandDeps {
  readonly runCdk?: CdkRunner;
  /** The credential provider for a profile (`--profile` or `AWS_PROFILE`). */
  readonly credentialsFor?: (profile: string | undefined) => CredentialsProvider;
  readonly stderr?: NodeJS.WritableStream;
  readonly env?: NodeJS.ProcessEnv;
}

/** apps/deploy, where cdk.json is. */
const appDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs a CDK CLI command for the app. Commands that need AWS first resolve credentials the way the CDK
 * CLI will (same chain, same `--profile`), so a machine without any gets one line naming them, not a
 * synth followed by a stack trace. `--help` goes straight to the CDK CLI. A bare `--` (which `pnpm run
 * deploy -- -c stage=qa` passes on) is dropped: the CDK CLI would take what follows as stack names.
 */
export async function runCdkCommand(
  command: CdkCommand,
  argv: readonly string[],
  deps: CdkCommandDeps = {},
): Promise<number> {
  const runCdk = deps.runCdk ?? runCdkCli;
  const env = deps.env ?? process.env;
  const args = argv.filter((arg) => arg !== '--');
  const { args: fixed, needsCredentials } = CDK_COMMANDS[command];
  if (args.includes('--help') || args.includes('-h')) return runCdk([command, '--help'], env);
  if (needsCredentials) {
    const credentialsFor = deps.credentialsFor ?? awsCredentials;
    try {
      const profile = profileOf(args) ?? env.AWS_PROFILE;
      await requireAwsCredentials(command, credentialsFor(profile), profile);
    } catch (error) {
      if (!(error instanceof MissingCredentialsError)) throw error;
      (deps.stderr ?? process.stderr).write(`${error.message}\n`);
      return 1;
    }
  }
  return runCdk([...fixed, ...args], needsCredentials ? env : { ...env, AWS_EC2_METADATA_DISABLED: 'true' });
}

/** The value of `--profile NAME` or `--profile=NAME`, as the CDK CLI reads it. */
export function profileOf(args: readonly string[]): string | undefined {
  for (const [index, arg] of args.entries()) {
    if (arg === '--profile') return args[index + 1];
    if (arg.startsWith('--profile=')) return arg.slice('--profile='.length);
  }
  return undefined;
}

/** The app's own CDK CLI (a devDependency), run by this Node with the terminal passed through. */
const runCdkCli: CdkRunner = (args, env) => {
  const cdk = createRequire(import.meta.url).resolve('aws-cdk/bin/cdk');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cdk, ...args], { cwd: appDir, env, stdio: 'inherit' });
    child.on('error', reject);
    // A signal (Ctrl-C) ends the command the way a shell reports it.
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
};
