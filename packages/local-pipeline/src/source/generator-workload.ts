import {
  generateOperations,
  type OrderOperation,
  OrderWriter,
  resolveGenerateOptions,
  type WriteSummary,
} from '@org/order-generator';
import type { Workload } from './workload';

/** Coupons on new orders from a point in the run (the generator's `couponShare` and `couponFrom`). */
export interface WorkloadCoupons {
  share: number;
  from: number;
  /**
   * Called with the placement time (simulated ms) of the first order that may carry a coupon, before
   * that order is written: the moment the run upgrades its transformer.
   */
  onFirstCouponOrder?: (atMs: number) => void;
}

/** The operations, telling `coupons.onFirstCouponOrder` when the insert of order `firstCouponOrder` comes. */
function* watchFirstCouponOrder(
  operations: Iterable<OrderOperation>,
  firstCouponOrder: number,
  onFirstCouponOrder: (atMs: number) => void,
): Generator<OrderOperation> {
  let inserts = 0;
  for (const operation of operations) {
    if (operation.type === 'insert' && ++inserts === firstCouponOrder) {
      onFirstCouponOrder(Date.parse(operation.order.createdAt));
    }
    yield operation;
  }
}

/** The operations of `operations` up to and including the `count`-th insert; the rest stay in it. */
function* throughInsert(operations: Iterator<OrderOperation>, count: number): Generator<OrderOperation> {
  let inserts = 0;
  while (inserts < count) {
    const next = operations.next();
    if (next.done) return;
    if (next.value.type === 'insert') inserts++;
    yield next.value;
  }
}

/**
 * The generator's seeded, time-ordered stream of order operations, written by the generator's
 * `OrderWriter` (conditional writes, per-order ordering, retries of throttled writes). The stream is
 * lazy and the writer holds a bounded number of operations, so memory does not grow with the run.
 * The schema check is left to the transformer, which validates every change; reconciliation would
 * show any order it refused.
 *
 * With `preexisting` orders, one stream of `preexisting + orders` orders is cut after its
 * `preexisting`-th insert: `runBeforeStream` writes everything before the cut, `run` the rest, which
 * goes on with the lifecycles of the pre-existing orders still in flight (updates and deletes of
 * orders the stream never saw inserted) beside the new orders.
 */
export function generatorWorkload(
  orders: number,
  seed: number,
  coupons?: WorkloadCoupons,
  preexisting = 0,
): Workload & {
  summary: () => WriteSummary | undefined;
} {
  let summary: WriteSummary | undefined;
  const options = {
    orders: orders + preexisting,
    seed,
    validate: false,
    couponShare: coupons?.share,
    couponFrom: coupons?.from,
  };
  const generated = generateOperations(options);
  const onFirst = coupons?.onFirstCouponOrder;
  const operations = (
    onFirst
      ? watchFirstCouponOrder(generated, resolveGenerateOptions(options).firstCouponOrder, onFirst)
      : generated
  )[Symbol.iterator]();
  const write = (target: Parameters<Workload['run']>[0], batch: Iterable<OrderOperation>) =>
    new OrderWriter(target, { concurrency: 16, validate: false }).write(batch);
  return {
    async runBeforeStream(target) {
      await write(target, throughInsert(operations, preexisting));
    },
    async run(target) {
      summary = await write(target, { [Symbol.iterator]: () => operations });
      return summary.inserts + summary.updates + summary.deletes;
    },
    summary: () => summary,
  };
}
