import type { Order } from '@org/order-schema';
import {
  ConditionFailedError,
  NotAppliedError,
  type OrderOperation,
  type OrderWriteTarget,
  orderIdOf,
  ThrottledError,
} from '../../src/index';

export interface MemoryTableOptions {
  /** Called before each write; return 'throttle' to throw ThrottledError, 'unprocessed' to leave a batch item. */
  readonly fault?: (call: {
    kind: 'apply' | 'batch';
    orderId: string;
    attempt: number;
  }) => 'throttle' | 'unprocessed' | undefined;
  /** Resolves each call after this many ms, to let calls overlap. */
  readonly delayMs?: number;
}

/** An in-memory table with DynamoDB's conditions, recording every call, for writer tests. */
export class MemoryOrderTable implements OrderWriteTarget {
  public readonly items = new Map<string, Order>();
  public readonly applied: OrderOperation[] = [];
  public inFlight = 0;
  public maxInFlight = 0;
  public batchCalls = 0;
  public togetherCalls = 0;
  public readonly groupSizes: number[] = [];
  public applyCalls = 0;
  private readonly attempts = new Map<string, number>();

  public constructor(private readonly options: MemoryTableOptions = {}) {}

  public async batchInsert(orders: readonly Order[]): Promise<readonly Order[]> {
    this.batchCalls += 1;
    return this.call(async () => {
      const left: Order[] = [];
      for (const order of orders) {
        const fault = this.fault('batch', order.orderId, `insert:${order.version}`);
        if (fault === 'throttle') throw new ThrottledError();
        if (fault === 'unprocessed') left.push(order);
        else {
          this.items.set(order.orderId, order);
          this.applied.push({ type: 'insert', order });
        }
      }
      return left;
    });
  }

  public async apply(operation: OrderOperation): Promise<void> {
    this.applyCalls += 1;
    return this.call(async () => {
      this.check(operation);
      this.store(operation);
    });
  }

  /** All or nothing, like TransactWriteItems: any failed condition or throttle cancels the others. */
  public async applyTogether(operations: readonly OrderOperation[]): Promise<readonly (Error | undefined)[]> {
    this.togetherCalls += 1;
    this.groupSizes.push(operations.length);
    return this.call(async () => {
      const errors = operations.map((operation) => {
        try {
          this.check(operation);
          return undefined;
        } catch (error) {
          return error as Error;
        }
      });
      if (errors.every((error) => error === undefined)) {
        for (const operation of operations) this.store(operation);
        return errors;
      }
      return errors.map((error, index) => error ?? new NotAppliedError(orderIdOf(operations[index]!)));
    });
  }

  /** Throws as the table would: a fault the test asked for, or a condition that does not hold. */
  private check(operation: OrderOperation): void {
    const orderId = orderIdOf(operation);
    const step =
      operation.type === 'delete'
        ? `delete:${operation.expectedVersion}`
        : `${operation.type}:${operation.order.version}`;
    if (this.fault('apply', orderId, step) === 'throttle') throw new ThrottledError();
    const stored = this.items.get(orderId);
    if (operation.type === 'insert') {
      if (stored !== undefined) throw new ConditionFailedError(orderId, 'the order already exists');
    } else if (stored?.version !== operation.expectedVersion) {
      throw new ConditionFailedError(orderId, `the stored version is not ${operation.expectedVersion}`);
    }
  }

  private store(operation: OrderOperation): void {
    if (operation.type === 'delete') this.items.delete(operation.orderId);
    else this.items.set(operation.order.orderId, operation.order);
    this.applied.push(operation);
  }

  // Attempts are counted per operation (order and step), so a fault can hit only first attempts.
  private fault(kind: 'apply' | 'batch', orderId: string, step: string) {
    const key = `${kind}:${orderId}:${step}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    return this.options.fault?.({ kind, orderId, attempt });
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.options.delayMs ?? 0));
      return await work();
    } finally {
      this.inFlight -= 1;
    }
  }
}
