import { generateOperations, OrderWriter, type WriteSummary } from '@org/order-generator';
import type { Workload } from './workload';

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
  concurrency = 16,
): Workload & {
  summary: () => WriteSummary | undefined;
} {
  let summary: WriteSummary | undefined;
  return {
    async run(target) {
      const writer = new OrderWriter(target, { concurrency, validate: false });
      summary = await writer.write(generateOperations({ orders, seed, validate: false }));
      return summary.inserts + summary.updates + summary.deletes;
    },
    summary: () => summary,
  };
}
