import { parseArgs } from 'node:util';
import { joinNegativeValues } from '@org/order-generator';
import { CAPTURE_MODE, CAPTURE_MODES, type CaptureMode } from '@org/order-schema';
import { DEFAULTS } from '../constants';
import { UsageError } from '../errors';
import type { RunOptions } from '../run-options';

/** Short names `--capture` also accepts, so that older commands keep working. */
const CAPTURE_ALIASES: ReadonlyMap<string, CaptureMode> = new Map([
  ['pipe', CAPTURE_MODE.EVENTBRIDGE_PIPE],
  ['kinesis', CAPTURE_MODE.KINESIS_DESTINATION],
]);

export const HELP = `Usage: cdc-local [options]

Runs the whole CDC pipeline on this machine: generated orders are written to an embedded DynamoDB-like
table (or a real endpoint), their stream records go through a capture stage and Kinesis-like shards to
a Firehose emulator that calls the real transformation handler, rows land in a partitioned lake on
disk, DuckDB runs the Athena analytics SQL, and the lake's current state is reconciled with the source.

Options:
  --orders N                 orders to generate (default ${DEFAULTS.orders})
  --preexisting N            orders written before the table's stream is on, then brought to the lake
                             by a backfill (an export file set read back into snapshot records, or
                             with --dynamodb-endpoint a parallel Scan) while the orders keep changing
                             (default 0)
  --backfill-twice           run the backfill a second time from the same export (adds no rows to
                             the current state)
  --seed N                   seed of the generator and of chaos (default ${DEFAULTS.seed})
  --out DIR                  output directory (default ./${DEFAULTS.outDir})
  --capture eventbridge-pipe|kinesis-destination
                             eventbridge-pipe: DynamoDB Streams records as an EventBridge Pipe forwards
                             them (default); kinesis-destination: Kinesis Data Streams for DynamoDB
                             records (UUID eventID); pipe and kinesis are short aliases
  --kinesis-precision ms|us|absent
                             with --capture kinesis-destination, how records give their time: ms with
                             ApproximateCreationDateTimePrecision MILLISECOND (default, what the CDK
                             construct deploys), us with MICROSECOND, absent: ms without that field
                             (a destination enabled without the precision setting)
  --format json|parquet      lake objects: GZIP JSON lines (default) or Parquet
  --chaos                    at-least-once delivery: duplicates, cross-shard reordering, garbage
                             records, one failed invocation that Firehose retries
  --dynamodb-endpoint URL    write to this DynamoDB endpoint (e.g. DynamoDB Local) and read its stream
  --shards N                 Kinesis shards (default ${DEFAULTS.shards})
  --handler-threads N        worker threads that run the real handler, one Lambda instance each
                             (default ${DEFAULTS.handlerThreads}; 0 runs it in the main thread)
  --buffer-mb MB             Firehose processor buffer size hint, 0.2 to 3 (default 1)
  --buffer-seconds S         Firehose processor buffer interval hint, 0 to 900 (default 60, wall clock)
  --coupon-share P           share of new orders placed with a coupon, 0 to 1 (default 0); above 0
                             the run plays the staged upgrade to row layout 2: changes before the
                             first order that may carry a coupon are written with layout 1 (no
                             coupon_code/discount_total, schema_version 1), changes after it with
                             layout 2, into the same lake, view and current-state table
  --coupon-from F            where coupons and the upgrade start, as a share of the orders, 0 to 1
                             (default ${DEFAULTS.couponFrom}: the second half of the run)
  --screenshot               save report.png beside report.html (needs Chromium)
  --json                     print summary.json as the last line of stdout
  --no-progress              no progress display
  -h, --help                 show this help

Exit status: 0 when the lake's current state equals the source, 1 on any reconciliation difference,
2 on bad options or a failed run.
Output: DIR/lake/orders_changes/dt=YYYY-MM-DD/hour=HH/, DIR/errors/<type>/, DIR/current/orders.parquet
(the current-state table orders_state), DIR/export/ (with --preexisting: the export's file set),
source-state.jsonl, summary.json, analytics.json, report.html (and report.png).`;

export interface CliArguments {
  help: boolean;
  json: boolean;
  progress: boolean;
  options: Partial<RunOptions>;
}

function number(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new UsageError(`--${flag} must be a number, got ${JSON.stringify(text)}`);
  }
  return value;
}

const OPTIONS = {
  orders: { type: 'string' },
  preexisting: { type: 'string' },
  'backfill-twice': { type: 'boolean' },
  seed: { type: 'string' },
  out: { type: 'string' },
  capture: { type: 'string' },
  'kinesis-precision': { type: 'string' },
  format: { type: 'string' },
  chaos: { type: 'boolean' },
  'dynamodb-endpoint': { type: 'string' },
  shards: { type: 'string' },
  'handler-threads': { type: 'string' },
  'buffer-mb': { type: 'string' },
  'buffer-seconds': { type: 'string' },
  'coupon-share': { type: 'string' },
  'coupon-from': { type: 'string' },
  screenshot: { type: 'boolean' },
  json: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const VALUE_FLAGS = new Set(
  Object.entries(OPTIONS)
    .filter(([, option]) => option.type === 'string')
    .map(([name]) => `--${name}`),
);

/** The capture mode a `--capture` value names, aliases included. */
function captureMode(text: string | undefined): CaptureMode | undefined {
  if (text === undefined) return undefined;
  const mode = CAPTURE_ALIASES.get(text) ?? CAPTURE_MODES.find((candidate) => candidate === text);
  if (mode === undefined) {
    throw new UsageError(
      `--capture must be one of ${CAPTURE_MODES.join(', ')} (or ${[...CAPTURE_ALIASES.keys()].join(', ')}), got ${JSON.stringify(text)}`,
    );
  }
  return mode;
}

function within(flag: string, value: number | undefined, min: number, max: number): number | undefined {
  if (value !== undefined && (value < min || value > max)) {
    throw new UsageError(`--${flag} must be from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** Parses the command line; a leading `--` (as `pnpm start -- …` passes it) is ignored. */
export function parseCliArguments(argv: readonly string[]): CliArguments {
  // `--orders -5` as `--orders=-5`, for the option's own check to refuse.
  const args = joinNegativeValues(argv[0] === '--' ? argv.slice(1) : argv, VALUE_FLAGS);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (see cdc-local --help)`);
  }
  const v = parsed.values;
  // Checked here as given: once converted to bytes and milliseconds the message would name other units.
  const bufferMb = within('buffer-mb', number('buffer-mb', v['buffer-mb']), 0.2, 3);
  const bufferSeconds = within('buffer-seconds', number('buffer-seconds', v['buffer-seconds']), 0, 900);
  const options: Partial<RunOptions> = {
    orders: number('orders', v.orders),
    preexisting: number('preexisting', v.preexisting),
    backfillTwice: v['backfill-twice'],
    seed: number('seed', v.seed),
    outDir: v.out,
    capture: captureMode(v.capture),
    kinesisPrecision: v['kinesis-precision'] as RunOptions['kinesisPrecision'] | undefined,
    format: v.format as RunOptions['format'] | undefined,
    chaos: v.chaos,
    dynamodbEndpoint: v['dynamodb-endpoint'],
    shards: number('shards', v.shards),
    handlerThreads: number('handler-threads', v['handler-threads']),
    processorBufferBytes: bufferMb === undefined ? undefined : Math.round(bufferMb * 1024 * 1024),
    processorBufferIntervalMs: bufferSeconds === undefined ? undefined : Math.round(bufferSeconds * 1000),
    screenshot: v.screenshot,
    couponShare: number('coupon-share', v['coupon-share']),
    couponFrom: number('coupon-from', v['coupon-from']),
  };
  for (const key of Object.keys(options) as (keyof RunOptions)[]) {
    if (options[key] === undefined) delete options[key];
  }
  return { help: v.help ?? false, json: v.json ?? false, progress: !(v['no-progress'] ?? false), options };
}

function parse(args: string[]) {
  return parseArgs({ args, strict: true, allowPositionals: false, options: OPTIONS });
}
