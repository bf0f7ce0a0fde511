import {
  AmbiguousWriteError,
  ConditionFailedError,
  NotAppliedError,
  RetriesExhaustedError,
  ThrottledError,
} from './errors';
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
  /** Counts the operation applied; `ambiguityResolved` when that was learned from a failed condition. */
  succeed(operation: OrderOperation, ambiguityResolved?: boolean): void;
  fail(operation: OrderOperation, error: unknown, attempts: number): void;
  /** False (and the operation reported failed) when its order does not pass `OrderSchema`. */
  isValid(operation: OrderOperation): boolean;
  backoff(attempt: number): Promise<void>;
}

/** Errors after which the same write may be sent again: throttled (not applied) or ambiguous (maybe applied). */
const isRetryable = (error: unknown): boolean =>
  error instanceof ThrottledError || error instanceof AmbiguousWriteError;

/**
 * A failed condition that is the operation's own earlier write: an attempt of it may have been applied
 * (the writer's, or one the SDK retried), and the table holds exactly what it would have written.
 * Without such an attempt the same state is a conflict, for example the same operations applied twice.
 */
function appliedEarlier(error: unknown, ambiguousBefore: boolean): boolean {
  return (
    error instanceof ConditionFailedError &&
    error.intendedStateHeld === true &&
    (ambiguousBefore || error.afterAmbiguousAttempt)
  );
}

/**
 * The failure of a write whose attempts ran out. When any of them may have been applied, the failure
 * says so: its outcome is unknown, not "not applied".
 */
function exhausted(
  attempts: number,
  detail: string,
  ambiguous: boolean,
  cause?: unknown,
): RetriesExhaustedError {
  const note =
    ambiguous && !detail.startsWith('outcome unknown') ? '; an earlier attempt may have been applied' : '';
  return new RetriesExhaustedError(attempts, `${detail}${note}`, { cause });
}

/** One conditional write; a throttled or ambiguous one is retried with backoff up to `maxAttempts`. */
export async function writeSingle(run: AttemptContext, operation: OrderOperation): Promise<void> {
  if (!run.isValid(operation)) return;
  let ambiguous = false;
  for (let attempt = 1; ; attempt++) {
    await run.limiter?.acquire(1);
    try {
      await run.target.apply(operation);
      run.succeed(operation);
      return;
    } catch (error) {
      if (appliedEarlier(error, ambiguous)) {
        run.succeed(operation, true);
        return;
      }
      if (!isRetryable(error)) {
        run.fail(operation, error, attempt);
        return;
      }
      if (error instanceof ThrottledError) run.tally.throttles += 1;
      else ambiguous = true;
      if (attempt >= run.options.maxAttempts) {
        run.fail(operation, exhausted(attempt, (error as Error).message, ambiguous, error), attempt);
        return;
      }
      run.tally.retries += 1;
      await run.backoff(attempt);
    }
  }
}

/**
 * Up to 25 inserts in one batch; throttled or ambiguous batches and unprocessed items are re-sent with
 * backoff. Batch puts are unconditional, so re-sending one that was applied writes the same item again
 * (no change, and no stream record).
 */
export async function writeBatch(run: AttemptContext, batch: readonly InsertOperation[]): Promise<void> {
  let remaining = batch.filter((operation) => run.isValid(operation));
  let ambiguous = false;
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
      run.tally.throttles += 1;
    } catch (error) {
      if (!isRetryable(error)) {
        for (const operation of remaining) run.fail(operation, error, attempt);
        return;
      }
      if (error instanceof ThrottledError) run.tally.throttles += 1;
      else ambiguous = true;
      left = remaining;
      detail = (error as Error).message;
    }
    if (attempt >= run.options.maxAttempts) {
      for (const operation of left) run.fail(operation, exhausted(attempt, detail, ambiguous), attempt);
      return;
    }
    run.tally.retries += left.length;
    remaining = left;
    await run.backoff(attempt);
  }
}

/**
 * Conditional writes of different orders in one all-or-nothing request. Writes cancelled only because
 * a neighbour failed go again at once; throttled or ambiguous ones after a backoff.
 */
export async function writeTogether(
  run: AttemptContext,
  operations: readonly OrderOperation[],
): Promise<void> {
  let remaining = operations.filter((operation) => run.isValid(operation));
  const ambiguous = new Set<OrderOperation>();
  for (let attempt = 1; remaining.length > 0; attempt++) {
    await run.limiter?.acquire(remaining.length);
    let results: readonly (Error | undefined)[];
    try {
      results = await run.target.applyTogether!(remaining);
    } catch (error) {
      if (!isRetryable(error)) {
        for (const operation of remaining) run.fail(operation, error, attempt);
        return;
      }
      results = remaining.map(() => error as Error);
    }
    const again: OrderOperation[] = [];
    let throttled = false;
    let wait = false;
    let detail = 'not applied';
    remaining.forEach((operation, index) => {
      const result = results[index];
      if (result === undefined) run.succeed(operation);
      else if (appliedEarlier(result, ambiguous.has(operation))) run.succeed(operation, true);
      else if (isRetryable(result) || result instanceof NotAppliedError) {
        again.push(operation);
        if (result instanceof ThrottledError) throttled = true;
        if (result instanceof AmbiguousWriteError) ambiguous.add(operation);
        // A throttle or an unknown outcome says more than a cancellation caused by a neighbour.
        if (!wait) detail = result.message;
        wait ||= isRetryable(result);
      } else run.fail(operation, result, attempt);
    });
    if (again.length === 0) return;
    if (throttled) run.tally.throttles += 1;
    if (attempt >= run.options.maxAttempts) {
      for (const operation of again) {
        run.fail(operation, exhausted(attempt, detail, ambiguous.has(operation)), attempt);
      }
      return;
    }
    run.tally.retries += again.length;
    remaining = again;
    // Writes cancelled only by a neighbour's failed condition go again at once; the others wait.
    if (wait) await run.backoff(attempt);
  }
}
