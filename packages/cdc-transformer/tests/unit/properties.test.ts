import {
  CHANGE_TYPE,
  type EventName,
  LakeRowSchema,
  type Order,
  OrderSchema,
  partitionKeysOf,
} from '@org/order-schema';
import { exampleKinesisRecord, exampleStreamRecord } from '@org/order-schema/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transformFirehoseEvent } from '../../src/index';
import { anyOrder, MAX_TIME, MIN_TIME } from '../helpers/arbitraries';
import { aFirehoseEvent, rowOf } from '../helpers/factories';

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
        expect(row.change_type).toBe(CHANGE_TYPE[change.eventName]);
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
