import {
  type AttributeValue,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  InternalServerError,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  ResourceNotFoundException,
  ThrottlingException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { orderToAttributeMap } from '@org/order-schema';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AmbiguousWriteError,
  ConditionFailedError,
  DynamoDBOrderTable,
  finalOrderState,
  generateOperations,
  NotAppliedError,
  OrderWriter,
  SeededRandom,
  TableNotFoundError,
  ThrottledError,
} from '../../src/index';

type Item = Record<string, AttributeValue>;
const client = new DynamoDBClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const mock = mockClient(client);
const metadata = { $metadata: {} };

afterEach(() => {
  mock.reset();
});

/**
 * A fake DynamoDB behind the mocked client: it checks the writer's conditions like the service does,
 * throttles about a fifth of the requests and leaves about a third of batch items unprocessed.
 */
function throttlingTable(seed: string) {
  const items = new Map<string, Item>();
  const random = new SeededRandom(seed);
  const calls = { throttled: 0, unprocessed: 0 };
  // No write is refused more than three times in a row, so the writer's eight attempts always suffice.
  const strikes = new Map<string, number>();
  const keyOf = (item: Item) => `${item.orderId?.S}@${item.version?.N ?? 'delete'}`;
  const strike = (keys: readonly string[]) => {
    if (keys.some((key) => (strikes.get(key) ?? 0) >= 3)) return false;
    for (const key of keys) strikes.set(key, (strikes.get(key) ?? 0) + 1);
    return true;
  };
  const throttle = (...items: Item[]) => {
    if (!random.chance(0.2) || !strike(items.map(keyOf))) return;
    calls.throttled += 1;
    throw new ProvisionedThroughputExceededException({ message: 'Rate exceeded', ...metadata });
  };
  const checkVersion = (stored: Item | undefined, values: Item | undefined) => {
    if (stored?.version?.N !== values?.[':expected']?.N) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', ...metadata });
    }
  };
  mock.on(BatchWriteItemCommand).callsFake((input) => {
    const requests = input.RequestItems.orders;
    throttle(...requests.map((request: { PutRequest: { Item: Item } }) => request.PutRequest.Item));
    const left = requests.filter(
      (request: { PutRequest: { Item: Item } }) =>
        random.chance(0.33) && strike([keyOf(request.PutRequest.Item)]),
    );
    for (const request of requests) {
      if (!left.includes(request)) items.set(request.PutRequest.Item.orderId.S, request.PutRequest.Item);
    }
    calls.unprocessed += left.length;
    return { UnprocessedItems: left.length > 0 ? { orders: left } : {} };
  });
  mock.on(PutItemCommand).callsFake((input) => {
    throttle(input.Item);
    const orderId = input.Item.orderId.S;
    if (input.ConditionExpression === 'attribute_not_exists(orderId)') {
      if (items.has(orderId)) throw new ConditionalCheckFailedException({ message: 'exists', ...metadata });
    } else {
      expect(input.ConditionExpression).toBe('#version = :expected');
      checkVersion(items.get(orderId), input.ExpressionAttributeValues);
    }
    items.set(orderId, input.Item);
    return {};
  });
  mock.on(DeleteItemCommand).callsFake((input) => {
    throttle(input.Key);
    checkVersion(items.get(input.Key.orderId.S), input.ExpressionAttributeValues);
    items.delete(input.Key.orderId.S);
    return {};
  });
  return { items, calls };
}

describe('DynamoDBOrderTable with OrderWriter under forced throttling (mocked client)', () => {
  it.each(['conditional', 'batch'] as const)('loses nothing with %s inserts', async (insertMode) => {
    const operations = [...generateOperations({ orders: 300, seed: `mock-${insertMode}`, deleteRate: 0.1 })];
    const fake = throttlingTable(`faults-${insertMode}`);
    const summary = await new OrderWriter(new DynamoDBOrderTable(client, 'orders'), {
      insertMode,
      concurrency: 8,
      sleep: async () => {},
    }).write(operations);

    expect(summary.failures.slice(0, 3).map((f) => `${f.errorName}: ${f.reason}`)).toEqual([]);
    expect(summary.operations).toBe(operations.length);
    expect(fake.calls.throttled).toBeGreaterThan(10);
    expect(summary.throttles).toBeGreaterThanOrEqual(fake.calls.throttled);
    expect(summary.retries).toBeGreaterThanOrEqual(fake.calls.throttled);
    if (insertMode === 'batch') expect(fake.calls.unprocessed).toBeGreaterThan(10);
    const expected = new Map(
      [...finalOrderState(operations)].map(([id, order]) => [id, orderToAttributeMap(order)]),
    );
    expect(new Map([...fake.items].sort())).toEqual(new Map([...expected].sort()));
  });
});

describe('DynamoDBOrderTable', () => {
  const [insert, update] = [...generateOperations({ orders: 1, seed: 'table', deleteRate: 0 })];
  const table = new DynamoDBOrderTable(client, 'orders');

  it('writes an insert as PutItem conditional on the key not existing, asking for the stored item if it fails', async () => {
    mock.on(PutItemCommand).resolves({});
    await table.apply(insert!);
    expect(mock.commandCalls(PutItemCommand)[0]?.args[0].input).toEqual({
      TableName: 'orders',
      Item: orderToAttributeMap(insert!.type === 'insert' ? insert!.order : never()),
      ConditionExpression: 'attribute_not_exists(orderId)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('writes an update as PutItem conditional on the previous version', async () => {
    mock.on(PutItemCommand).resolves({});
    await table.apply(update!);
    expect(mock.commandCalls(PutItemCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': { N: '1' } },
    });
  });

  it('writes a delete as DeleteItem conditional on the version, asking for the stored item if it fails', async () => {
    mock.on(DeleteItemCommand).resolves({});
    await table.apply({ type: 'delete', orderId: 'ord-000001', expectedVersion: 4 });
    expect(mock.commandCalls(DeleteItemCommand)[0]?.args[0].input).toEqual({
      TableName: 'orders',
      Key: { orderId: { S: 'ord-000001' } },
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': { N: '4' } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it.each([
    [
      new ConditionalCheckFailedException({ message: 'failed', ...metadata }),
      ConditionFailedError,
      'condition failed for order ord-000001: the order already exists',
    ],
    [
      new ThrottlingException({ message: 'slow down', ...metadata }),
      ThrottledError,
      'write throttled by DynamoDB (ThrottlingException)',
    ],
    [
      new ProvisionedThroughputExceededException({ message: 'too fast', ...metadata }),
      ThrottledError,
      'write throttled by DynamoDB (ProvisionedThroughputExceededException)',
    ],
    [
      new ResourceNotFoundException({ message: 'no table', ...metadata }),
      TableNotFoundError,
      'table orders does not exist',
    ],
    [
      new InternalServerError({ message: 'Internal server error', $metadata: { httpStatusCode: 500 } }),
      AmbiguousWriteError,
      'outcome unknown, the write may have been applied: InternalServerError: Internal server error',
    ],
    [
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      AmbiguousWriteError,
      'outcome unknown, the write may have been applied: Error: socket hang up',
    ],
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }),
      Error,
      'connect ECONNREFUSED 127.0.0.1:8000',
    ],
  ])('maps %o onto the writer’s errors', async (error, errorClass, message) => {
    mock.on(PutItemCommand).rejects(error);
    await expect(table.apply(insert!)).rejects.toThrow(errorClass);
    await expect(table.apply(insert!)).rejects.toThrow(message);
  });

  it('returns the orders a batch left unprocessed', async () => {
    const orders = [...generateOperations({ orders: 3, seed: 'batch', deleteRate: 0 })].flatMap((o) =>
      o.type === 'insert' ? [o.order] : [],
    );
    mock.on(BatchWriteItemCommand).resolves({
      UnprocessedItems: { orders: [{ PutRequest: { Item: orderToAttributeMap(orders[1]!) as Item } }] },
    });
    expect(await table.batchInsert(orders)).toEqual([orders[1]]);
    expect(await table.batchInsert([])).toEqual([]);
    await expect(table.batchInsert(Array.from({ length: 26 }, () => orders[0]!))).rejects.toThrow(
      'invalid orders.length: expected at most 25 per batch, got 26',
    );
  });
});

describe('DynamoDBOrderTable.applyTogether', () => {
  const table = new DynamoDBOrderTable(client, 'orders');
  const operations = [...generateOperations({ orders: 3, seed: 'together', deleteRate: 0 })].filter(
    (operation) => operation.type === 'insert',
  );

  it('sends one TransactWriteItems with the same conditions as single writes', async () => {
    mock.on(TransactWriteItemsCommand).resolves({});
    const results = await table.applyTogether([
      ...operations,
      { type: 'delete', orderId: 'ord-000009', expectedVersion: 3 },
    ]);
    expect(results).toEqual([undefined, undefined, undefined, undefined]);
    const items = mock.commandCalls(TransactWriteItemsCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((item) => item.Put?.ConditionExpression ?? item.Delete?.ConditionExpression)).toEqual([
      'attribute_not_exists(orderId)',
      'attribute_not_exists(orderId)',
      'attribute_not_exists(orderId)',
      '#version = :expected',
    ]);
    expect(items[3]?.Delete?.ExpressionAttributeValues).toEqual({ ':expected': { N: '3' } });
  });

  it('maps the cancellation reasons per write', async () => {
    mock.on(TransactWriteItemsCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        CancellationReasons: [
          { Code: 'None' },
          { Code: 'ConditionalCheckFailed' },
          { Code: 'ThrottlingError' },
        ],
        ...metadata,
      }),
    );
    const [first, second, third] = await table.applyTogether(operations);
    expect(first).toBeInstanceOf(NotAppliedError);
    expect(second).toBeInstanceOf(ConditionFailedError);
    expect(second?.message).toBe('condition failed for order ord-000002: the order already exists');
    expect(third).toBeInstanceOf(ThrottledError);
  });

  it('reads the reasons from the message when the structured field is missing', async () => {
    mock.on(TransactWriteItemsCommand).rejects(
      new TransactionCanceledException({
        message:
          'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None, None]',
        ...metadata,
      }),
    );
    const results = await table.applyTogether(operations);
    expect(results.map((result) => result?.name)).toEqual([
      'ConditionFailedError',
      'NotAppliedError',
      'NotAppliedError',
    ]);
  });

  it('throws ThrottledError when the whole request is throttled', async () => {
    mock.on(TransactWriteItemsCommand).rejects(new ThrottlingException({ message: 'slow', ...metadata }));
    await expect(table.applyTogether(operations)).rejects.toThrow(ThrottledError);
  });
});

function never(): never {
  throw new Error('unexpected operation type');
}
