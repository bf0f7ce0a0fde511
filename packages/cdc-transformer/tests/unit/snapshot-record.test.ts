import {
  type AttributeMap,
  type AttributeValue,
  attributeMapToOrder,
  CHANGE_TYPE,
  LakeRowSchema,
  orderToAttributeMap,
  parseWith,
  SnapshotChangeRecordSchema,
} from '@org/order-schema';
import { exampleKinesisRecord, exampleOrder, storedImage } from '@org/order-schema/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidSnapshotItemError,
  InvalidSnapshotOptionsError,
  SNAPSHOT_EVENT_ID_NAMESPACE,
  snapshotEventId,
  snapshotRecord,
  transformFirehoseEvent,
} from '../../src/index';
import { URL_NAMESPACE, uuidV5 } from '../../src/uuid-v5';
import { anyOrder, MAX_TIME, MIN_TIME } from '../helpers/arbitraries';
import { aFirehoseEvent, rowOf } from '../helpers/factories';

const EXPORT = { exportTime: '2026-11-25T10:00:00.000Z', exportId: '01795600000000-2d8752fd' } as const;
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What the transformer makes of one snapshot record: its row, or its failure. */
function transformOne(record: unknown) {
  const outcome = transformFirehoseEvent(aFirehoseEvent([record]));
  const [result] = outcome.result.records;
  return { result: result!, failure: outcome.failures[0], summary: outcome.summary };
}

describe('snapshotEventId', () => {
  it('is a version 5 UUID, computed as RFC 9562 says (its example vector)', () => {
    const dnsNamespace = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
    expect(uuidV5(dnsNamespace, 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(uuidV5(URL_NAMESPACE, 'https://github.com/org/cdc-sales-pipeline#snapshot-event-id')).toBe(
      SNAPSHOT_EVENT_ID_NAMESPACE,
    );
    expect(snapshotEventId(EXPORT.exportId, 'ord-000001', 3)).toBe(
      uuidV5(SNAPSHOT_EVENT_ID_NAMESPACE, '["01795600000000-2d8752fd","ord-000001",3]'),
    );
  });

  it('is the same for the same export, order and version, and differs when any of them differs', () => {
    const part = fc.string({ minLength: 1, maxLength: 12 });
    const triple = fc.tuple(part, part, fc.integer({ min: 0, max: 1_000_000 }));
    fc.assert(
      fc.property(triple, triple, ([exportA, orderA, versionA], [exportB, orderB, versionB]) => {
        const a = snapshotEventId(exportA, orderA, versionA);
        expect(a).toMatch(UUID_V5);
        expect(snapshotEventId(exportA, orderA, versionA)).toBe(a);
        const same = exportA === exportB && orderA === orderB && versionA === versionB;
        expect(snapshotEventId(exportB, orderB, versionB) === a).toBe(same);
      }),
      { numRuns: 500 },
    );
    // Parts that would run together in a plain concatenation stay apart.
    expect(snapshotEventId('a/b', 'c', 1)).not.toBe(snapshotEventId('a', 'b/c', 1));
  });
});

describe('snapshotRecord', () => {
  it('turns every valid order item into a valid snapshot record that becomes its exact snapshot row', () => {
    const extra = fc.dictionary(
      fc
        .string({ minLength: 1, maxLength: 8 })
        .filter((name) => !(name in orderToAttributeMap(exampleOrder()))),
      fc.constantFrom<AttributeValue>(
        { N: '12345678901234567890.5' },
        { B: 'AAEC' },
        { BOOL: true },
        { SS: ['a', 'b'] },
      ),
      { maxKeys: 3 },
    );
    const exportMillis = fc.integer({ min: MIN_TIME, max: MAX_TIME });
    fc.assert(
      fc.property(anyOrder, extra, exportMillis, (order, extraAttributes, millis) => {
        // As an export writes it: the stored item, numbers without trailing zeros, any other attributes.
        const item = storedImage(order, extraAttributes);
        const exportTime = new Date(millis).toISOString();
        const record = snapshotRecord(item, { ...EXPORT, exportTime });
        expect(SnapshotChangeRecordSchema.parse(record)).toEqual(record);
        // The record carries the item unchanged: the codec reads the same order back.
        expect(attributeMapToOrder(record.dynamodb.NewImage)).toEqual(order);

        const { result, failure } = transformOne(record);
        expect(failure).toBeUndefined();
        const row = LakeRowSchema.parse(rowOf(result));
        expect(row).toMatchObject({
          event_id: snapshotEventId(EXPORT.exportId, order.orderId, order.version),
          change_type: CHANGE_TYPE.SNAPSHOT,
          event_time: exportTime,
          previous_status: null,
          order_id: order.orderId,
          status: order.status,
          order_total: order.orderTotal,
          version: order.version,
          is_deleted: false,
        });
        expect(row.items.map((line) => line.unit_price)).toEqual(order.items.map((line) => line.unitPrice));
        expect(JSON.stringify(row)).not.toContain(order.customerEmail);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the row an insert of the same item gives, apart from what makes it a snapshot', () => {
    const order = exampleOrder({ status: 'SHIPPED', version: 4 });
    const snapshot = rowOf(transformOne(snapshotRecord(storedImage(order), EXPORT)).result);
    const insert = rowOf(transformOne(exampleKinesisRecord({ eventName: 'INSERT', order })).result);
    const differs = ['event_id', 'change_type', 'event_time'];
    const strip = (row: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(row).filter(([name]) => !differs.includes(name)));
    expect(strip(snapshot)).toEqual(strip(insert));
  });

  it('is the same record for the same item and export, whichever form the export time takes', () => {
    const item = storedImage(exampleOrder({ version: 7 }));
    const millis = Date.parse(EXPORT.exportTime);
    const expected = snapshotRecord(item, EXPORT);
    expect(snapshotRecord(item, { ...EXPORT, exportTime: new Date(millis) })).toEqual(expected);
    expect(snapshotRecord(item, { ...EXPORT, exportTime: millis })).toEqual(expected);
    expect(snapshotRecord(item, { ...EXPORT, exportTime: '2026-11-25T11:00:00+01:00' })).toEqual(expected);
    expect(expected.dynamodb.ApproximateCreationDateTime).toBe(millis);
    expect(snapshotRecord(item, { ...EXPORT, tableName: 'Orders-qa' }).tableName).toBe('Orders-qa');
  });

  it.each([
    ['no orderId', { orderId: undefined }, 'Item.orderId: expected a non-empty string attribute'],
    ['an empty orderId', { orderId: { S: '' } }, 'Item.orderId: expected'],
    ['a numeric orderId', { orderId: { N: '1' } }, 'Item.orderId: expected'],
    ['no version', { version: undefined }, 'Item.version: expected a whole number attribute'],
    ['a fractional version', { version: { N: '1.5' } }, 'Item.version: expected'],
    ['a version beyond 2^53', { version: { N: '9007199254740993' } }, 'Item.version: expected'],
  ])('refuses an item with %s, naming the field', (_, change, message) => {
    const item: Record<string, AttributeValue | undefined> = { ...storedImage(exampleOrder()), ...change };
    for (const name of Object.keys(change)) if (item[name] === undefined) delete item[name];
    expect(() => snapshotRecord(item as AttributeMap, EXPORT)).toThrow(InvalidSnapshotItemError);
    expect(() => snapshotRecord(item as AttributeMap, EXPORT)).toThrow(message);
  });

  it.each([
    ['exportId', { exportId: '' }],
    ['exportTime', { exportTime: 'yesterday' }],
    ['exportTime', { exportTime: Date.UTC(1999, 11, 31) }],
    ['exportTime', { exportTime: new Date(Number.NaN) }],
    ['tableName', { tableName: '' }],
  ])('refuses an export without a valid %s', (field, change) => {
    const item = storedImage(exampleOrder());
    expect(() => snapshotRecord(item, { ...EXPORT, ...change })).toThrow(InvalidSnapshotOptionsError);
    expect(() => snapshotRecord(item, { ...EXPORT, ...change })).toThrow(`${field}: expected`);
  });

  it('passes an item that is no valid order to the transformer, which fails that record alone', () => {
    const item = { ...storedImage(exampleOrder()), orderTotal: { N: '1.005' } };
    const { result, failure } = transformOne(snapshotRecord(item, EXPORT));
    expect(result.result).toBe('ProcessingFailed');
    expect(failure).toMatchObject({ failureType: 'invalid-order', field: 'dynamodb.NewImage.orderTotal' });
  });
});

describe('the transformer', () => {
  const record = () => snapshotRecord(storedImage(exampleOrder({ version: 2 })), EXPORT);

  it('counts snapshot rows apart from the other change types', () => {
    const { summary } = transformOne(record());
    expect(summary.changeTypes).toEqual({ insert: 0, update: 0, delete: 0, snapshot: 1 });
  });

  it.each([
    ['without the backfill event source', { eventSource: 'aws:dynamodb' }, 'eventSource'],
    ['without an event source', { eventSource: undefined }, 'eventSource'],
  ])('refuses a SNAPSHOT record %s', (_, change, field) => {
    const { failure } = transformOne({ ...record(), ...change });
    expect(failure).toMatchObject({ failureType: 'not-a-change-record', field });
  });

  it.each([
    ['an old image', { OldImage: storedImage(exampleOrder()) }, 'dynamodb.OldImage'],
    ['a stream sequence number', { SequenceNumber: '111100000000012345678901' }, 'dynamodb.SequenceNumber'],
    [
      'no precision',
      { ApproximateCreationDateTimePrecision: undefined },
      'dynamodb.ApproximateCreationDateTimePrecision',
    ],
    [
      'seconds',
      { ApproximateCreationDateTimePrecision: 'SECOND' },
      'dynamodb.ApproximateCreationDateTimePrecision',
    ],
    ['no new image', { NewImage: undefined }, 'dynamodb.NewImage'],
  ])('refuses a SNAPSHOT record with %s, as the schema does', (_, change, field) => {
    const base = record();
    const bad = { ...base, dynamodb: { ...base.dynamodb, ...change } };
    expect(() => parseWith(SnapshotChangeRecordSchema, bad, 'snapshot record')).toThrow(`${field}: `);
    const { failure } = transformOne(bad);
    expect(failure).toMatchObject({ failureType: 'not-a-change-record', field });
  });

  it('reads a real record that happens to carry the backfill event source as the change it is', () => {
    const insert = { ...exampleKinesisRecord({ eventName: 'INSERT' }), eventSource: record().eventSource };
    expect(rowOf(transformOne(insert).result).change_type).toBe(CHANGE_TYPE.INSERT);
  });
});
