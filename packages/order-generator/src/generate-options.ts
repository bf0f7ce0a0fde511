import { GENERATE_DEFAULTS } from './constants';
import { InvalidOptionError } from './errors';

/** What to generate. Every field but `orders` has a default; the same options give the same operations. */
export interface GenerateOptions {
  /** Number of orders (each gives one insert and its lifecycle updates, perhaps a delete). */
  readonly orders: number;
  /** Seed of the random source. @default 1 */
  readonly seed?: string | number;
  /** Share of orders cancelled (from PLACED or PAID), 0..1. @default 0.08 */
  readonly cancelRate?: number;
  /** Share of delivered orders returned, 0..1. @default 0.05 */
  readonly returnRate?: number;
  /** Share of orders deleted after their last status (erasure requests), 0..1. @default 0.05 */
  readonly deleteRate?: number;
  /** Time of the first order: ISO 8601 text, a Date or epoch ms. @default '2026-01-01T00:00:00.000Z' */
  readonly startTime?: string | Date | number;
  /** Mean time between two new orders, in ms. @default 20000 */
  readonly meanOrderIntervalMs?: number;
  /** Number of distinct customers. @default a third of the orders, at least 10 */
  readonly customers?: number;
  /** Prefix of order ids (`ord-000001`). @default 'ord-' */
  readonly orderIdPrefix?: string;
  /** Validate every order with `OrderSchema` as it is generated. @default true */
  readonly validate?: boolean;
  /**
   * Share of new orders, from `couponFrom` on, placed with a coupon (`couponCode` and `discountTotal`,
   * attributes of schema version 2), 0..1. Coupons are drawn from a random source of their own, so
   * the orders are otherwise the same as without them. @default 0
   */
  readonly couponShare?: number;
  /**
   * Where in the run coupons start, as a share of the orders, 0..1: order number n may carry one when
   * n > couponFrom × orders (0: from the first order; 1: none). @default 0.5
   */
  readonly couponFrom?: number;
}

/** Options with every default filled in and every value checked. */
export interface ResolvedGenerateOptions {
  readonly orders: number;
  readonly seed: string;
  readonly cancelRate: number;
  readonly returnRate: number;
  readonly deleteRate: number;
  readonly startMs: number;
  readonly meanOrderIntervalMs: number;
  readonly customers: number;
  readonly orderIdPrefix: string;
  readonly validate: boolean;
  readonly couponShare: number;
  /** The first order number (1-based) that may carry a coupon. */
  readonly firstCouponOrder: number;
}

/** Fills in defaults; throws `InvalidOptionError` naming the option and the value. */
export function resolveGenerateOptions(options: GenerateOptions): ResolvedGenerateOptions {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError('options', options, 'an object such as { orders: 100 }');
  }
  const orders = options.orders;
  if (!Number.isSafeInteger(orders) || orders < 0) {
    throw new InvalidOptionError('orders', orders, 'a whole number >= 0');
  }
  const seed = options.seed ?? GENERATE_DEFAULTS.seed;
  if (
    (typeof seed !== 'string' && typeof seed !== 'number') ||
    (typeof seed === 'number' && !Number.isFinite(seed))
  ) {
    throw new InvalidOptionError('seed', seed, 'a string or a finite number');
  }
  const customers = options.customers ?? Math.max(10, Math.ceil(orders / 3));
  if (!Number.isSafeInteger(customers) || customers < 1) {
    throw new InvalidOptionError('customers', customers, 'a whole number >= 1');
  }
  const meanOrderIntervalMs = options.meanOrderIntervalMs ?? GENERATE_DEFAULTS.meanOrderIntervalMs;
  if (!Number.isFinite(meanOrderIntervalMs) || meanOrderIntervalMs < 1) {
    throw new InvalidOptionError('meanOrderIntervalMs', meanOrderIntervalMs, 'a number of ms >= 1');
  }
  const orderIdPrefix = options.orderIdPrefix ?? GENERATE_DEFAULTS.orderIdPrefix;
  if (typeof orderIdPrefix !== 'string') {
    throw new InvalidOptionError('orderIdPrefix', orderIdPrefix, 'a string');
  }
  return {
    orders,
    seed: String(seed),
    cancelRate: rate('cancelRate', options.cancelRate ?? GENERATE_DEFAULTS.cancelRate),
    returnRate: rate('returnRate', options.returnRate ?? GENERATE_DEFAULTS.returnRate),
    deleteRate: rate('deleteRate', options.deleteRate ?? GENERATE_DEFAULTS.deleteRate),
    startMs: startMs(options.startTime ?? GENERATE_DEFAULTS.startTime),
    meanOrderIntervalMs,
    customers,
    orderIdPrefix,
    validate: options.validate ?? GENERATE_DEFAULTS.validate,
    couponShare: rate('couponShare', options.couponShare ?? GENERATE_DEFAULTS.couponShare),
    firstCouponOrder:
      Math.floor(rate('couponFrom', options.couponFrom ?? GENERATE_DEFAULTS.couponFrom) * orders) + 1,
  };
}

function rate(option: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new InvalidOptionError(option, value, 'a share between 0 and 1');
  }
  return value;
}

// Later timestamps must still be ISO text with four-digit years.
const LATEST_START_MS = Date.parse('9000-01-01T00:00:00.000Z');

function startMs(value: string | Date | number): number {
  const ms =
    typeof value === 'number'
      ? value
      : value instanceof Date
        ? value.getTime()
        : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)
          ? Date.parse(value)
          : Number.NaN;
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > LATEST_START_MS) {
    throw new InvalidOptionError('startTime', value, 'an ISO 8601 time such as 2026-01-01T00:00:00.000Z');
  }
  return ms;
}
