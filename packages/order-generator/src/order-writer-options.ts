import { INSERT_MODE, type InsertMode, MAX_TRANSACTION_SIZE, WRITER_DEFAULTS } from './constants';
import { InvalidOptionError } from './errors';
import type { WriteFailure, WriteProgress } from './write-summary';

export interface OrderWriterOptions {
  /** Target calls in flight at once (a batch counts as one). @default 16 */
  readonly concurrency?: number;
  /**
   * `conditional`: one conditional PutItem per insert, safe on any table. `batch`: BatchWriteItem of up
   * to 25 inserts, unconditional, so only for a table known to hold none of the keys (a fresh table).
   * @default 'conditional'
   */
  readonly insertMode?: InsertMode;
  /**
   * Conditional writes of different orders sent together in one all-or-nothing request (the target's
   * `applyTogether`, TransactWriteItems for DynamoDB), at most 100. 1 sends each on its own. Fewer
   * requests, but DynamoDB charges a transactional write twice. @default 1
   */
  readonly transactionSize?: number;
  /** At most this many operations per second on average. @default unlimited */
  readonly ratePerSecond?: number;
  /** Attempts per operation while throttled or unprocessed, the first included. @default 8 */
  readonly maxAttempts?: number;
  /** First retry delay; doubles per attempt, with jitter. @default 50 */
  readonly baseDelayMs?: number;
  /** Ceiling of the retry delay. @default 5000 */
  readonly maxDelayMs?: number;
  /** Validate inserted and updated orders with `OrderSchema` (the generator's are not checked twice). @default true */
  readonly validate?: boolean;
  /** Called with the counts so far, at most every `progressIntervalMs`, and once at the end. */
  readonly onProgress?: (progress: WriteProgress) => void;
  /** @default 250 */
  readonly progressIntervalMs?: number;
  /** Called for every failed operation, as it fails. */
  readonly onFailure?: (failure: WriteFailure) => void;
  /** How many failures the summary lists (all are counted and passed to `onFailure`). @default 1000 */
  readonly maxFailureDetails?: number;
  /** Clock, sleep and jitter source; tests replace them. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export interface ResolvedWriterOptions {
  readonly concurrency: number;
  readonly insertMode: InsertMode;
  readonly transactionSize: number;
  readonly ratePerSecond: number | undefined;
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly validate: boolean;
  readonly onProgress: ((progress: WriteProgress) => void) | undefined;
  readonly progressIntervalMs: number;
  readonly onFailure: ((failure: WriteFailure) => void) | undefined;
  readonly maxFailureDetails: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Fills in defaults; throws `InvalidOptionError` naming the option and the value. */
export function resolveWriterOptions(options: OrderWriterOptions): ResolvedWriterOptions {
  const insertMode = options.insertMode ?? WRITER_DEFAULTS.insertMode;
  if (!Object.values(INSERT_MODE).includes(insertMode)) {
    throw new InvalidOptionError('insertMode', insertMode, `one of ${Object.values(INSERT_MODE).join(', ')}`);
  }
  const ratePerSecond = options.ratePerSecond;
  if (
    ratePerSecond !== undefined &&
    !(typeof ratePerSecond === 'number' && ratePerSecond > 0 && ratePerSecond < Infinity)
  ) {
    throw new InvalidOptionError('ratePerSecond', ratePerSecond, 'a number of operations per second > 0');
  }
  return {
    concurrency: whole('concurrency', options.concurrency ?? WRITER_DEFAULTS.concurrency, 1),
    insertMode,
    transactionSize: transactionSize(options.transactionSize ?? WRITER_DEFAULTS.transactionSize),
    ratePerSecond,
    maxAttempts: whole('maxAttempts', options.maxAttempts ?? WRITER_DEFAULTS.maxAttempts, 1),
    baseDelayMs: whole('baseDelayMs', options.baseDelayMs ?? WRITER_DEFAULTS.baseDelayMs, 0),
    maxDelayMs: whole('maxDelayMs', options.maxDelayMs ?? WRITER_DEFAULTS.maxDelayMs, 0),
    validate: options.validate ?? WRITER_DEFAULTS.validate,
    onProgress: options.onProgress,
    progressIntervalMs: whole(
      'progressIntervalMs',
      options.progressIntervalMs ?? WRITER_DEFAULTS.progressIntervalMs,
      0,
    ),
    onFailure: options.onFailure,
    maxFailureDetails: whole(
      'maxFailureDetails',
      options.maxFailureDetails ?? WRITER_DEFAULTS.maxFailureDetails,
      0,
    ),
    now: options.now ?? Date.now,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
  };
}

function whole(option: string, value: unknown, min: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min) {
    throw new InvalidOptionError(option, value, `a whole number >= ${min}`);
  }
  return value as number;
}

function transactionSize(value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > MAX_TRANSACTION_SIZE) {
    throw new InvalidOptionError(
      'transactionSize',
      value,
      `a whole number from 1 to ${MAX_TRANSACTION_SIZE}`,
    );
  }
  return value as number;
}
