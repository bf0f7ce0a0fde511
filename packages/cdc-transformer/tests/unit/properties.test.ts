import {
  CHANNELS,
  centsToMoneyText,
  type EventName,
  LakeRowSchema,
  ORDER_STATUSES,
  type Order,
  OrderSchema,
  partitionKeysOf,
} from '@org/order-schema';
import { exampleKinesisRecord, exampleStreamRecord } from '@org/order-schema/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transformFirehoseEvent } from '../../src/index';
import { aFirehoseEvent, rowOf } from '../helpers/factories';

const MIN_TIME = Date.UTC(2015, 0, 1);
// Within the range a Kinesis record without a precision field is read in (ms up to 4.1e12, 2099-12-04).
const MAX_TIME = Date.UTC(2099, 10, 30);
const isoTime = fc.integer({ min: MIN_TIME, max: MAX_TIME }).map((millis) => new Date(millis).toISOString());
const text = fc.string({ minLength: 1, maxLength: 24, unit: 'grapheme' });

const lineItem = fc.record({
  sku: text,
  productName: text,
  category: text,
  quantity: fc.integer({ min: 1, max: 1_000 }),
  cents: fc.integer({ min: 1, max: 99_999_999 }),
});

/** Any order valid against OrderSchema: total = Σ quantity × unitPrice, within decimal(12,2). */
const anyOrder: fc.Arbitrary<Order> = fc
  .record({
    orderId: text,
    customerId: text,
    status: fc.constantFrom(...ORDER_STATUSES),
    currency: fc.constantFrom('EUR', 'USD', 'GBP', 'JPY'),
    items: fc.array(lineItem, { minLength: 1, maxLength: 6 }),
    channel: fc.constantFrom(...CHANNELS),
    country: fc.constantFrom('DE', 'FR', 'US', 'JP'),
    times: fc.tuple(isoTime, isoTime).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
    version: fc.integer({ min: 1, max: 1_000_000 }),
  })
  .map(({ items, times, ...order }) => ({
    ...order,
    customerEmail: 'someone@example.com',
    items: items.map(({ cents, ...item }) => ({ ...item, unitPrice: centsToMoneyText(cents) })),
    orderTotal: centsToMoneyText(items.reduce((sum, item) => sum + item.quantity * item.cents, 0)),
    createdAt: times[0]!,
    updatedAt: times[1]!,
  }));

const WIRES = [
  'streams',
  'kinesis-ms',
  'kinesis-us',
  'kinesis-no-precision-ms',
  'kinesis-no-precision-us',
] as const;
type Wire = (typeof WIRES)[number];
const anyChange = fc.record({
  eventName: fc.constantFrom<EventName>('INSERT', 'MODIFY', 'REMOVE'),
  wire: fc.constantFrom<Wire>(...WIRES),
  eventMillis: fc.integer({ min: MIN_TIME, max: MAX_TIME }),
  eventId: fc.uuid(),
});

type Change = typeof anyChange extends fc.Arbitrary<infer T> ? T : never;

function changeRecord(order: Order, change: Change) {
  const base = { eventName: change.eventName, eventId: change.eventId, order };
  const { eventMillis, wire } = change;
  if (wire === 'streams') return exampleStreamRecord({ ...base, seconds: Math.floor(eventMillis / 1000) });
  if (wire === 'kinesis-ms' || wire === 'kinesis-no-precision-ms') {
    return exampleKinesisRecord({
      ...base,
      time: eventMillis,
      precision: wire === 'kinesis-ms' ? 'MILLISECOND' : null,
    });
  }
  return exampleKinesisRecord({
    ...base,
    time: eventMillis * 1000 + 999,
    precision: wire === 'kinesis-us' ? 'MICROSECOND' : null,
  });
}

describe('properties', () => {
  it('any valid order and change give a row that validates against LakeRowSchema with the same keys', () => {
    fc.assert(
      fc.property(anyOrder, anyChange, (order, change) => {
        expect(OrderSchema.safeParse(order).success).toBe(true);
        const outcome = transformFirehoseEvent(aFirehoseEvent([changeRecord(order, change)]));
        expect(outcome.failures).toEqual([]);
        const record = outcome.result.records[0]!;
        const row = LakeRowSchema.parse(rowOf(record));
        const expectedMillis =
          change.wire === 'streams' ? Math.floor(change.eventMillis / 1000) * 1000 : change.eventMillis;
        expect(row.event_id).toBe(change.eventId);
        expect(row.order_id).toBe(order.orderId);
        expect(row.version).toBe(order.version);
        expect(row.order_total).toBe(order.orderTotal);
        expect(row.items.map((item) => item.unit_price)).toEqual(order.items.map((item) => item.unitPrice));
        expect(row.event_time).toBe(new Date(expectedMillis).toISOString());
        expect(row.is_deleted).toBe(change.eventName === 'REMOVE');
        expect(record.metadata).toEqual({ partitionKeys: partitionKeysOf(row.event_time) });
        expect(JSON.stringify(row)).not.toContain('someone@example.com');
      }),
      { numRuns: 300 },
    );
  });

  const garbage = fc.oneof(
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
    fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value))),
    fc.string().map((value) => Buffer.from(value)),
  );
  const entry = fc.oneof(
    fc
      .tuple(anyOrder, anyChange)
      .map(([order, change]) => ({ good: true, payload: changeRecord(order, change) })),
    garbage.map((payload) => ({ good: false, payload })),
  );

  it('any batch mixing good and garbage records answers every recordId once, in order, good ones Ok', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (entries) => {
        const event = aFirehoseEvent(entries.map((item) => item.payload));
        const outcome = transformFirehoseEvent(event);
        const records = outcome.result.records;
        expect(records.map((record) => record.recordId)).toEqual(
          event.records.map((record) => record.recordId),
        );
        entries.forEach((item, index) => {
          if (item.good) {
            expect(records[index]!.result).toBe('Ok');
          } else {
            expect(records[index]).toEqual({
              recordId: event.records[index]!.recordId,
              result: 'ProcessingFailed',
              data: event.records[index]!.data,
            });
          }
        });
        expect(outcome.summary.responseBytes).toBe(Buffer.byteLength(JSON.stringify(outcome.result)));
      }),
      { numRuns: 200 },
    );
  });
});
