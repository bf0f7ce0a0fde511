const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Defaults of `generateOperations`: the same defaults give the same operations on every run. */
export const GENERATE_DEFAULTS = {
  seed: 1,
  cancelRate: 0.08,
  returnRate: 0.05,
  deleteRate: 0.05,
  startTime: '2026-01-01T00:00:00.000Z',
  meanOrderIntervalMs: 20_000,
  orderIdPrefix: 'ord-',
  validate: true,
  couponShare: 0,
  couponFrom: 0.5,
} as const;

/** Mean delays between lifecycle steps of one order (exponentially distributed around them). */
export const LIFECYCLE_MEAN_DELAY_MS = {
  pay: 10 * MINUTE,
  cancel: 2 * HOUR,
  ship: 20 * HOUR,
  deliver: 2.5 * DAY,
  return: 7 * DAY,
  erase: 14 * DAY,
} as const;

/** BatchWriteItem takes at most 25 requests. */
export const MAX_BATCH_SIZE = 25;

/** TransactWriteItems takes at most 100 actions. */
export const MAX_TRANSACTION_SIZE = 100;

/** How inserts reach the table. */
export const INSERT_MODE = {
  /** One PutItem per order with `attribute_not_exists(orderId)`: safe on a table that may hold the keys. */
  CONDITIONAL: 'conditional',
  /** BatchWriteItem of up to 25 orders: only when the caller knows the table holds none of the keys. */
  BATCH: 'batch',
} as const;
export type InsertMode = (typeof INSERT_MODE)[keyof typeof INSERT_MODE];

/** Defaults of `OrderWriter`. */
export const WRITER_DEFAULTS = {
  concurrency: 16,
  insertMode: INSERT_MODE.CONDITIONAL,
  transactionSize: 1,
  maxAttempts: 8,
  baseDelayMs: 50,
  maxDelayMs: 5_000,
  progressIntervalMs: 250,
  maxFailureDetails: 1_000,
  validate: true,
} as const;
