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
import { MAX_BATCH_SIZE, MAX_TRANSACTION_SIZE } from './constants';
import {
  ConditionFailedError,
  InvalidOptionError,
  NotAppliedError,
  OrderGeneratorError,
  TableNotFoundError,
  ThrottledError,
} from './errors';
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
  };
  readonly delete?: {
    TableName: string;
    Key: SdkItem;
    ConditionExpression: string;
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues: SdkItem;
  };
}

/**
 * The orders table in DynamoDB as an `OrderWriteTarget`:
 * - `batchInsert`: BatchWriteItem (unconditional; UnprocessedItems are returned to the caller);
 * - insert: PutItem with `attribute_not_exists(orderId)`;
 * - update: PutItem of the whole item with `#version = :expected`;
 * - delete: DeleteItem with `#version = :expected`;
 * - `applyTogether`: the same conditional writes in one TransactWriteItems (opt-in: it costs twice the
 *   write capacity of single writes).
 * ConditionalCheckFailed becomes `ConditionFailedError`, throttling becomes `ThrottledError`,
 * a missing table `TableNotFoundError`; anything else is rethrown as is.
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
    try {
      if (write.put !== undefined) await this.client.send(new PutItemCommand(write.put));
      else await this.client.send(new DeleteItemCommand(write.delete!));
    } catch (error) {
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
    try {
      await this.client.send(
        new TransactWriteItemsCommand({
          TransactItems: writes.map((write) =>
            write.put !== undefined ? { Put: write.put } : { Delete: write.delete! },
          ),
        }),
      );
      return writes.map(() => undefined);
    } catch (error) {
      if (!(error instanceof Error && error.name === 'TransactionCanceledException')) {
        throw translateError(error, this.tableName);
      }
      const codes = cancellationCodes(error, writes.length);
      return writes.map((write, index) => {
        const code = codes[index] ?? 'None';
        if (code === 'None') return new NotAppliedError(write.orderId, { cause: error });
        if (code === 'ConditionalCheckFailed') {
          return new ConditionFailedError(write.orderId, write.expectation, { cause: error });
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
        },
      };
    }
    const versionCondition = {
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: VERSION_NAMES,
      ExpressionAttributeValues: { ':expected': { N: String(operation.expectedVersion) } },
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

/** The per-item reasons of a cancelled transaction, from the structured field or else from the message. */
function cancellationCodes(error: Error, count: number): readonly string[] {
  const reasons = (error as { CancellationReasons?: readonly { Code?: string }[] }).CancellationReasons;
  if (reasons !== undefined && reasons.length === count)
    return reasons.map((reason) => reason.Code ?? 'None');
  const listed = /\[([^\]]*)\]/.exec(error.message)?.[1];
  return listed === undefined ? [] : listed.split(',').map((code) => code.trim());
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
  return error;
}
