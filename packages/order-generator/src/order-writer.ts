import { InvalidOptionError } from './errors';
import {
  type OrderWriterOptions,
  type ResolvedWriterOptions,
  resolveWriterOptions,
} from './order-writer-options';
import type { OrderOperation, OrderWriteTarget } from './types';
import { WriteRun } from './write-run';
import type { WriteSummary } from './write-summary';

/**
 * Applies a stream of operations to an `OrderWriteTarget`:
 * - operations of one order run one after the other, in the order given (a lane per order);
 *   operations of different orders run concurrently, up to `concurrency` target calls;
 * - in `batch` insert mode, inserts go out in batches of up to 25 and UnprocessedItems are re-sent;
 * - with `transactionSize` > 1, conditional writes of different orders go out together through the
 *   target's `applyTogether`; the ones a failure of another cancelled are sent again;
 * - throttled writes are retried with exponential backoff and jitter, up to `maxAttempts`;
 * - an optional rate limit spaces operations out;
 * - a failed operation is reported (`onFailure`, `failures`, `failed`), never dropped; the later
 *   operations of that order are reported as skipped, since their conditions could no longer hold.
 * The stream is pulled lazily, with a bounded number of operations held at once.
 */
export class OrderWriter {
  private readonly options: ResolvedWriterOptions;

  public constructor(
    private readonly target: OrderWriteTarget,
    options: OrderWriterOptions = {},
  ) {
    this.options = resolveWriterOptions(options);
    if (this.options.transactionSize > 1 && target.applyTogether === undefined) {
      throw new InvalidOptionError(
        'transactionSize',
        this.options.transactionSize,
        '1 for a target without applyTogether',
      );
    }
  }

  /** Writes every operation; resolves with the summary once all are written or reported failed. */
  public write(operations: Iterable<OrderOperation> | AsyncIterable<OrderOperation>): Promise<WriteSummary> {
    return new WriteRun(this.target, this.options).run(operations);
  }
}
