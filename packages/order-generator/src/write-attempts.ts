import { NotAppliedError, RetriesExhaustedError, ThrottledError } from './errors';
import type { ResolvedWriterOptions } from './order-writer-options';
import type { RateLimiter } from './rate-limiter';
import type { OrderOperation, OrderWriteTarget } from './types';
import type { WriteTally } from './write-summary';

export type InsertOperation = Extract<OrderOperation, { type: 'insert' }>;

/** What the attempts of one unit of work need from the run around them. */
export interface AttemptContext {
  readonly target: OrderWriteTarget;
  readonly options: ResolvedWriterOptions;
  readonly limiter: RateLimiter | undefined;
  readonly tally: WriteTally;
  succeed(operation: OrderOperation): void;
  fail(operation: OrderOperation, error: unknown, attempts: number): void;
  /** False (and the operation reported failed) when its order does not pass `OrderSchema`. */
  isValid(operation: OrderOperation): boolean;
  backoff(attempt: number): Promise<void>;
}

/** One conditional write; a throttled one is retried with backoff up to `maxAttempts`. */
export async function writeSingle(run: AttemptContext, operation: OrderOperation): Promise<void> {
  if (!run.isValid(operation)) return;
  for (let attempt = 1; ; attempt++) {
    await run.limiter?.acquire(1);
    try {
      await run.target.apply(operation);
      run.succeed(operation);
      return;
    } catch (error) {
      if (!(error instanceof ThrottledError)) {
        run.fail(operation, error, attempt);
        return;
      }
      run.tally.throttles += 1;
      if (attempt >= run.options.maxAttempts) {
        run.fail(operation, new RetriesExhaustedError(attempt, error.message, { cause: error }), attempt);
        return;
      }
      run.tally.retries += 1;
      await run.backoff(attempt);
    }
  }
}

/** Up to 25 inserts in one batch; throttled batches and unprocessed items are re-sent with backoff. */
export async function writeBatch(run: AttemptContext, batch: readonly InsertOperation[]): Promise<void> {
  let remaining = batch.filter((operation) => run.isValid(operation));
  for (let attempt = 1; remaining.length > 0; attempt++) {
    await run.limiter?.acquire(remaining.length);
    let left: InsertOperation[];
    let detail: string;
    try {
      const unprocessed = new Set(
        (await run.target.batchInsert(remaining.map((operation) => operation.order))).map((o) => o.orderId),
      );
      left = [];
      for (const operation of remaining) {
        if (unprocessed.has(operation.order.orderId)) left.push(operation);
        else run.succeed(operation);
      }
      if (left.length === 0) return;
      detail = `${left.length} of ${remaining.length} left unprocessed`;
    } catch (error) {
      if (!(error instanceof ThrottledError)) {
        for (const operation of remaining) run.fail(operation, error, attempt);
        return;
      }
      left = remaining;
      detail = error.message;
    }
    run.tally.throttles += 1;
    if (attempt >= run.options.maxAttempts) {
      for (const operation of left) run.fail(operation, new RetriesExhaustedError(attempt, detail), attempt);
      return;
    }
    run.tally.retries += left.length;
    remaining = left;
    await run.backoff(attempt);
  }
}

/**
 * Conditional writes of different orders in one all-or-nothing request. Writes cancelled only because
 * a neighbour failed go again at once; throttled ones after a backoff.
 */
export async function writeTogether(
  run: AttemptContext,
  operations: readonly OrderOperation[],
): Promise<void> {
  let remaining = operations.filter((operation) => run.isValid(operation));
  for (let attempt = 1; remaining.length > 0; attempt++) {
    await run.limiter?.acquire(remaining.length);
    let results: readonly (Error | undefined)[];
    try {
      results = await run.target.applyTogether!(remaining);
    } catch (error) {
      if (!(error instanceof ThrottledError)) {
        for (const operation of remaining) run.fail(operation, error, attempt);
        return;
      }
      results = remaining.map(() => error);
    }
    const again: OrderOperation[] = [];
    let throttled: Error | undefined;
    let cancelled: Error | undefined;
    remaining.forEach((operation, index) => {
      const result = results[index];
      if (result === undefined) run.succeed(operation);
      else if (result instanceof ThrottledError || result instanceof NotAppliedError) {
        again.push(operation);
        if (result instanceof ThrottledError) throttled = result;
        else cancelled = result;
      } else run.fail(operation, result, attempt);
    });
    if (again.length === 0) return;
    if (throttled !== undefined) run.tally.throttles += 1;
    if (attempt >= run.options.maxAttempts) {
      const detail = (throttled ?? cancelled)?.message ?? 'not applied';
      for (const operation of again) run.fail(operation, new RetriesExhaustedError(attempt, detail), attempt);
      return;
    }
    run.tally.retries += again.length;
    remaining = again;
    // Writes cancelled only by a neighbour's failed condition go again at once; throttled ones wait.
    if (throttled !== undefined) await run.backoff(attempt);
  }
}
