import { describe, expect, it } from 'vitest';
import * as main from '../../src/index';
import {
  CHANGE_TYPE,
  ChangeRecordSchema,
  DynamoDBStreamChangeRecordSchema,
  KinesisDynamoDBChangeRecordSchema,
  LakeRowSchema,
  OrderSchemaError,
  orderKeyToAttributeMap,
  parseChangeRecord,
  parseWith,
  SNAPSHOT_EVENT_SOURCE,
  type SnapshotChangeRecord,
  SnapshotChangeRecordSchema,
} from '../../src/index';
import * as sql from '../../src/sql/index';
import * as testing from '../../src/testing/index';
import {
  changeImages,
  exampleKinesisRecord,
  exampleLakeRow,
  exampleOrder,
  exampleStreamRecord,
  storedImage,
  storedNumberText,
} from '../../src/testing/index';

describe('change record builders', () => {
  it.each(['INSERT', 'MODIFY', 'REMOVE'] as const)(
    'build valid %s records in both wire formats',
    (eventName) => {
      const stream = exampleStreamRecord({ eventName });
      const kinesis = exampleKinesisRecord({ eventName, precision: null });
      expect(DynamoDBStreamChangeRecordSchema.parse(stream)).toEqual(stream);
      expect(KinesisDynamoDBChangeRecordSchema.parse(kinesis)).toEqual(kinesis);
      expect(kinesis.dynamodb).not.toHaveProperty('ApproximateCreationDateTimePrecision');
      expect(KinesisDynamoDBChangeRecordSchema.safeParse(stream).success).toBe(false);
      expect(DynamoDBStreamChangeRecordSchema.safeParse(kinesis).success).toBe(false);
    },
  );

  it('carry the images of the change of the given order, or the images given', () => {
    const order = exampleOrder({ orderId: 'ord-000777', status: 'PAID', version: 2 });
    const modify = exampleStreamRecord({ eventName: 'MODIFY', order });
    expect(modify.dynamodb.Keys).toEqual({ orderId: { S: 'ord-000777' } });
    expect(modify.dynamodb.NewImage).toEqual(storedImage(order));
    expect(modify.dynamodb.OldImage).toMatchObject({ status: { S: 'PLACED' }, version: { N: '1' } });
    expect(changeImages('REMOVE', order)).toEqual({ oldImage: storedImage(order) });
    const keysOnly = exampleKinesisRecord({ eventName: 'REMOVE', images: {} });
    expect(Object.keys(keysOnly.dynamodb)).toEqual([
      'ApproximateCreationDateTime',
      'Keys',
      'SizeBytes',
      'ApproximateCreationDateTimePrecision',
    ]);
  });

  it('write numbers as DynamoDB returns them', () => {
    expect(['129.90', '20.00', '0.05', '2', '100'].map(storedNumberText)).toEqual([
      '129.9',
      '20',
      '0.05',
      '2',
      '100',
    ]);
  });
});

describe('change record schemas', () => {
  it('accept a delete by Time to Live, with its user identity, in both wire formats', () => {
    const ttl = { type: 'Service', principalId: 'dynamodb.amazonaws.com' };
    const stream = { ...exampleStreamRecord({ eventName: 'REMOVE' }), userIdentity: ttl };
    const kinesis = { ...exampleKinesisRecord({ eventName: 'REMOVE' }), userIdentity: ttl };
    expect(parseChangeRecord(stream).userIdentity).toEqual(ttl);
    expect(parseChangeRecord(kinesis).userIdentity).toEqual(ttl);
  });

  it('name a stream view type that DynamoDB does not have', () => {
    const record = exampleStreamRecord();
    const bad = { ...record, dynamodb: { ...record.dynamodb, StreamViewType: 'ALL' } };
    expect(ChangeRecordSchema.safeParse(bad).success).toBe(false);
    expect(() => parseChangeRecord(bad)).toThrow(OrderSchemaError);
    expect(() => parseWith(DynamoDBStreamChangeRecordSchema, bad, 'stream record')).toThrow(
      'dynamodb.StreamViewType: Invalid option',
    );
  });
});

/** A snapshot record as a backfill writes it (the transformer's `snapshotRecord` builds the real ones). */
function aSnapshotRecord(): SnapshotChangeRecord {
  const order = exampleOrder({ version: 3 });
  return {
    eventID: '0f5f5b5e-7c1d-5a8e-9f0b-3c2d1e4f5a6b',
    eventName: 'SNAPSHOT',
    eventSource: SNAPSHOT_EVENT_SOURCE,
    recordFormat: 'application/json',
    tableName: 'OrdersRawTable',
    dynamodb: {
      ApproximateCreationDateTime: 1_795_601_730_123,
      ApproximateCreationDateTimePrecision: 'MILLISECOND',
      Keys: orderKeyToAttributeMap(order.orderId),
      NewImage: storedImage(order),
    },
  };
}

describe('snapshot records', () => {
  it('are change records of their own shape, which neither DynamoDB wire format accepts', () => {
    const snapshot = aSnapshotRecord();
    expect(SnapshotChangeRecordSchema.parse(snapshot)).toEqual(snapshot);
    expect(parseChangeRecord(snapshot)).toEqual(snapshot);
    expect(KinesisDynamoDBChangeRecordSchema.safeParse(snapshot).success).toBe(false);
    expect(DynamoDBStreamChangeRecordSchema.safeParse(snapshot).success).toBe(false);
  });

  it.each(['INSERT', 'MODIFY', 'REMOVE'] as const)(
    'are never what a real %s record in either wire format is',
    (eventName) => {
      for (const record of [
        exampleStreamRecord({ eventName }),
        exampleKinesisRecord({ eventName }),
        exampleKinesisRecord({ eventName, precision: null }),
      ]) {
        expect(SnapshotChangeRecordSchema.safeParse(record).success).toBe(false);
      }
    },
  );

  it.each([
    ['without the backfill event source', { eventSource: 'aws:dynamodb' }, 'eventSource'],
    ['with a DynamoDB event name', { eventName: 'INSERT' }, 'eventName'],
  ])('are refused %s', (_, change, field) => {
    const bad = { ...aSnapshotRecord(), ...change };
    expect(() => parseWith(SnapshotChangeRecordSchema, bad, 'snapshot record')).toThrow(`${field}: `);
  });

  it.each([
    ['an old image', { OldImage: storedImage(exampleOrder()) }, 'dynamodb.OldImage'],
    ['a stream sequence number', { SequenceNumber: '111100000000012345678901' }, 'dynamodb.SequenceNumber'],
    ['no new image', { NewImage: undefined }, 'dynamodb.NewImage'],
    [
      'time in microseconds',
      { ApproximateCreationDateTimePrecision: 'MICROSECOND' },
      'dynamodb.ApproximateCreationDateTimePrecision',
    ],
  ])('are refused with %s', (_, change, field) => {
    const record = aSnapshotRecord();
    const bad = { ...record, dynamodb: { ...record.dynamodb, ...change } };
    expect(() => parseWith(SnapshotChangeRecordSchema, bad, 'snapshot record')).toThrow(`${field}: `);
  });

  it("become lake rows of change type 'snapshot'", () => {
    expect(CHANGE_TYPE.SNAPSHOT).toBe('snapshot');
    const row = { ...exampleLakeRow(), change_type: CHANGE_TYPE.SNAPSHOT, previous_status: null };
    expect(LakeRowSchema.parse(row)).toEqual(row);
    expect(LakeRowSchema.safeParse({ ...row, change_type: 'backfill' }).success).toBe(false);
  });
});

describe('entry points', () => {
  it('keep SQL and test builders off the main entry: it shares no name with /sql or /testing', () => {
    const subpathNames = [...Object.keys(sql), ...Object.keys(testing)];
    expect(subpathNames).toContain('exampleOrder');
    expect(subpathNames.filter((name) => name in main)).toEqual([]);
  });
});
