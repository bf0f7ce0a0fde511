import type { OrderStatus } from '@org/order-schema';
import { LIFECYCLE_MEAN_DELAY_MS } from './constants';
import type { SeededRandom } from './seeded-random';

/** One later step of an order: a new status, or its deletion. */
export interface LifecycleStep {
  readonly delayMs: number;
  readonly status: OrderStatus | 'DELETED';
}

export interface LifecycleRates {
  readonly cancelRate: number;
  readonly returnRate: number;
  readonly deleteRate: number;
}

/**
 * The steps after PLACED, following the legal transitions only: PLACED → PAID → SHIPPED → DELIVERED,
 * CANCELLED from PLACED or PAID, RETURNED from DELIVERED; then, for some orders, a delete.
 */
export function planLifecycle(random: SeededRandom, rates: LifecycleRates): LifecycleStep[] {
  const steps: LifecycleStep[] = [];
  const step = (mean: number, status: LifecycleStep['status']) =>
    steps.push({ delayMs: random.exponential(mean), status });
  if (random.chance(rates.cancelRate)) {
    // Half of the cancellations happen before payment, half after.
    if (random.chance(0.5)) step(LIFECYCLE_MEAN_DELAY_MS.pay, 'PAID');
    step(LIFECYCLE_MEAN_DELAY_MS.cancel, 'CANCELLED');
  } else {
    step(LIFECYCLE_MEAN_DELAY_MS.pay, 'PAID');
    step(LIFECYCLE_MEAN_DELAY_MS.ship, 'SHIPPED');
    step(LIFECYCLE_MEAN_DELAY_MS.deliver, 'DELIVERED');
    if (random.chance(rates.returnRate)) step(LIFECYCLE_MEAN_DELAY_MS.return, 'RETURNED');
  }
  if (random.chance(rates.deleteRate)) step(LIFECYCLE_MEAN_DELAY_MS.erase, 'DELETED');
  return steps;
}
