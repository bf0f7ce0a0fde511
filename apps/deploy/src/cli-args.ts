import { parseArgs } from 'node:util';
import { CDK_COMMANDS } from './cdk-command';
import { InvalidSettingError, UsageError } from './errors';
import { DEFAULT_MAX_PARTITIONS_PER_CHUNK, MAX_ACTIVE_PARTITIONS_QUOTA } from './replay-chunks';
import { stackNameOf } from './stack-name';

export const COMMANDS = ['status', 'smoke', 'replay-errors', 'backfill'] as const;
export type Command = (typeof COMMANDS)[number];

/** Options of one command only; every command also takes --stage, --stack-name, --region, --json, --help. */
const COMMAND_OPTIONS: Record<Command, readonly string[]> = {
  status: [],
  smoke: ['orders', 'seed', 'timeout-minutes', 'poll-seconds'],
  'replay-errors': ['day', 'dry-run', 'archive', 'max-partitions'],
  backfill: ['export-arn', 'timeout-minutes', 'poll-seconds'],
};

export const HELP = `Commands for a CDC sales pipeline stage. Each builds what it needs first.

Usage: pnpm run <command> [-- options]      (at the repository root or in apps/deploy)

Deploy (the CDK CLI, with the stage from -c stage=<name> or CDC_STAGE; --help shows its flags):
  synth           synthesize the stack offline into apps/deploy/cdk.out, with cdk-nag; no AWS needed
  diff            compare the stack with what is deployed
  deploy          deploy the stack CdcSales-<stage>
  destroy         delete the stack (prod and production keep their data)

Operate (they read the deployed stack's outputs):
  status          describe the table, stream, Firehose, the current-state view and the error output;
                  exit 1 on a problem, with the command that fixes it
  smoke           write a seeded run of orders, wait until Athena's view shows them; exit 1 on a mismatch
  replay-errors   send records the transformer rejected (errors/processing-failed/) back into the stream,
                  in event-time order, in chunks Firehose can partition
  backfill        export the table (or take --export-arn) and write every order in it to the stream as a
                  snapshot row; exit 1 if any record was not written

Options of the operator commands:
  --stage <name>          stage whose stack CdcSales-<stage> to use (default: dev, or CDC_STAGE)
  --stack-name <name>     use this stack instead
  --region <region>       AWS region (default: AWS_REGION, else eu-west-1)
  --json                  print a JSON summary as the last line of stdout
  -h, --help              show this help

smoke:
  --orders <n>            orders to generate, 1-10000 (default 50)
  --seed <text>           generator seed (default: the run id)
  --timeout-minutes <n>   how long to wait for the lake (default 15)
  --poll-seconds <n>      wait between two Athena checks (default 30)

replay-errors:
  --day <YYYY-MM-DD>      only that day's error objects
  --dry-run               count what would be replayed and plan the chunks, send nothing
  --archive               move replayed objects under errors/replayed/ so a rerun skips them
  --max-partitions <n>    dt/hour partitions per chunk, 1-5000 (default ${DEFAULT_MAX_PARTITIONS_PER_CHUNK}; Firehose
                          allows 500 active partitions unless raised)

backfill:
  --export-arn <arn>      backfill from this DynamoDB export (full, DYNAMODB_JSON, under the lake's exports/)
                          instead of exporting the table now
  --timeout-minutes <n>   how long to wait for the export, then for the state machine (default 120, up to
                          1440)
  --poll-seconds <n>      wait between two status checks (default 30)

AWS credentials come from the usual places: AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO
(aws sso login), or the instance's role.
`;

export interface CliArgs {
  readonly command: Command | undefined;
  readonly help: boolean;
  readonly json: boolean;
  readonly stackName: string;
  readonly region: string;
  readonly orders: number;
  readonly seed: string | undefined;
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly day: string | undefined;
  readonly dryRun: boolean;
  readonly archive: boolean;
  readonly maxPartitions: number;
  readonly exportArn: string | undefined;
}

const EXPORT_ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[^/]+\/export\/[^/]+$/;

/**
 * Parses the arguments of an operator command. A bare `--` is ignored wherever it stands: `pnpm run
 * status -- --json` passes one after the command. Throws `UsageError` on an unknown flag, a flag of
 * another command or a missing value, and `InvalidSettingError` on a bad value.
 */
export function parseCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): CliArgs {
  const args = argv.filter((arg) => arg !== '--');
  const { values, positionals } = parse(args);
  const [name, ...extra] = positionals;
  if (extra.length > 0) throw new InvalidSettingError('arguments', extra.join(' '), 'one command only');
  if (name !== undefined && !(COMMANDS as readonly string[]).includes(name)) {
    throw new InvalidSettingError(
      'command',
      name,
      `one of ${[...Object.keys(CDK_COMMANDS), ...COMMANDS].join(', ')}`,
    );
  }
  const command = name as Command | undefined;
  if (command !== undefined) {
    for (const option of Object.keys(values)) {
      const owners = COMMANDS.filter((candidate) => COMMAND_OPTIONS[candidate].includes(option));
      if (owners.length > 0 && !owners.includes(command)) {
        throw new UsageError(
          `--${option} is an option of ${owners.join(' and ')}, not of ${command} (see --help)`,
        );
      }
    }
  }
  const number = (flag: string, value: string | undefined, fallback: number, min: number, max: number) => {
    if (value === undefined) return fallback;
    const parsedNumber = Number(value);
    if (!/^\d+$/.test(value) || parsedNumber < min || parsedNumber > max) {
      throw new InvalidSettingError(`--${flag}`, value, `a whole number from ${min} to ${max}`);
    }
    return parsedNumber;
  };
  const day = values.day;
  if (day !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day)))) {
    throw new InvalidSettingError('--day', day, 'a date as YYYY-MM-DD');
  }
  const exportArn = values['export-arn'];
  if (exportArn !== undefined && !EXPORT_ARN.test(exportArn)) {
    throw new InvalidSettingError(
      '--export-arn',
      exportArn,
      'a DynamoDB export ARN (…:table/<name>/export/<id>)',
    );
  }
  // A backfill waits for an export and then a state machine: hours, not the smoke test's minutes.
  const backfill = command === 'backfill';
  const stage = values.stage ?? env.CDC_STAGE ?? 'dev';
  return {
    command,
    help: values.help === true,
    json: values.json === true,
    stackName: values['stack-name'] ?? stackNameOf(stage),
    region: values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'eu-west-1',
    orders: number('orders', values.orders, 50, 1, 10_000),
    seed: values.seed,
    timeoutMs:
      number('timeout-minutes', values['timeout-minutes'], backfill ? 120 : 15, 1, backfill ? 1440 : 120) *
      60_000,
    pollMs: number('poll-seconds', values['poll-seconds'], 30, 1, 600) * 1_000,
    day,
    dryRun: values['dry-run'] === true,
    archive: values.archive === true,
    maxPartitions: number(
      'max-partitions',
      values['max-partitions'],
      DEFAULT_MAX_PARTITIONS_PER_CHUNK,
      1,
      MAX_ACTIVE_PARTITIONS_QUOTA,
    ),
    exportArn,
  };
}

/** `node:util` parseArgs, with its errors turned into one line each. */
function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        stage: { type: 'string' },
        'stack-name': { type: 'string' },
        region: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        orders: { type: 'string' },
        seed: { type: 'string' },
        'timeout-minutes': { type: 'string' },
        'poll-seconds': { type: 'string' },
        day: { type: 'string' },
        'dry-run': { type: 'boolean' },
        archive: { type: 'boolean' },
        'max-partitions': { type: 'string' },
        'export-arn': { type: 'string' },
      },
    });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    // parseArgs names the flag in quotes, e.g. "Unknown option '--bogus'. To specify…".
    const flag = /'(-[^' ]*)/.exec(message)?.[1] ?? args.join(' ');
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${flag} (see --help)`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      if (message.includes('argument missing')) throw new UsageError(`${flag} needs a value`);
      if (message.includes('ambiguous')) {
        // `--orders -5`: the value looks like a flag.
        const value = args[args.indexOf(flag) + 1];
        throw new UsageError(
          `${flag} needs a value, got ${JSON.stringify(value)} (write ${flag}=${value} for a value starting with "-")`,
        );
      }
      throw new UsageError(`${flag} takes no value`);
    }
    throw new UsageError(message);
  }
}

/** The exact command line that replays a stack's error output (from the root or apps/deploy). */
export function replayCommandOf(stackName: string, region: string): string {
  return `pnpm run replay-errors -- --stack-name ${stackName} --region ${region}`;
}
