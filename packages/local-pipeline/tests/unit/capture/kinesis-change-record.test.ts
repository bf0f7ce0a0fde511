import { KinesisDynamoDBChangeRecordSchema } from '@org/order-schema';
import { exampleOrder } from '@org/order-schema/testing';
import { describe, expect, it } from 'vitest';
import { toKinesisChangeRecord } from '../../../src/capture/kinesis-change-record';
import type { TableChange } from '../../../src/source/table-change';
import { recordingTable } from '../../helpers/factories';

const EVENT_ID = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d37b5';

async function aModify(): Promise<TableChange> {
  const { table, changes } = recordingTable();
  await table.apply({ type: 'insert', order: exampleOrder() });
  const paid = exampleOrder({ status: 'PAID', version: 2, updatedAt: '2026-11-25T10:20:00.456Z' });
  await table.apply({ type: 'update', order: paid, expectedVersion: 1 });
  return changes[1]!;
}

describe('the Kinesis Data Streams for DynamoDB record of a change', () => {
  it.each([
    ['ms', 1_795_602_000_456, 'MILLISECOND'],
    ['us', 1_795_602_000_456_000 + (0x7b5 % 1000), 'MICROSECOND'],
    ['absent', 1_795_602_000_456, undefined],
  ] as const)('with precision %s gives its time as %d, the field %s', async (precision, time, field) => {
    const change = await aModify();
    const record = toKinesisChangeRecord(change, 'OrdersRawTable', EVENT_ID, precision);
    expect(record.dynamodb.ApproximateCreationDateTime).toBe(time);
    expect(record.dynamodb.ApproximateCreationDateTimePrecision).toBe(field);
    expect(KinesisDynamoDBChangeRecordSchema.parse(record).eventID).toBe(EVENT_ID);
    // Keys in the order real records have them: the precision field, where there is one, last.
    expect(Object.keys(record)).toEqual([
      'awsRegion',
      'eventID',
      'eventName',
      'userIdentity',
      'recordFormat',
      'tableName',
      'dynamodb',
      'eventSource',
    ]);
    expect(Object.keys(record.dynamodb)).toEqual([
      'ApproximateCreationDateTime',
      'Keys',
      'NewImage',
      'OldImage',
      'SizeBytes',
      ...(field ? ['ApproximateCreationDateTimePrecision'] : []),
    ]);
  });

  it("carries a TTL delete's userIdentity over from the stream record", async () => {
    const { table, changes } = recordingTable();
    await table.apply({ type: 'insert', order: exampleOrder() });
    await table.apply({ type: 'delete', orderId: 'ord-000001', expectedVersion: 1 });
    const removed = changes[1]!;
    const ttlDelete: TableChange = {
      orderId: removed.orderId,
      writtenAtMs: removed.writtenAtMs,
      record: {
        ...removed.record,
        userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
      },
    };
    const record = toKinesisChangeRecord(ttlDelete, 'OrdersRawTable', EVENT_ID);
    expect(record.userIdentity).toEqual({ type: 'Service', principalId: 'dynamodb.amazonaws.com' });
    expect(toKinesisChangeRecord(removed, 'OrdersRawTable', EVENT_ID).userIdentity).toBeNull();
  });
});
