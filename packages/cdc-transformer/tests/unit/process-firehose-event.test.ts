import {
  type EventName,
  LAKE_COLUMN_NAMES,
  LakeRowSchema,
  lakeColumnNamesOf,
  partitionKeysOf,
} from '@org/order-schema';
import {
  changeImages,
  exampleKinesisRecord,
  exampleOrder,
  exampleStreamRecord,
} from '@org/order-schema/testing';
import type {
  FirehoseTransformationEvent as AwsFirehoseEvent,
  FirehoseTransformationResult as AwsFirehoseResult,
} from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { FIREHOSE_RESULT, processFirehoseEvent, toLakeRow, transformFirehoseEvent } from '../../src/index';
import { ARRIVAL_MILLIS, aFirehoseEvent, loadEvent, rowOf } from '../helpers/factories';

describe('processFirehoseEvent on the captured and hand-made sample events', () => {
  const event = loadEvent<AwsFirehoseEvent>('firehose-event.json');
  // The @types/aws-lambda shapes fit the pinned API both ways.
  const response: AwsFirehoseResult = processFirehoseEvent(event);
  const rows = response.records.map((record) => rowOf(record as Parameters<typeof rowOf>[0]));

  it('returns every record Ok, in order, each row valid against LakeRowSchema', () => {
    expect(response.records.map((record) => record.recordId)).toEqual(event.records.map((r) => r.recordId));
    expect(response.records.every((record) => record.result === FIREHOSE_RESULT.OK)).toBe(true);
    for (const row of rows) expect(LakeRowSchema.parse(row)).toEqual(row);
  });

  it('maps INSERT, MODIFY, REMOVE of both wire formats to insert, update, delete', () => {
    expect(rows.map((row) => row.change_type)).toEqual([
      'insert',
      'update',
      'delete',
      'insert',
      'update',
      'update',
      'delete',
    ]);
    expect(rows.map((row) => row.is_deleted)).toEqual([false, false, true, false, false, false, true]);
    expect(rows.map((row) => row.status)).toEqual([
      'PLACED',
      'PAID',
      'PAID',
      'PLACED',
      'PAID',
      'SHIPPED',
      'SHIPPED',
    ]);
    expect(rows.map((row) => row.previous_status)).toEqual([
      null,
      'PLACED',
      'PAID',
      null,
      'PLACED',
      'PAID',
      'SHIPPED',
    ]);
    expect(rows.map((row) => row.version)).toEqual([1, 2, 2, 1, 2, 3, 3]);
  });

  it('keeps money exact with two places, whether DynamoDB trimmed the zeros or not', () => {
    const streams = loadEvent<{ dynamodb: { NewImage?: { orderTotal: { N: string } } } }[]>(
      'dynamodb-streams-records.json',
    );
    expect(streams[0]!.dynamodb.NewImage!.orderTotal.N).toBe('279.8');
    for (const row of rows) {
      expect(row.order_total).toBe('279.80');
      expect(row.items.map((item) => item.unit_price)).toEqual(['129.90', '20.00']);
      expect(row.item_count).toBe(3);
    }
  });

  it('takes sequence from SequenceNumber (Streams) or from the Kinesis sequence number (Kinesis format)', () => {
    const streams = loadEvent<{ dynamodb: { SequenceNumber: string } }[]>('dynamodb-streams-records.json');
    expect(rows.slice(0, 3).map((row) => row.sequence)).toEqual(
      streams.map((r) => r.dynamodb.SequenceNumber),
    );
    expect(rows.slice(3).map((row) => row.sequence)).toEqual(
      event.records.slice(3).map((record) => record.kinesisRecordMetadata?.sequenceNumber),
    );
  });

  it('reads seconds (captured, minute-rounded by DynamoDB Local), microseconds, milliseconds and, without a precision field, either by magnitude', () => {
    const streams = loadEvent<{ dynamodb: { ApproximateCreationDateTime: number } }[]>(
      'dynamodb-streams-records.json',
    );
    expect(rows[0]!.event_time).toBe(
      new Date(streams[0]!.dynamodb.ApproximateCreationDateTime * 1000).toISOString(),
    );
    expect(rows[0]!.event_time).toMatch(/:00\.000Z$/);
    expect(rows.slice(3).map((row) => row.event_time)).toEqual([
      '2026-11-25T10:15:30.123Z',
      '2026-11-25T10:17:02.456Z',
      '2026-11-25T10:45:30.789Z',
      '2026-11-25T11:15:30.789Z',
    ]);
  });

  it('sets partition keys from event_time in UTC and ingest_time from approximateArrivalTimestamp', () => {
    response.records.forEach((record, index) => {
      expect(record.metadata?.partitionKeys).toEqual(partitionKeysOf(rows[index]!.event_time));
      expect(rows[index]!.ingest_time).toBe(
        new Date(event.records[index]!.approximateArrivalTimestamp).toISOString(),
      );
    });
    expect(response.records[6]!.metadata?.partitionKeys).toEqual({ dt: '2026-11-25', hour: '11' });
  });

  it('never writes customerEmail, and ignores the unknown 20-digit attribute', () => {
    for (const record of response.records) {
      const line = Buffer.from(record.data!, 'base64').toString('utf8');
      expect(line).not.toContain('ada.lovelace@example.com');
      expect(line).not.toContain('12345678901234567890');
      expect(Object.keys(JSON.parse(line))).not.toContain('customerEmail');
    }
  });
});

const FORMATS = {
  'DynamoDB Streams (Pipe)': (eventName: EventName, images: ReturnType<typeof changeImages>) =>
    exampleStreamRecord({ eventName, images, seconds: 1_795_601_730 }),
  'Kinesis Data Streams': (eventName: EventName, images: ReturnType<typeof changeImages>) =>
    exampleKinesisRecord({ eventName, images, time: 1_795_601_730_123, precision: 'MILLISECOND' }),
} as const;

describe.each(Object.entries(FORMATS))('%s format', (_format, makeRecord) => {
  const order = exampleOrder({ status: 'PAID', version: 3, updatedAt: '2026-11-25T10:16:00.000Z' });

  it.each([
    ['INSERT', 'insert', null, false],
    ['MODIFY', 'update', 'PLACED', false],
    ['REMOVE', 'delete', 'PAID', true],
  ] as const)('%s becomes a %s row', (eventName, changeType, previousStatus, isDeleted) => {
    const response = processFirehoseEvent(
      aFirehoseEvent([makeRecord(eventName, changeImages(eventName, order))]),
    );
    expect(response.records).toHaveLength(1);
    expect(response.records[0]!.result).toBe('Ok');
    const row = LakeRowSchema.parse(rowOf(response.records[0]!));
    expect(row).toMatchObject({
      change_type: changeType,
      order_id: 'ord-000001',
      customer_id: 'cus-00042',
      status: 'PAID',
      previous_status: previousStatus,
      currency: 'EUR',
      order_total: '259.85',
      item_count: 3,
      channel: 'web',
      country: 'DE',
      created_at: '2026-11-25T10:15:30.123Z',
      updated_at: '2026-11-25T10:16:00.000Z',
      version: 3,
      is_deleted: isDeleted,
      schema_version: 2,
      coupon_code: null,
      discount_total: null,
      ingest_time: new Date(ARRIVAL_MILLIS).toISOString(),
    });
    expect(row.items).toEqual([
      {
        sku: 'SKU-ELE-0001',
        product_name: 'Headphones',
        category: 'electronics',
        quantity: 2,
        unit_price: '129.90',
      },
      { sku: 'SKU-BOO-0002', product_name: 'Atlas', category: 'books', quantity: 1, unit_price: '0.05' },
    ]);
    expect(response.records[0]!.metadata).toEqual({ partitionKeys: { dt: '2026-11-25', hour: '10' } });
  });
});

describe('a REMOVE without OldImage (a stream without old images)', () => {
  it('becomes a delete row from Keys: version 0, empty order fields, times from event_time', () => {
    const record = exampleStreamRecord({
      eventName: 'REMOVE',
      images: {},
      keys: { orderId: { S: 'ord-000777' } },
    });
    const response = processFirehoseEvent(aFirehoseEvent([record]));
    expect(response.records[0]!.result).toBe('Ok');
    const row = LakeRowSchema.parse(rowOf(response.records[0]!));
    expect(row).toMatchObject({
      change_type: 'delete',
      order_id: 'ord-000777',
      is_deleted: true,
      version: 0,
      customer_id: '',
      status: '',
      previous_status: null,
      order_total: '0.00',
      item_count: 0,
      items: [],
      created_at: row.event_time,
      updated_at: row.event_time,
    });
  });

  it('fails naming dynamodb.Keys.orderId when the key is missing too', () => {
    const record = exampleStreamRecord({ eventName: 'REMOVE', images: {}, keys: { id: { S: 'x' } } });
    const outcome = transformFirehoseEvent(aFirehoseEvent([record]));
    expect(outcome.result.records[0]!.result).toBe('ProcessingFailed');
    expect(outcome.failures[0]!.field).toBe('dynamodb.Keys.orderId');
  });
});

describe('toLakeRow', () => {
  it('turns one parsed change record into the same row the Firehose path writes', () => {
    const change = exampleKinesisRecord({ eventName: 'INSERT' });
    const row = toLakeRow(change, { ingestTimeMillis: ARRIVAL_MILLIS, kinesisSequenceNumber: '4965' });
    const viaFirehose = rowOf(processFirehoseEvent(aFirehoseEvent([change])).records[0]!);
    expect(row).toEqual({ ...viaFirehose, sequence: '4965' });
  });

  it('writes the columns in LAKE_COLUMNS order, of the current layout or of layout 1', () => {
    const change = exampleStreamRecord({ eventName: 'INSERT' });
    const row = toLakeRow(change, { ingestTimeMillis: ARRIVAL_MILLIS });
    expect(Object.keys(row)).toEqual(LAKE_COLUMN_NAMES);
    const v1 = toLakeRow(change, { ingestTimeMillis: ARRIVAL_MILLIS }, 1);
    expect(Object.keys(v1)).toEqual(lakeColumnNamesOf(1));
  });
});
