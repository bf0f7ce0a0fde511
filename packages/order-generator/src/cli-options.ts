import { parseArgs } from 'node:util';
import { DEFAULT_TABLE_NAME } from '@org/order-schema';
import { GENERATE_DEFAULTS, MAX_TRANSACTION_SIZE, WRITER_DEFAULTS } from './constants';
import { InvalidOptionError } from './errors';

/** What the `order-generator` command was asked to do. */
export interface CliOptions {
  readonly help: boolean;
  readonly endpoint: string | undefined;
  readonly region: string | undefined;
  readonly table: string;
  readonly orders: number;
  readonly seed: string;
  readonly rate: number | undefined;
  readonly concurrency: number;
  readonly transactionSize: number;
  readonly deleteRate: number;
  readonly cancelRate: number;
  readonly returnRate: number;
  readonly startTime: string;
  readonly couponShare: number;
  readonly couponFrom: number;
  readonly bulk: boolean;
  readonly createTable: boolean;
  readonly dryRun: boolean;
  readonly json: boolean;
}

export const DEFAULT_CLI_ORDERS = 100;

const FLAGS = {
  endpoint: { type: 'string' },
  region: { type: 'string' },
  table: { type: 'string' },
  orders: { type: 'string' },
  seed: { type: 'string' },
  rate: { type: 'string' },
  concurrency: { type: 'string' },
  'transaction-size': { type: 'string' },
  'delete-rate': { type: 'string' },
  'cancel-rate': { type: 'string' },
  'return-rate': { type: 'string' },
  'start-time': { type: 'string' },
  'coupon-share': { type: 'string' },
  'coupon-from': { type: 'string' },
  bulk: { type: 'boolean' },
  'create-table': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Parses the command line; throws `InvalidOptionError` naming the flag and the value. A leading `--`
 * (as `pnpm start -- --orders 5` passes it) is ignored.
 */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  const args = joinNegativeValues(argv[0] === '--' ? argv.slice(1) : argv, VALUE_FLAGS);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args, options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw usageError(error, args);
  }
  const text = (name: string) => values[name] as string | undefined;
  const flag = (name: string) => values[name] === true;
  const rate = text('rate');
  return {
    help: flag('help'),
    endpoint: endpointOf(text('endpoint')),
    region: nonEmpty('--region', text('region')),
    table: tableOf(text('table') ?? DEFAULT_TABLE_NAME),
    orders: wholeNumber('--orders', text('orders') ?? String(DEFAULT_CLI_ORDERS), 0),
    seed: nonEmpty('--seed', text('seed')) ?? String(GENERATE_DEFAULTS.seed),
    rate: rate === undefined ? undefined : positiveNumber('--rate', rate),
    concurrency: wholeNumber('--concurrency', text('concurrency') ?? String(WRITER_DEFAULTS.concurrency), 1),
    transactionSize: transactionSizeOf(text('transaction-size')),
    deleteRate: share('--delete-rate', text('delete-rate'), GENERATE_DEFAULTS.deleteRate),
    cancelRate: share('--cancel-rate', text('cancel-rate'), GENERATE_DEFAULTS.cancelRate),
    returnRate: share('--return-rate', text('return-rate'), GENERATE_DEFAULTS.returnRate),
    startTime: startTimeOf(text('start-time') ?? GENERATE_DEFAULTS.startTime),
    couponShare: share('--coupon-share', text('coupon-share'), GENERATE_DEFAULTS.couponShare),
    couponFrom: share('--coupon-from', text('coupon-from'), GENERATE_DEFAULTS.couponFrom),
    bulk: flag('bulk'),
    createTable: flag('create-table'),
    dryRun: flag('dry-run'),
    json: flag('json'),
  };
}

const VALUE_FLAGS = new Set(
  Object.entries(FLAGS)
    .filter(([, flag]) => flag.type === 'string')
    .map(([name]) => `--${name}`),
);

/**
 * `--orders -5` read as `--orders=-5` for each flag in `valueFlags`: node's parseArgs refuses a value
 * that starts with a dash as "ambiguous", where the flag's own check says what is wrong with the number.
 */
export function joinNegativeValues(args: readonly string[], valueFlags: ReadonlySet<string>): string[] {
  const joined: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const next = args[index + 1];
    if (valueFlags.has(arg) && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${arg}=${next}`);
      index++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function usageError(error: unknown, args: readonly string[]): InvalidOptionError {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
  if (unknown !== undefined)
    return new InvalidOptionError('flag', unknown, 'one of the flags listed by --help');
  const positional = /Unexpected argument '([^']+)'/.exec(message)?.[1];
  if (positional !== undefined)
    return new InvalidOptionError('argument', positional, 'only --flags (see --help)');
  const missing = /Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message)?.[1];
  if (missing !== undefined) return new InvalidOptionError(missing, undefined, 'a value after the flag');
  const ambiguous = /Option '(?:-\w, )?(--[\w-]+)' argument is ambiguous/.exec(message)?.[1];
  if (ambiguous !== undefined) {
    return new InvalidOptionError(
      ambiguous,
      args[args.indexOf(ambiguous) + 1],
      `a value; write ${ambiguous}=VALUE for one that starts with a dash`,
    );
  }
  const firstLine = message.split('\n')[0]!;
  return new InvalidOptionError('arguments', args.join(' '), `valid flags (${firstLine})`);
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '')
    throw new InvalidOptionError(flag, value, 'a non-empty value');
  return value;
}

function wholeNumber(flag: string, value: string, min: number): number {
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min) {
    throw new InvalidOptionError(flag, value, `a whole number >= ${min}`);
  }
  return number;
}

function positiveNumber(flag: string, value: string): number {
  const number = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(number > 0 && Number.isFinite(number))) {
    throw new InvalidOptionError(flag, value, 'a number of operations per second > 0');
  }
  return number;
}

function share(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= 0 && number <= 1))
    throw new InvalidOptionError(flag, value, 'a share between 0 and 1, e.g. 0.05');
  return number;
}

function endpointOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidOptionError('--endpoint', value, 'an http(s) URL such as http://localhost:8000');
  }
  return value;
}

function tableOf(value: string): string {
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(value)) {
    throw new InvalidOptionError('--table', value, 'a DynamoDB table name (3-255 of A-Z a-z 0-9 _ - .)');
  }
  return value;
}

function startTimeOf(value: string): string {
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/.test(value) ||
    Number.isNaN(Date.parse(value))
  ) {
    throw new InvalidOptionError(
      '--start-time',
      value,
      'an ISO 8601 UTC time such as 2026-01-01T00:00:00.000Z',
    );
  }
  return value;
}

function transactionSizeOf(value: string | undefined): number {
  const size = wholeNumber('--transaction-size', value ?? String(WRITER_DEFAULTS.transactionSize), 1);
  if (size > MAX_TRANSACTION_SIZE) {
    throw new InvalidOptionError(
      '--transaction-size',
      value,
      `a whole number from 1 to ${MAX_TRANSACTION_SIZE}`,
    );
  }
  return size;
}
