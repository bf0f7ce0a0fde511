import type { Order } from '@org/order-schema';

/**
 * One write the generator asks for. Operations of one order must be applied in the order given.
 * - insert: conditional on the key not existing (version 1).
 * - update: replaces the whole item, conditional on the stored `version` being `expectedVersion`
 *   (the new item carries `expectedVersion + 1`).
 * - delete: removes the item, conditional on the stored `version` being `expectedVersion`.
 */
export type OrderOperation =
  | { readonly type: 'insert'; readonly order: Order }
  | { readonly type: 'update'; readonly order: Order; readonly expectedVersion: number }
  | { readonly type: 'delete'; readonly orderId: string; readonly expectedVersion: number };

export type OrderOperationType = OrderOperation['type'];

/**
 * Where the writer applies operations: DynamoDB (`DynamoDBOrderTable`) or any table that behaves
 * like it, such as the local pipeline's embedded table.
 *
 * Implementations throw `ConditionFailedError` when a condition does not hold and `ThrottledError`
 * when the write may be retried later; any other error is a failure of that operation.
 */
export interface OrderWriteTarget {
  /** Writes new orders in bulk, unconditionally (BatchWriteItem, at most 25); resolves to those left unprocessed. */
  batchInsert(orders: readonly Order[]): Promise<readonly Order[]>;
  /** Applies one conditional operation. */
  apply(operation: OrderOperation): Promise<void>;
  /**
   * Optional: applies conditional operations of distinct orders in one all-or-nothing request
   * (TransactWriteItems, at most 100). Resolves to one entry per operation: `undefined` when it was
   * applied, else its error — `ConditionFailedError`, `ThrottledError`, or `NotAppliedError` when only
   * another operation's failure cancelled it. The writer uses it when its `transactionSize` is > 1.
   */
  applyTogether?(operations: readonly OrderOperation[]): Promise<readonly (Error | undefined)[]>;
}
