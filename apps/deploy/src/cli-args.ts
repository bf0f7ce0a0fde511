import { parseArgs } from 'node:util';
import { stackNameOf } from './config';
import { InvalidSettingError } from './errors';

export const COMMANDS = ['status', 'smoke', 'replay-errors'] as const;
export type Command = (typeof COMMANDS)[number];

export const HELP = `Operator commands for a deployed CDC sales pipeline stage (they read the stack's outputs).

Usage: pnpm run ops <command> [options]      (or: pnpm run status | smoke | replay-errors)

Commands:
  status          describe the table, stream, Firehose and the current-state view; exit 1 on a problem
  smoke           write a seeded run of orders, wait until Athena's view shows them; exit 1 on a mismatch
  replay-errors   send records the transformer rejected (errors/processing-failed/) back into the stream

Options:
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
  --dry-run               count what would be replayed, send nothing
  --archive               move replayed objects under errors/replayed/ so a rerun skips them
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
}

/**
 * Parses the arguments. A bare `--` is ignored wherever it stands: `pnpm run status -- --json` passes one
 * after the command. Throws `InvalidSettingError` on a bad flag or value.
 */
export function parseCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): CliArgs {
  const args = argv.filter((arg) => arg !== '--');
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new InvalidSettingError(
      'arguments',
      args.join(' '),
      `valid flags (${(error as Error).message}); see --help`,
    );
  }
  const { values, positionals } = parsed;
  const [name, ...extra] = positionals;
  if (extra.length > 0) throw new InvalidSettingError('arguments', extra.join(' '), 'one command only');
  if (name !== undefined && !(COMMANDS as readonly string[]).includes(name)) {
    throw new InvalidSettingError('command', name, `one of ${COMMANDS.join(', ')}`);
  }
  const number = (flag: string, value: string | undefined, fallback: number, min: number, max: number) => {
    if (value === undefined) return fallback;
    const parsedNumber = Number(value);
    if (!Number.isInteger(parsedNumber) || parsedNumber < min || parsedNumber > max) {
      throw new InvalidSettingError(`--${flag}`, value, `a whole number from ${min} to ${max}`);
    }
    return parsedNumber;
  };
  const day = values.day;
  if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    throw new InvalidSettingError('--day', day, 'a date as YYYY-MM-DD');
  }
  const stage = values.stage ?? env.CDC_STAGE ?? 'dev';
  return {
    command: name as Command | undefined,
    help: values.help === true,
    json: values.json === true,
    stackName: values['stack-name'] ?? stackNameOf(stage),
    region: values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'eu-west-1',
    orders: number('orders', values.orders, 50, 1, 10_000),
    seed: values.seed,
    timeoutMs: number('timeout-minutes', values['timeout-minutes'], 15, 1, 120) * 60_000,
    pollMs: number('poll-seconds', values['poll-seconds'], 30, 1, 600) * 1_000,
    day,
    dryRun: values['dry-run'] === true,
    archive: values.archive === true,
  };
}

function parse(args: string[]) {
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
    },
  });
}
