import type { OrderOperation, OrderOperationType } from './types';

/** Counts of a run so far; `onProgress` receives one, the final summary extends it. */
export interface WriteProgress {
  /** Operations finished, written or failed. */
  readonly operations: number;
  /** Orders inserted. */
  readonly orders: number;
  readonly inserts: number;
  readonly updates: number;
  readonly deletes: number;
  /** Extra attempts, counted per operation (a re-sent batch of 7 counts 7). */
  readonly retries: number;
  /** Requests the target throttled, and batches it left partly unprocessed. */
  readonly throttles: number;
  /**
   * Operations whose condition failed only because an earlier attempt of theirs had been applied (a
   * response lost after the write committed, a 5xx): the table held exactly what they would have written,
   * so they count as applied (in `inserts`, `updates` or `deletes`), not as failed.
   */
  readonly ambiguousResolved: number;
  /** Operations not applied; each is also reported through `onFailure` and in `failures`. */
  readonly failed: number;
  readonly elapsedMs: number;
  readonly operationsPerSecond: number;
}

/** An operation that was not written, and why. */
export interface WriteFailure {
  readonly operation: OrderOperation;
  readonly orderId: string;
  readonly type: OrderOperationType;
  /** The error's message, e.g. `condition failed for order ord-000042: …`. */
  readonly reason: string;
  /** The error's class name, e.g. `ConditionFailedError`. */
  readonly errorName: string;
  readonly attempts: number;
}

export interface WriteSummary extends WriteProgress {
  /** The first failures (up to `maxFailureDetails`); `failed` counts all of them. */
  readonly failures: readonly WriteFailure[];
}

/** The order an operation belongs to. */
export function orderIdOf(operation: OrderOperation): string {
  return operation.type === 'delete' ? operation.orderId : operation.order.orderId;
}

/** Mutable counters of one run. */
export class WriteTally {
  public inserts = 0;
  public updates = 0;
  public deletes = 0;
  public retries = 0;
  public throttles = 0;
  public ambiguousResolved = 0;
  public failed = 0;
  public readonly failures: WriteFailure[] = [];

  public constructor(
    private readonly startedAt: number,
    private readonly maxFailureDetails: number,
  ) {}

  public succeeded(operation: OrderOperation): void {
    if (operation.type === 'insert') this.inserts += 1;
    else if (operation.type === 'update') this.updates += 1;
    else this.deletes += 1;
  }

  public recordFailure(failure: WriteFailure): void {
    this.failed += 1;
    if (this.failures.length < this.maxFailureDetails) this.failures.push(failure);
  }

  public progress(now: number): WriteProgress {
    const operations = this.inserts + this.updates + this.deletes + this.failed;
    const elapsedMs = Math.max(0, now - this.startedAt);
    return {
      operations,
      orders: this.inserts,
      inserts: this.inserts,
      updates: this.updates,
      deletes: this.deletes,
      retries: this.retries,
      throttles: this.throttles,
      ambiguousResolved: this.ambiguousResolved,
      failed: this.failed,
      elapsedMs,
      operationsPerSecond: elapsedMs > 0 ? Math.round((operations * 1000 * 10) / elapsedMs) / 10 : 0,
    };
  }

  public summary(now: number): WriteSummary {
    return { ...this.progress(now), failures: [...this.failures] };
  }
}
