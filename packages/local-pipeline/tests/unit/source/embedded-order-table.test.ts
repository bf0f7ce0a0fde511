import { ConditionFailedError } from '@org/order-generator';
import { DynamoDBStreamChangeRecordSchema } from '@org/order-schema';
import { exampleOrder } from '@org/order-schema/testing';
import { describe, expect, it } from 'vitest';
import { recordingTable } from '../../helpers/factories';

describe('EmbeddedOrderTable', () => {
  it('inserts conditionally and refuses a second insert of the same key', async () => {
    const { table, changes } = recordingTable();
    await table.apply({ type: 'insert', order: exampleOrder() });
    await expect(table.apply({ type: 'insert', order: exampleOrder() })).rejects.toThrow(
      ConditionFailedError,
    );
    await expect(table.apply({ type: 'insert', order: exampleOrder() })).rejects.toThrow(
      'condition failed for order ord-000001: attribute_not_exists(orderId) is false',
    );
    expect(changes).toHaveLength(1);
    expect(table.size).toBe(1);
  });

  it('updates and deletes only at the expected version', async () => {
    const { table, changes } = recordingTable();
    await table.apply({ type: 'insert', order: exampleOrder() });
    const paid = exampleOrder({ status: 'PAID', version: 2, updatedAt: '2026-11-25T10:20:00.000Z' });
    await expect(table.apply({ type: 'update', order: paid, expectedVersion: 2 })).rejects.toThrow(
      'condition failed for order ord-000001: version = 2 is false (stored version 1)',
    );
    await table.apply({ type: 'update', order: paid, expectedVersion: 1 });
    await expect(table.apply({ type: 'delete', orderId: 'ord-000001', expectedVersion: 1 })).rejects.toThrow(
      ConditionFailedError,
    );
    await expect(table.apply({ type: 'update', order: paid, expectedVersion: 1 })).rejects.toThrow(
      ConditionFailedError,
    );
    await table.apply({ type: 'delete', orderId: 'ord-000001', expectedVersion: 2 });
    await expect(table.apply({ type: 'delete', orderId: 'ord-000001', expectedVersion: 2 })).rejects.toThrow(
      '(stored version none)',
    );
    expect(changes.map((c) => c.record.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    expect(table.size).toBe(0);
  });

  it('leaves no change for writes before its stream is on, and every item for a scan', async () => {
    const { table, changes } = recordingTable(false);
    await table.apply({ type: 'insert', order: exampleOrder() });
    await table.apply({ type: 'insert', order: exampleOrder({ orderId: 'ord-000002' }) });
    expect(changes).toHaveLength(0);
    table.enableStream();
    const paid = exampleOrder({ status: 'PAID', version: 2, updatedAt: '2026-11-25T10:20:00.000Z' });
    await table.apply({ type: 'update', order: paid, expectedVersion: 1 });
    expect(changes.map((c) => [c.record.eventName, c.orderId])).toEqual([['MODIFY', 'ord-000001']]);
    expect(changes[0]?.record.dynamodb.OldImage?.['status']).toEqual({ S: 'PLACED' });
    const scanned = [...table.scanItems()];
    expect(scanned.map((item) => item['orderId'])).toEqual([{ S: 'ord-000001' }, { S: 'ord-000002' }]);
    expect(scanned[0]).toEqual(table.getItem('ord-000001'));
  });

  it('stores numbers as DynamoDB does and gives the order back in plain form', async () => {
    const { table } = recordingTable();
    await table.apply({ type: 'insert', order: exampleOrder() });
    expect(table.getItem('ord-000001')?.['orderTotal']).toEqual({ N: '259.85' });
    const items = table.getItem('ord-000001')?.['items'];
    expect(items).toEqual({
      L: [
        expect.objectContaining({ M: expect.objectContaining({ unitPrice: { N: '129.9' } }) }),
        expect.objectContaining({ M: expect.objectContaining({ unitPrice: { N: '0.05' } }) }),
      ],
    });
    expect(table.get('ord-000001')).toEqual(exampleOrder());
    expect(table.keys()).toEqual(['ord-000001']);
  });

  it('emits DynamoDB Streams records with NEW_AND_OLD_IMAGES, increasing sequence numbers and seconds', async () => {
    const { table, changes } = recordingTable();
    await table.apply({ type: 'insert', order: exampleOrder() });
    await table.apply({
      type: 'update',
      order: exampleOrder({ status: 'PAID', version: 2, updatedAt: '2026-11-25T10:20:00.999Z' }),
      expectedVersion: 1,
    });
    await table.apply({ type: 'delete', orderId: 'ord-000001', expectedVersion: 2 });
    const [insert, modify, remove] = changes.map((c) => DynamoDBStreamChangeRecordSchema.parse(c.record));
    expect(insert!.dynamodb.NewImage?.['orderTotal']).toEqual({ N: '259.85' });
    expect(insert!.dynamodb.OldImage).toBeUndefined();
    expect(insert!.dynamodb.ApproximateCreationDateTime).toBe(
      Math.floor(Date.parse('2026-11-25T10:15:30.123Z') / 1000),
    );
    expect(modify!.dynamodb.OldImage?.['status']).toEqual({ S: 'PLACED' });
    expect(modify!.dynamodb.NewImage?.['status']).toEqual({ S: 'PAID' });
    expect(remove!.dynamodb.NewImage).toBeUndefined();
    expect(remove!.dynamodb.Keys).toEqual({ orderId: { S: 'ord-000001' } });
    expect(changes[1]!.writtenAtMs).toBe(Date.parse('2026-11-25T10:20:00.999Z'));
    const sequences = changes.map((c) => BigInt(c.record.dynamodb.SequenceNumber));
    expect(sequences[1]! > sequences[0]! && sequences[2]! > sequences[1]!).toBe(true);
    for (const change of changes) {
      expect(change.record).toMatchObject({
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'eu-west-1',
        eventSourceARN:
          'arn:aws:dynamodb:eu-west-1:000000000000:table/OrdersRawTable/stream/2026-11-25T10:00:00.000',
      });
      expect(change.record.dynamodb.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
      expect(change.record.dynamodb.SizeBytes).toBeGreaterThan(0);
    }
  });

  it('writes no stream record for a put that changes nothing, and a MODIFY for one that does', async () => {
    const { table, changes } = recordingTable();
    expect(await table.batchInsert([exampleOrder(), exampleOrder({ orderId: 'ord-000002' })])).toEqual([]);
    await table.batchInsert([exampleOrder()]);
    await table.batchInsert([exampleOrder({ status: 'PAID' })]);
    expect(changes.map((c) => c.record.eventName)).toEqual(['INSERT', 'INSERT', 'MODIFY']);
  });

  it('refuses an empty key, naming it', async () => {
    const { table } = recordingTable();
    await expect(table.apply({ type: 'insert', order: exampleOrder({ orderId: '' }) })).rejects.toThrow(
      'orderId: the key must not be empty',
    );
  });
});
