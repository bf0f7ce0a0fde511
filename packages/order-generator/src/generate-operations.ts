import type { Order } from '@org/order-schema';
import { COUPON_WEIGHTS } from './catalog';
import { InvalidOrderError } from './errors';
import { EventQueue } from './event-queue';
import {
  type GenerateOptions,
  type ResolvedGenerateOptions,
  resolveGenerateOptions,
} from './generate-options';
import { isoTimestamp } from './iso-timestamp';
import { type LifecycleStep, planLifecycle } from './lifecycle';
import { SeededRandom } from './seeded-random';
import { Shop } from './shop';
import type { OrderOperation } from './types';
import { orderIssues } from './validate-order';

interface PendingStep {
  readonly at: number;
  readonly seq: number;
  readonly order: Order;
  readonly steps: readonly LifecycleStep[];
  readonly next: number;
}

/**
 * A lazy, deterministic stream of order operations: each new order is inserted (PLACED, version 1),
 * then moves through its lifecycle with one update per status (version + 1, expecting the previous
 * version), and some orders are deleted at the end. From `couponFrom` on, `couponShare` of the new
 * orders carry a coupon, kept through their lifecycle. Operations come out in time order, so timestamps
 * move forward overall and per order; only orders still in flight are held in memory.
 *
 * The returned iterable can be iterated more than once; each pass gives the same operations.
 * Throws `InvalidOptionError` at once for a bad option.
 *
 * @example
 * for (const op of generateOperations({ orders: 1000, seed: 'demo' })) console.log(op.type);
 */
export function generateOperations(options: GenerateOptions): Iterable<OrderOperation> {
  const resolved = resolveGenerateOptions(options);
  return { [Symbol.iterator]: () => operationStream(resolved) };
}

function* operationStream(options: ResolvedGenerateOptions): Generator<OrderOperation, void, undefined> {
  const random = new SeededRandom(options.seed);
  // A source of its own: with or without coupons, every other draw (and so every order) is the same.
  const couponRandom = new SeededRandom(`${options.seed}/coupons`);
  const shop = new Shop(options.seed, options.customers);
  const queue = new EventQueue<PendingStep>();
  const idWidth = Math.max(6, String(options.orders).length);
  let seq = 0;
  let placed = 0;
  let nextArrival = options.startMs;

  const check = (order: Order): Order => {
    if (options.validate) {
      const issues = orderIssues(order);
      if (issues !== undefined) throw new InvalidOrderError(order.orderId, issues);
    }
    return order;
  };
  const schedule = (order: Order, atMs: number, steps: readonly LifecycleStep[], next: number) => {
    const step = steps[next];
    if (step !== undefined) queue.push({ at: atMs + step.delayMs, seq: seq++, order, steps, next });
  };

  for (;;) {
    const due = queue.peek();
    if (placed < options.orders && (due === undefined || nextArrival <= due.at)) {
      placed += 1;
      const orderId = `${options.orderIdPrefix}${String(placed).padStart(idWidth, '0')}`;
      const coupon =
        placed >= options.firstCouponOrder && couponRandom.chance(options.couponShare)
          ? couponRandom.pickWeighted(COUPON_WEIGHTS)
          : undefined;
      const order = check(shop.placeOrder(random, orderId, nextArrival, coupon));
      schedule(order, nextArrival, planLifecycle(random, options), 0);
      nextArrival += random.exponential(options.meanOrderIntervalMs);
      yield { type: 'insert', order };
      continue;
    }
    const pending = queue.pop();
    if (pending === undefined) return;
    const { order, steps, next, at } = pending;
    const step = steps[next]!;
    if (step.status === 'DELETED') {
      yield { type: 'delete', orderId: order.orderId, expectedVersion: order.version };
      continue;
    }
    const updated = check({
      ...order,
      status: step.status,
      updatedAt: isoTimestamp(at),
      version: order.version + 1,
    });
    schedule(updated, at, steps, next + 1);
    yield { type: 'update', order: updated, expectedVersion: order.version };
  }
}
