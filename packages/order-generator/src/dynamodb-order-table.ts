import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandOutput,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  type AttributeValue as SdkAttributeValue,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DEFAULT_TABLE_NAME,
  type Order,
  orderKeyToAttributeMap,
  orderToAttributeMap,
} from '@org/order-schema';
import { isAmbiguousFailure, watchAttempts } from './attempt-watch';
import { MAX_BATCH_SIZE, MAX_TRANSACTION_SIZE } from './constants';
import {
  AmbiguousWriteError,
  ConditionFailedError,
  InvalidOptionError,
  NotAppliedError,
  OrderGeneratorError,
  TableNotFoundError,
  ThrottledError,
} from './errors';
import { sameItem } from './same-item';
import type { OrderOperation, OrderWriteTarget } from './types';

const THROTTLING_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
// Cancellation reasons of a transaction that a later attempt can get past.
const RETRYABLE_REASONS = new Set([
  'TransactionConflict',
  'ProvisionedThroughputExceeded',
  'ThrottlingError',
]);

type SdkItem = Record<string, SdkAttributeValue>;

// order-schema speaks the JSON wire form; an order holds no binary (B) values, so it is the SDK's form too.
const itemOf = (order: Order): SdkItem => orderToAttributeMap(order) as SdkItem;

// `version` is written through a placeholder so that the expression never trips over reserved words.
const VERSION_NAMES = { '#version': 'version' };

/** One conditional write in the shape PutItem, DeleteItem and TransactWriteItems share. */
interface ConditionalWrite {
  readonly orderId: string;
  /** What the condition asserts, for the error message when it does not hold. */
  readonly expectation: string;
  readonly put?: {
    TableName: string;
    Item: SdkItem;
    ConditionExpression: string;
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: SdkItem;
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD';
  };
  readonly delete?: {
    TableName: string;
    Key: SdkItem;
    ConditionExpression: string;
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues: SdkItem;
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD';
  };
}

// A failed condition returns the stored item at no extra capacity cost, so an ambiguous earlier attempt
// can be told apart from a conflict without a read:
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html#DDB-PutItem-request-ReturnValuesOnConditionCheckFailure
const ALL_OLD = { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } as const;

/**
 * A failed condition, telling whether the stored item DynamoDB returned with it (`ALL_OLD`: the
 * exception, or a transaction's cancellation reason, carries `Item`, absent when there is no item) is
 * what the write would have left. `returned` undefined: nothing to compare, so it cannot tell.
 */
function conditionFailed(
  write: ConditionalWrite,
  error: unknown,
  returned: { readonly Item?: SdkItem } | undefined,
  afterAmbiguousAttempt: boolean,
): ConditionFailedError {
  const stored = returned?.Item;
  const held =
    returned === undefined
      ? undefined
      : write.put !== undefined
        ? stored !== undefined && sameItem(stored, write.put.Item)
        : stored === undefined;
  return new ConditionFailedError(write.orderId, write.expectation, {
    cause: error,
    intendedStateHeld: held,
    afterAmbiguousAttempt,
  });
}

/**
 * The orders table in DynamoDB as an `OrderWriteTarget`:
 * - `batchInsert`: BatchWriteItem (unconditional; UnprocessedItems are returned to the caller);
 * - insert: PutItem with `attribute_not_exists(orderId)`;
 * - update: PutItem of the whole item with `#version = :expected`;
 * - delete: DeleteItem with `#version = :expected`;
 * - `applyTogether`: the same conditional writes in one TransactWriteItems (opt-in: it costs twice the
 *   write capacity of single writes).
 * ConditionalCheckFailed becomes `ConditionFailedError`, telling (from the ALL_OLD item) whether the
 * table already holds what the write would leave and whether the SDK re-sent the write after an attempt
 * that may have been applied; throttling becomes `ThrottledError`; a 5xx or a connection lost after
 * sending `AmbiguousWriteError`; a missing table `TableNotFoundError`; anything else is rethrown as is.
 */
export class DynamoDBOrderTable implements OrderWriteTarget {
  public constructor(
    private readonly client: DynamoDBClient,
    public readonly tableName: string = DEFAULT_TABLE_NAME,
  ) {
    if (typeof tableName !== 'string' || tableName.length < 3) {
      throw new InvalidOptionError('tableName', tableName, 'a DynamoDB table name of 3 to 255 characters');
    }
  }

  public async batchInsert(orders: readonly Order[]): Promise<readonly Order[]> {
    if (orders.length === 0) return [];
    if (orders.length > MAX_BATCH_SIZE) {
      throw new InvalidOptionError('orders.length', orders.length, `at most ${MAX_BATCH_SIZE} per batch`);
    }
    const command = new BatchWriteItemCommand({
      RequestItems: {
        [this.tableName]: orders.map((order) => ({ PutRequest: { Item: itemOf(order) } })),
      },
    });
    let output: BatchWriteItemCommandOutput;
    try {
      output = await this.client.send(command);
    } catch (error) {
      throw translateError(error, this.tableName);
    }
    const unprocessed = output.UnprocessedItems?.[this.tableName] ?? [];
    if (unprocessed.length === 0) return [];
    const left = new Set(unprocessed.map((request) => request.PutRequest?.Item?.orderId?.S));
    return orders.filter((order) => left.has(order.orderId));
  }

  public async apply(operation: OrderOperation): Promise<void> {
    const write = this.conditionalWrite(operation);
    const command =
      write.put !== undefined ? new PutItemCommand(write.put) : new DeleteItemCommand(write.delete!);
    const attempts = watchAttempts(command);
    try {
      // Two calls because `send` is typed per command.
      if (command instanceof PutItemCommand) await this.client.send(command);
      else await this.client.send(command);
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
        throw conditionFailed(write, error, error as { Item?: SdkItem }, attempts.ambiguous);
      }
      throw translateError(error, this.tableName, write.orderId, write.expectation);
    }
  }

  public async applyTogether(operations: readonly OrderOperation[]): Promise<readonly (Error | undefined)[]> {
    if (operations.length > MAX_TRANSACTION_SIZE) {
      throw new InvalidOptionError(
        'operations.length',
        operations.length,
        `at most ${MAX_TRANSACTION_SIZE} per transaction`,
      );
    }
    const writes = operations.map((operation) => this.conditionalWrite(operation));
    // The SDK sends the same ClientRequestToken on its own retries, so DynamoDB answers a retry of a
    // transaction that had committed with success; a retry by the writer is a new request.
    const command = new TransactWriteItemsCommand({
      TransactItems: writes.map((write) =>
        write.put !== undefined ? { Put: write.put } : { Delete: write.delete! },
      ),
    });
    const attempts = watchAttempts(command);
    try {
      await this.client.send(command);
      return writes.map(() => undefined);
    } catch (error) {
      if (!(error instanceof Error && error.name === 'TransactionCanceledException')) {
        throw translateError(error, this.tableName);
      }
      const reasons = cancellationReasons(error, writes.length);
      return writes.map((write, index) => {
        const reason = reasons[index];
        const code = reason?.Code ?? 'None';
        if (code === 'None') return new NotAppliedError(write.orderId, { cause: error });
        if (code === 'ConditionalCheckFailed') {
          return conditionFailed(write, error, reasons.structured ? reason : undefined, attempts.ambiguous);
        }
        if (RETRYABLE_REASONS.has(code)) return new ThrottledError(`write throttled by DynamoDB (${code})`);
        return new OrderGeneratorError(`transaction cancelled for order ${write.orderId}: ${code}`, {
          cause: error,
        });
      });
    }
  }

  private conditionalWrite(operation: OrderOperation): ConditionalWrite {
    const TableName = this.tableName;
    if (operation.type === 'insert') {
      return {
        orderId: operation.order.orderId,
        expectation: 'the order already exists',
        put: {
          TableName,
          Item: itemOf(operation.order),
          ConditionExpression: 'attribute_not_exists(orderId)',
          ...ALL_OLD,
        },
      };
    }
    const versionCondition = {
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: VERSION_NAMES,
      ExpressionAttributeValues: { ':expected': { N: String(operation.expectedVersion) } },
      ...ALL_OLD,
    };
    const expectation = `the stored version is not ${operation.expectedVersion} (or the order does not exist)`;
    if (operation.type === 'update') {
      return {
        orderId: operation.order.orderId,
        expectation,
        put: { TableName, Item: itemOf(operation.order), ...versionCondition },
      };
    }
    return {
      orderId: operation.orderId,
      expectation,
      delete: { TableName, Key: orderKeyToAttributeMap(operation.orderId) as SdkItem, ...versionCondition },
    };
  }
}

interface CancellationReason {
  readonly Code?: string;
  /** The stored item, with ReturnValuesOnConditionCheckFailure ALL_OLD; absent when there is none. */
  readonly Item?: SdkItem;
}

/**
 * The per-item reasons of a cancelled transaction: from the structured field (with the stored items), or
 * else only the codes from the message, without items (`structured` false).
 */
function cancellationReasons(error: Error, count: number): CancellationReason[] & { structured: boolean } {
  const reasons = (error as { CancellationReasons?: readonly CancellationReason[] }).CancellationReasons;
  if (reasons !== undefined && reasons.length === count)
    return Object.assign([...reasons], { structured: true });
  const listed = /\[([^\]]*)\]/.exec(error.message)?.[1];
  const codes = listed === undefined ? [] : listed.split(',').map((code) => ({ Code: code.trim() }));
  return Object.assign(codes, { structured: false });
}

/** Maps DynamoDB errors onto the writer's error classes. */
export function translateError(
  error: unknown,
  tableName: string,
  orderId?: string,
  condition?: string,
): unknown {
  const name = error instanceof Error ? error.name : undefined;
  if (name === 'ConditionalCheckFailedException' && orderId !== undefined) {
    return new ConditionFailedError(orderId, condition ?? 'condition not met', { cause: error });
  }
  if (name !== undefined && THROTTLING_ERRORS.has(name)) {
    return new ThrottledError(`write throttled by DynamoDB (${name})`, { cause: error });
  }
  if (name === 'ResourceNotFoundException') return new TableNotFoundError(tableName, { cause: error });
  if (isAmbiguousFailure(error)) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new AmbiguousWriteError(detail, { cause: error });
  }
  return error;
}
