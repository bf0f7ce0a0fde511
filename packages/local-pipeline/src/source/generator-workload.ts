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

/**
 * The generator's seeded, time-ordered stream of order operations, written by the generator's
 * `OrderWriter` (conditional writes, per-order ordering, retries of throttled writes). The stream is
 * lazy and the writer holds a bounded number of operations, so memory does not grow with the run.
 * The schema check is left to the transformer, which validates every change; reconciliation would
 * show any order it refused.
 */
export function generatorWorkload(
  orders: number,
  seed: number,
  coupons?: WorkloadCoupons,
): Workload & {
  summary: () => WriteSummary | undefined;
} {
  let summary: WriteSummary | undefined;
  const options = { orders, seed, validate: false, couponShare: coupons?.share, couponFrom: coupons?.from };
  return {
    async run(target) {
      const writer = new OrderWriter(target, { concurrency: 16, validate: false });
      const operations = generateOperations(options);
      const onFirst = coupons?.onFirstCouponOrder;
      summary = await writer.write(
        onFirst
          ? watchFirstCouponOrder(operations, resolveGenerateOptions(options).firstCouponOrder, onFirst)
          : operations,
      );
      return summary.inserts + summary.updates + summary.deletes;
    },
    summary: () => summary,
  };
}
