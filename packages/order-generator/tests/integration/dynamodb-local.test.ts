import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrdersTable,
  DynamoDBOrderTable,
  describeOrdersTable,
  finalOrderState,
  generateOperations,
  type OrderOperation,
  OrderWriter,
  TableNotFoundError,
} from '../../src/index';
import { type DynamoDBLocal, startDynamoDBLocal } from '../helpers/dynamodb-local';
import { scanOrders as scanTable } from '../helpers/scan-orders';
import { countStreamEvents } from '../helpers/stream-records';

let local: DynamoDBLocal;

beforeAll(async () => {
  local = await startDynamoDBLocal();
});

afterAll(async () => {
  await local?.stop();
});

const scanOrders = (tableName: string) => scanTable(local.connection.client, tableName);

const countsOf = (operations: readonly OrderOperation[]) => ({
  INSERT: operations.filter((o) => o.type === 'insert').length,
  MODIFY: operations.filter((o) => o.type === 'update').length,
  REMOVE: operations.filter((o) => o.type === 'delete').length,
});

describe.each([
  ['conditional', 1],
  ['batch', 1],
  ['batch', 50],
] as const)('writing to DynamoDB Local (%s inserts, transactionSize %i)', (insertMode, transactionSize) => {
  const tableName = `orders-${insertMode}-${transactionSize}`;
  const operations = [
    ...generateOperations({
      orders: 120,
      seed: `local-${insertMode}-${transactionSize}`,
      deleteRate: 0.1,
      couponShare: 0.5,
    }),
  ];

  it('leaves exactly the final state the operations imply (coupons too), and the stream holds one record per write', async () => {
    const table = await createOrdersTable(local.connection.client, tableName, { pollIntervalMs: 100 });
    expect(table.created).toBe(true);
    expect(table.streamArn).toBeDefined();
    const summary = await new OrderWriter(new DynamoDBOrderTable(local.connection.client, tableName), {
      insertMode,
      transactionSize,
      concurrency: 8,
    }).write(operations);
    expect(summary.failures).toEqual([]);
    expect(summary.operations).toBe(operations.length);

    const stored = await scanOrders(tableName);
    const expected = finalOrderState(operations);
    expect(stored.size).toBe(expected.size);
    expect(new Map([...stored].sort())).toEqual(new Map([...expected].sort()));
    // Orders placed with a coupon read back with their v2 attributes, money exact.
    expect([...stored.values()].filter((order) => order.discountTotal !== undefined).length).toBeGreaterThan(
      10,
    );

    const events = await countStreamEvents(local.endpoint, table.streamArn!);
    expect(events).toEqual(countsOf(operations));
  }, 120_000);
});

describe('conditions against DynamoDB Local', () => {
  it('refuses to apply the same operations twice: every one is reported failed, none silently dropped', async () => {
    const tableName = 'orders-replayed';
    const operations = [...generateOperations({ orders: 40, seed: 'replay', deleteRate: 0 })];
    await createOrdersTable(local.connection.client, tableName, { pollIntervalMs: 100 });
    const target = new DynamoDBOrderTable(local.connection.client, tableName);
    const first = await new OrderWriter(target).write(operations);
    expect(first.failed).toBe(0);
    const before = await scanOrders(tableName);

    const second = await new OrderWriter(target).write(operations);
    expect(second.failed).toBe(operations.length);
    expect(second.inserts + second.updates + second.deletes).toBe(0);
    const inserts = second.failures.filter((failure) => failure.type === 'insert');
    expect(inserts).toHaveLength(40);
    for (const failure of inserts) {
      expect(failure.errorName).toBe('ConditionFailedError');
      expect(failure.reason).toBe(`condition failed for order ${failure.orderId}: the order already exists`);
    }
    expect(await scanOrders(tableName)).toEqual(before);
  }, 120_000);

  it('fails an update whose expected version is not the stored one', async () => {
    const tableName = 'orders-stale';
    const [insert, ...rest] = [...generateOperations({ orders: 1, seed: 'stale', deleteRate: 0 })];
    const update = rest.find((o) => o.type === 'update');
    if (insert?.type !== 'insert' || update?.type !== 'update')
      throw new Error('expected an insert and an update');
    await createOrdersTable(local.connection.client, tableName, { pollIntervalMs: 100 });
    const target = new DynamoDBOrderTable(local.connection.client, tableName);
    await target.apply(insert);
    await expect(target.apply({ ...update, expectedVersion: 5 })).rejects.toThrow(
      'condition failed for order ord-000001: the stored version is not 5 (or the order does not exist)',
    );
    await expect(target.apply({ type: 'delete', orderId: 'ord-000001', expectedVersion: 2 })).rejects.toThrow(
      /ConditionFailed|condition failed/,
    );
    await target.apply(update);
    expect((await scanOrders(tableName)).get('ord-000001')?.status).toBe(update.order.status);
  });

  it('describes an existing table and reports a missing one', async () => {
    const again = await createOrdersTable(local.connection.client, 'orders-conditional-1', {
      pollIntervalMs: 100,
    });
    expect(again.created).toBe(false);
    const description = await describeOrdersTable(local.connection, 'orders-conditional-1');
    expect(description.KeySchema).toEqual([{ AttributeName: 'orderId', KeyType: 'HASH' }]);
    expect(description.StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
    await expect(describeOrdersTable(local.connection, 'no-such-table')).rejects.toThrow(TableNotFoundError);
    await expect(describeOrdersTable(local.connection, 'no-such-table')).rejects.toThrow(
      'table no-such-table does not exist',
    );
  });
});
