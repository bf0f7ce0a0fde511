import { createAwsClients } from './aws-clients';
import { awsCredentials, type CredentialsProvider, requireAwsCredentials } from './aws-credentials';
import { isCdkCommand, runCdkCommand } from './cdk-command';
import { COMMANDS, HELP, parseCliArgs } from './cli-args';
import { DeployError } from './errors';
import { createReporter } from './reporter';

export interface CliDeps {
  /** Credentials for the operator commands. @default the SDK's default chain */
  readonly credentials?: CredentialsProvider;
  readonly stdout?: NodeJS.WritableStream;
  readonly stderr?: NodeJS.WritableStream;
}

/**
 * Runs one command (`deploy`, `destroy`, `diff`, `synth` through the CDK CLI; `status`, `smoke`,
 * `replay-errors`, `backfill` here); resolves to the process exit code. Every failure the user can act on ends in
 * one line on stderr.
 */
export async function runCli(argv: readonly string[], deps: CliDeps = {}): Promise<number> {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const [first, ...rest] = argv.filter((arg) => arg !== '--');
  if (isCdkCommand(first)) return runCdkCommand(first, rest, { stderr });

  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    const command = (COMMANDS as readonly string[]).includes(first ?? '') ? `${first}: ` : '';
    stderr.write(`${command}${(error as Error).message}\n`);
    return 2;
  }
  if (args.help || args.command === undefined) {
    (args.help ? stdout : stderr).write(HELP);
    return args.help ? 0 : 2;
  }
  const credentials = deps.credentials ?? awsCredentials();
  const reporter = createReporter({ json: args.json, stdout, stderr });
  try {
    await requireAwsCredentials(args.command, credentials, process.env.AWS_PROFILE);
    const clients = await createAwsClients({ region: args.region, credentials });
    switch (args.command) {
      case 'status': {
        const { runStatus } = await import('./commands/status');
        const report = await runStatus(clients, { stackName: args.stackName, region: args.region }, reporter);
        return report.healthy ? 0 : 1;
      }
      case 'smoke': {
        const { runSmoke } = await import('./commands/smoke');
        const runId = Date.now().toString(36);
        const report = await runSmoke(
          clients,
          {
            stackName: args.stackName,
            orders: args.orders,
            seed: args.seed ?? runId,
            runId,
            timeoutMs: args.timeoutMs,
            pollMs: args.pollMs,
          },
          reporter,
        );
        return report.ok ? 0 : 1;
      }
      case 'replay-errors': {
        const { runReplayErrors } = await import('./commands/replay-errors');
        const report = await runReplayErrors(
          clients,
          {
            stackName: args.stackName,
            day: args.day,
            dryRun: args.dryRun,
            archive: args.archive,
            maxPartitions: args.maxPartitions,
          },
          reporter,
        );
        return report.failed === 0 ? 0 : 1;
      }
      case 'backfill': {
        const { runBackfill } = await import('./commands/backfill');
        const report = await runBackfill(
          clients,
          {
            stackName: args.stackName,
            exportArn: args.exportArn,
            timeoutMs: args.timeoutMs,
            pollMs: args.pollMs,
          },
          reporter,
        );
        return report.ok ? 0 : 1;
      }
    }
  } catch (error) {
    // Our own errors carry a message meant for the user; anything else is named by the command.
    const message = (error as Error).message.split('\n')[0] ?? '';
    stderr.write(
      error instanceof DeployError && message.startsWith(`${args.command}:`)
        ? `${message}\n`
        : `${args.command} failed: ${message}\n`,
    );
    return 1;
  }
}
