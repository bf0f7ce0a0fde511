import { backoffDelayMs } from './backoff';
import { INSERT_MODE, MAX_BATCH_SIZE } from './constants';
import { InvalidOrderError, OrderSkippedError } from './errors';
import type { ResolvedWriterOptions } from './order-writer-options';
import { RateLimiter } from './rate-limiter';
import type { OrderOperation, OrderWriteTarget } from './types';
import { orderIssues } from './validate-order';
import {
  type AttemptContext,
  type InsertOperation,
  writeBatch,
  writeSingle,
  writeTogether,
} from './write-attempts';
import { orderIdOf, type WriteSummary, WriteTally } from './write-summary';

type WorkUnit =
  | { readonly batch: InsertOperation[] }
  | { readonly single: OrderOperation }
  | { readonly together: OrderOperation[] };

/** One `write` call: the lanes, the ready queue and the pull loop. */
export class WriteRun implements AttemptContext {
  public readonly tally: WriteTally;
  public readonly limiter: RateLimiter | undefined;
  /** Orders with an operation in flight; the value holds their next operations. */
  private readonly lanes = new Map<string, OrderOperation[]>();
  private readonly failedOrders = new Set<string>();
  private readonly ready: WorkUnit[] = [];
  private insertBuffer: InsertOperation[] = [];
  private inFlight = 0;
  private pending = 0;
  private wake: (() => void) | undefined;
  private callbackError: { error: unknown } | undefined;
  private lastProgressAt: number;
  private readonly maxPending: number;
  /** Operations one target call can carry. */
  private readonly unitSize: number;

  public constructor(
    public readonly target: OrderWriteTarget,
    public readonly options: ResolvedWriterOptions,
  ) {
    const now = options.now();
    this.tally = new WriteTally(now, options.maxFailureDetails);
    this.lastProgressAt = now;
    this.limiter =
      options.ratePerSecond === undefined
        ? undefined
        : new RateLimiter(options.ratePerSecond, options.now, options.sleep);
    this.unitSize = Math.max(MAX_BATCH_SIZE, options.transactionSize);
    this.maxPending = Math.max(1_024, options.concurrency * this.unitSize * 4);
  }

  public async run(
    operations: Iterable<OrderOperation> | AsyncIterable<OrderOperation>,
  ): Promise<WriteSummary> {
    const syncIterator = Symbol.iterator in operations ? operations[Symbol.iterator]() : undefined;
    const asyncIterator =
      syncIterator === undefined
        ? (operations as AsyncIterable<OrderOperation>)[Symbol.asyncIterator]()
        : undefined;
    let sourceDone = false;
    const { concurrency } = this.options;
    for (;;) {
      if (this.callbackError !== undefined) throw this.callbackError.error;
      while (this.inFlight < concurrency && this.ready.length > 0) this.start(this.nextUnit());
      if (!sourceDone && this.pending < this.maxPending && this.ready.length < concurrency * this.unitSize) {
        const next = syncIterator !== undefined ? syncIterator.next() : await asyncIterator!.next();
        if (next.done) sourceDone = true;
        else this.route(next.value);
        continue;
      }
      if (this.insertBuffer.length > 0 && this.ready.length === 0 && this.inFlight < concurrency) {
        // Nothing else can start: send the partial batch rather than wait for it to fill.
        this.ready.push({ batch: this.insertBuffer });
        this.insertBuffer = [];
        continue;
      }
      if (sourceDone && this.pending === 0) break;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    const summary = this.tally.summary(this.options.now());
    this.options.onProgress?.(summary);
    return summary;
  }

  private route(operation: OrderOperation): void {
    this.pending += 1;
    const orderId = orderIdOf(operation);
    if (this.failedOrders.has(orderId)) {
      this.fail(operation, new OrderSkippedError(orderId), 0);
      return;
    }
    const lane = this.lanes.get(orderId);
    if (lane !== undefined) lane.push(operation);
    else {
      this.lanes.set(orderId, []);
      this.enqueue(operation);
    }
  }

  private enqueue(operation: OrderOperation): void {
    if (operation.type === 'insert' && this.options.insertMode === INSERT_MODE.BATCH) {
      this.insertBuffer.push(operation);
      if (this.insertBuffer.length === MAX_BATCH_SIZE) {
        this.ready.push({ batch: this.insertBuffer });
        this.insertBuffer = [];
      }
    } else {
      this.ready.push({ single: operation });
    }
  }

  /** The next unit to start; with transactions, ready single writes are taken together. */
  private nextUnit(): WorkUnit {
    const unit = this.ready.shift()!;
    const size = this.options.transactionSize;
    if (size === 1 || !('single' in unit)) return unit;
    const together = [unit.single];
    while (together.length < size) {
      const next = this.ready[0];
      if (next === undefined || !('single' in next)) break;
      together.push(next.single);
      this.ready.shift();
    }
    return together.length === 1 ? unit : { together };
  }

  private start(unit: WorkUnit): void {
    this.inFlight += 1;
    const work =
      'batch' in unit
        ? writeBatch(this, unit.batch)
        : 'together' in unit
          ? writeTogether(this, unit.together)
          : writeSingle(this, unit.single);
    const done = () => {
      this.inFlight -= 1;
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    };
    // Only a throwing onFailure/onProgress callback can reject here; the run stops with that error.
    work.then(done, (error: unknown) => {
      this.callbackError ??= { error };
      done();
    });
  }

  public isValid(operation: OrderOperation): boolean {
    if (!this.options.validate || operation.type === 'delete') return true;
    const issues = orderIssues(operation.order);
    if (issues === undefined) return true;
    this.fail(operation, new InvalidOrderError(operation.order.orderId, issues), 0);
    return false;
  }

  public backoff(attempt: number): Promise<void> {
    const { baseDelayMs, maxDelayMs, random, sleep } = this.options;
    return sleep(backoffDelayMs(attempt, baseDelayMs, maxDelayMs, random));
  }

  public succeed(operation: OrderOperation, ambiguityResolved = false): void {
    this.tally.succeeded(operation);
    if (ambiguityResolved) this.tally.ambiguousResolved += 1;
    this.finish(operation, true);
  }

  public fail(operation: OrderOperation, error: unknown, attempts: number): void {
    const orderId = orderIdOf(operation);
    const failure = {
      operation,
      orderId,
      type: operation.type,
      reason: error instanceof Error ? error.message : String(error),
      errorName: error instanceof Error ? error.name : typeof error,
      attempts,
    };
    this.tally.recordFailure(failure);
    this.options.onFailure?.(failure);
    this.finish(operation, false);
  }

  /** Releases the order's lane: starts its next operation, or after a failure skips the rest. */
  private finish(operation: OrderOperation, succeeded: boolean): void {
    this.pending -= 1;
    const orderId = orderIdOf(operation);
    const lane = this.lanes.get(orderId);
    if (!succeeded) {
      this.failedOrders.add(orderId);
      this.lanes.delete(orderId);
      for (const queued of lane ?? []) this.fail(queued, new OrderSkippedError(orderId), 0);
    } else if (lane !== undefined && lane.length > 0) {
      this.enqueue(lane.shift()!);
    } else {
      this.lanes.delete(orderId);
    }
    this.reportProgress();
  }

  private reportProgress(): void {
    const { onProgress, progressIntervalMs, now } = this.options;
    if (onProgress === undefined) return;
    const at = now();
    if (at - this.lastProgressAt < progressIntervalMs) return;
    this.lastProgressAt = at;
    onProgress(this.tally.progress(at));
  }
}
