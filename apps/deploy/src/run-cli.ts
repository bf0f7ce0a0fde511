import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { HELP, parseCliArgs } from './cli-args';
import { runReplayErrors } from './commands/replay-errors';
import { runSmoke } from './commands/smoke';
import { runStatus } from './commands/status';
import { createReporter } from './reporter';

/** Runs one operator command; resolves to the process exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (args.help || args.command === undefined) {
    (args.help ? process.stdout : process.stderr).write(HELP);
    return args.help ? 0 : 2;
  }
  const reporter = createReporter({ json: args.json });
  const config = { region: args.region };
  try {
    switch (args.command) {
      case 'status': {
        const report = await runStatus(
          {
            athena: new AthenaClient(config),
            cloudFormation: new CloudFormationClient(config),
            dynamodb: new DynamoDBClient(config),
            firehose: new FirehoseClient(config),
            kinesis: new KinesisClient(config),
          },
          args.stackName,
          reporter,
        );
        return report.healthy ? 0 : 1;
      }
      case 'smoke': {
        const runId = Date.now().toString(36);
        const report = await runSmoke(
          {
            athena: new AthenaClient(config),
            cloudFormation: new CloudFormationClient(config),
            dynamodb: new DynamoDBClient(config),
          },
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
        const report = await runReplayErrors(
          {
            cloudFormation: new CloudFormationClient(config),
            kinesis: new KinesisClient(config),
            s3: new S3Client(config),
          },
          { stackName: args.stackName, day: args.day, dryRun: args.dryRun, archive: args.archive },
          reporter,
        );
        return report.failed === 0 ? 0 : 1;
      }
    }
  } catch (error) {
    process.stderr.write(`${args.command} failed: ${(error as Error).message}\n`);
    return 1;
  }
}
