import type { OrderWriteTarget } from '@org/order-generator';
import type { Order } from '@org/order-schema';

/** What writes orders into the source: the generator's operations applied to a write target. */
export interface Workload {
  /** Writes every operation into `target`, in order per order; resolves when all are written. */
  run(target: OrderWriteTarget): Promise<void>;
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
