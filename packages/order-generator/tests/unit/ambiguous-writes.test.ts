import { type Order, orderToAttributeMap } from '@org/order-schema';
import { describe, expect, it } from 'vitest';
import {
  DynamoDBOrderTable,
  generateOperations,
  type OrderOperation,
  OrderWriter,
  type OrderWriterOptions,
} from '../../src/index';
import { type ScriptStep, scriptedDynamoDB } from '../helpers/scripted-dynamodb';

const operations = [...generateOperations({ orders: 3, seed: 'ambiguous', deleteRate: 0 })];
const first = (type: OrderOperation['type'], orderId = 'ord-000001') =>
  operations.find((o) => o.type === type && (o.type === 'delete' ? o.orderId : o.order.orderId) === orderId)!;
const insert = first('insert') as Extract<OrderOperation, { type: 'insert' }>;
const update = first('update') as Extract<OrderOperation, { type: 'update' }>;
const otherInsert = first('insert', 'ord-000002') as Extract<OrderOperation, { type: 'insert' }>;
const thirdInsert = first('insert', 'ord-000003') as Extract<OrderOperation, { type: 'insert' }>;
const remove: OrderOperation = { type: 'delete', orderId: 'ord-000001', expectedVersion: 2 };

/** The item as DynamoDB returns it: numbers normalised, as DynamoDB Local and the service store them. */
function stored(order: Order): Record<string, unknown> {
  const item = orderToAttributeMap(order) as Record<string, { N?: string }>;
  return { ...item, orderTotal: { N: String(Number(item.orderTotal!.N)) } };
}
const conditionFailed = (item?: Order): ScriptStep => ({
  answer: 400,
  error: 'ConditionalCheckFailedException',
  ...(item === undefined ? {} : { item: stored(item) }),
});

async function write(
  script: readonly ScriptStep[],
  written: readonly OrderOperation[],
  { sdkAttempts = 3, ...options }: OrderWriterOptions & { sdkAttempts?: number } = {},
) {
  const { client, requests } = scriptedDynamoDB(script, sdkAttempts);
  const writer = new OrderWriter(new DynamoDBOrderTable(client, 'orders'), {
    sleep: async () => undefined,
    ...options,
  });
  const summary = await writer.write(written);
  expect(requests).toHaveLength(script.length);
  return { summary, requests };
}

describe('a write that may have been applied, then fails its condition, is resolved from the stored item', () => {
  it.each([
    [
      'an insert',
      'the SDK retried after a connection reset',
      insert,
      [{ lost: 'reset' }, conditionFailed(insert.order)],
    ],
    ['an update', 'the SDK retried after a 500', update, [{ answer: 500 }, conditionFailed(update.order)]],
    [
      'a delete',
      'the SDK retried after a timeout (no item left)',
      remove,
      [{ lost: 'timeout' }, conditionFailed()],
    ],
  ] as const)('%s: %s', async (_kind, _how, operation, script) => {
    const { summary, requests } = await write(script, [operation]);
    expect(summary).toMatchObject({ operations: 1, failed: 0, ambiguousResolved: 1 });
    expect(summary.inserts + summary.updates + summary.deletes).toBe(1);
    expect(requests[1]?.input.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
  });

  it('an insert whose every SDK attempt was lost, resolved by the writer’s own retry', async () => {
    const { summary } = await write([{ lost: 'reset' }, conditionFailed(insert.order)], [insert], {
      sdkAttempts: 1,
    });
    expect(summary).toMatchObject({ inserts: 1, failed: 0, ambiguousResolved: 1, retries: 1 });
  });

  it('an update retried by the writer after a 500, as part of a lifecycle', async () => {
    const { summary } = await write(
      [{ answer: 200 }, { answer: 500 }, conditionFailed(update.order)],
      [insert, update],
      { sdkAttempts: 1 },
    );
    expect(summary).toMatchObject({ inserts: 1, updates: 1, failed: 0, ambiguousResolved: 1 });
  });

  // With concurrency 1 the first insert goes out alone; the next two wait for it and go together.
  const threeInserts = [insert, otherInsert, thirdInsert];
  const together = { concurrency: 1, transactionSize: 2 };

  it('a transaction the writer re-sent after its answer was lost: each write’s stored item is its own', async () => {
    const reasons = [otherInsert, thirdInsert].map(({ order }) => ({
      Code: 'ConditionalCheckFailed',
      Message: 'The conditional request failed',
      Item: stored(order),
    }));
    const { summary, requests } = await write(
      [{ answer: 200 }, { lost: 'reset' }, { answer: 400, error: 'TransactionCanceledException', reasons }],
      threeInserts,
      { sdkAttempts: 1, ...together },
    );
    expect(requests.map((request) => request.operation)).toEqual([
      'PutItem',
      'TransactWriteItems',
      'TransactWriteItems',
    ]);
    expect(summary).toMatchObject({ inserts: 3, failed: 0, ambiguousResolved: 2 });
  });

  it('a transaction the SDK re-sent is idempotent: the same ClientRequestToken, and DynamoDB answers success', async () => {
    const { summary, requests } = await write(
      [{ answer: 200 }, { answer: 500 }, { answer: 200 }],
      threeInserts,
      together,
    );
    expect(requests[1]?.input.ClientRequestToken).toBeDefined();
    expect(requests[2]?.input.ClientRequestToken).toBe(requests[1]?.input.ClientRequestToken);
    expect(summary).toMatchObject({ inserts: 3, failed: 0, ambiguousResolved: 0 });
  });

  it('a batch re-sent by the SDK after its answer was lost is simply written again', async () => {
    const { summary } = await write(
      [{ lost: 'reset' }, { answer: 200, body: { UnprocessedItems: {} } }],
      [insert, otherInsert],
      { insertMode: 'batch' },
    );
    expect(summary).toMatchObject({ inserts: 2, failed: 0, ambiguousResolved: 0 });
  });
});

describe('a failed condition that is no earlier attempt of the write stays a failure', () => {
  it.each([
    [
      'an update after a reset, but the stored item at that version holds other content (a conflict)',
      update,
      [{ lost: 'reset' }, conditionFailed({ ...update.order, status: 'CANCELLED' })],
    ],
    [
      'an insert whose stored item equals it, with no ambiguous attempt (the same operations applied twice)',
      insert,
      [conditionFailed(insert.order)],
    ],
    [
      'an insert whose stored item equals it after a throttle (a throttled attempt is never applied)',
      insert,
      [{ answer: 400, error: 'ProvisionedThroughputExceededException' }, conditionFailed(insert.order)],
    ],
    [
      'a delete after a 500, but the item is still there',
      remove,
      [{ answer: 500 }, conditionFailed(update.order)],
    ],
  ] as const)('%s', async (_case, operation, script) => {
    const { summary } = await write(script, [operation]);
    expect(summary).toMatchObject({ operations: 1, failed: 1, ambiguousResolved: 0 });
    expect(summary.failures[0]).toMatchObject({ errorName: 'ConditionFailedError' });
  });

  it('a write whose every attempt was ambiguous is reported failed, naming that it may have been applied', async () => {
    const { summary } = await write([{ answer: 500 }, { lost: 'reset' }], [insert], {
      sdkAttempts: 1,
      maxAttempts: 2,
    });
    expect(summary).toMatchObject({ failed: 1, ambiguousResolved: 0 });
    expect(summary.failures[0]).toMatchObject({ errorName: 'RetriesExhaustedError', attempts: 2 });
    expect(summary.failures[0]?.reason).toMatch(
      /^gave up after 2 attempts: outcome unknown, the write may have been applied: /,
    );
  });

  it('says so too when the last attempt was throttled but an earlier one may have been applied', async () => {
    const { summary } = await write(
      [{ answer: 500 }, { answer: 400, error: 'ProvisionedThroughputExceededException' }],
      [insert],
      { sdkAttempts: 1, maxAttempts: 2 },
    );
    expect(summary.failures[0]?.reason).toBe(
      'gave up after 2 attempts: write throttled by DynamoDB (ProvisionedThroughputExceededException); an earlier attempt may have been applied',
    );
  });
});
