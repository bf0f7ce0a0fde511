import type { OrderWriteTarget } from '@org/order-generator';
import type { Order } from '@org/order-schema';

/** What writes orders into the source: the generator's operations applied to a write target. */
export interface Workload {
  /**
   * Writes every operation into `target`, in order per order. Resolves to the number of writes
   * applied, each one stream record: counted by the writer, which also counts a write whose earlier
   * attempt was applied although its answer was lost.
   */
  run(target: OrderWriteTarget): Promise<number>;
  /**
   * Writes the orders that exist before the table's stream is on (the ones a backfill brings to the
   * lake); `run` then goes on from there, touching some of them.
   */
  runBeforeStream?(target: OrderWriteTarget): Promise<void>;
}

/** The write time of an operation on the run's simulated clock: the order's `updatedAt`, never going back. */
export function simulatedClock(): (order: Order | undefined) => number {
  let last = 0;
  return (order) => {
    const at = order ? Date.parse(order.updatedAt) : last;
    last = Math.max(last, Number.isNaN(at) ? last : at);
    return last;
  };
}
