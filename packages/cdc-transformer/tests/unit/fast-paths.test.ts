import { randomBytes } from 'node:crypto';
import {
  CHANGE_TYPES,
  centsToMoneyText,
  type LakeRow,
  type Order,
  SCHEMA_VERSION,
  toMoneyText,
} from '@org/order-schema';
import { exampleKinesisRecord, exampleOrder, exampleStreamRecord } from '@org/order-schema/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToText, textToBase64 } from '../../src/base64-text';
import { transformFirehoseEvent } from '../../src/index';
import { IsoClock } from '../../src/iso-timestamp';
import { lakeRowLine } from '../../src/lake-row-line';
import { moneyTextOf } from '../../src/money-text';
import { toLakeRow } from '../../src/to-lake-row';
import { aFirehoseEvent, lineOf } from '../helpers/factories';

// Each shortcut on the per-record path must give exactly what the plain code it replaces gives.

/** Any text, including quotes, backslashes, control characters, non-ASCII and lone surrogates. */
const anyText = fc.oneof(
  fc.string({ maxLength: 30, unit: 'binary' }),
  fc.string({
    maxLength: 30,
    unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', 'é', '😀', '\ud800', 'a'),
  }),
  fc.string({ maxLength: 30 }),
);
const iso = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) })
  .map((millis) => new Date(millis).toISOString());
const money = fc.integer({ min: -99_999_999, max: 99_999_999 }).map(centsToMoneyText);

const anyRow: fc.Arbitrary<LakeRow> = fc
  .record({
    event_id: anyText,
    change_type: fc.constantFrom(...CHANGE_TYPES),
    event_time: iso,
    ingest_time: iso,
    sequence: anyText,
    order_id: anyText,
    customer_id: anyText,
    status: anyText,
    previous_status: fc.option(anyText, { nil: null }),
    currency: anyText,
    order_total: money,
    item_count: fc.integer({ min: 0, max: 2_147_483_647 }),
    items: fc.array(
      fc.record({
        sku: anyText,
        product_name: anyText,
        category: anyText,
        quantity: fc.integer({ min: 1, max: 2_147_483_647 }),
        unit_price: money,
      }),
      { maxLength: 5 },
    ),
    channel: anyText,
    country: anyText,
    created_at: iso,
    updated_at: iso,
    version: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    is_deleted: fc.boolean(),
  })
  .chain((row) =>
    fc.oneof(
      fc.constant({ ...row, schema_version: 1 }),
      fc
        .record({
          coupon_code: fc.option(anyText, { nil: null }),
          discount_total: fc.option(money, { nil: null }),
        })
        .map((added) => ({ ...row, schema_version: SCHEMA_VERSION, ...added })),
    ),
  ) as fc.Arbitrary<LakeRow>;

describe('lakeRowLine', () => {
  it('writes exactly JSON.stringify(row) and a newline, whatever the strings hold, in both layouts', () => {
    fc.assert(
      fc.property(anyRow, (row) => {
        expect(lakeRowLine(row)).toBe(`${JSON.stringify(row)}\n`);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('lakeRowLine on the Firehose path', () => {
  const anOrderWith = (text: fc.Arbitrary<string>) =>
    fc.record({
      strings: fc.array(text, { minLength: 8, maxLength: 8 }),
      coupon: fc.option(fc.tuple(text, fc.integer({ min: 0, max: 5 })), { nil: undefined }),
      // Streams, or Kinesis with each way of writing the time (a missing precision field is inferred).
      wire: fc.constantFrom(
        { kinesis: false },
        { kinesis: true, time: 1_795_601_730_123, precision: 'MILLISECOND' as const },
        { kinesis: true, time: 1_795_601_730_123_456, precision: 'MICROSECOND' as const },
        { kinesis: true, time: 1_795_601_730_123, precision: null },
        { kinesis: true, time: 1_795_601_730_123_456, precision: null },
      ),
    });

  it('writes the same line as JSON.stringify of toLakeRow, with and without backslashes in the record', () => {
    fc.assert(
      fc.property(anOrderWith(anyText), ({ strings, coupon, wire }) => {
        const [orderId, customerId, status, channel, sku, name, category, eventId] = strings as [
          string,
          string,
          string,
          string,
          string,
          string,
          string,
          string,
        ];
        const order = exampleOrder({
          orderId: `o${orderId}`,
          customerId,
          status: status as Order['status'],
          channel: channel as Order['channel'],
          items: [{ sku, productName: name, category, quantity: 1, unitPrice: '0.05' }],
          orderTotal: '0.05',
          ...(coupon ? { couponCode: coupon[0], discountTotal: centsToMoneyText(coupon[1]) } : {}),
        });
        const options = {
          eventName: 'MODIFY' as const,
          eventId: `e${eventId}`,
          order,
        };
        const change = wire.kinesis
          ? exampleKinesisRecord({ ...options, time: wire.time, precision: wire.precision })
          : exampleStreamRecord(options);
        const record = aFirehoseEvent([change]).records[0]!;
        const outcome = transformFirehoseEvent({ ...aFirehoseEvent([]), records: [record] });
        expect(outcome.failures).toEqual([]);
        const expected = toLakeRow(JSON.parse(JSON.stringify(change)), {
          ingestTimeMillis: record.approximateArrivalTimestamp,
          kinesisSequenceNumber: record.kinesisRecordMetadata!.sequenceNumber,
        });
        const line = lineOf(outcome.result.records[0]!);
        expect(line).toBe(`${JSON.stringify(expected)}\n`);
      }),
      { numRuns: 500 },
    );
  });

  it('relies on strings read from UTF-8 JSON without a backslash never needing escaping', () => {
    // Any bytes but the quote and the backslash, as a JSON string: whatever the decoder makes of them.
    const bytes = fc
      .uint8Array({ maxLength: 60 })
      .map((array) => array.filter((byte) => byte !== 0x22 && byte !== 0x5c));
    fc.assert(
      fc.property(bytes, (array) => {
        const text = base64ToText(
          Buffer.concat([Buffer.from('"'), Buffer.from(array), Buffer.from('"')]).toString('base64'),
        );
        expect(text.includes('\\')).toBe(false);
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          return; // raw control characters: not JSON, the record fails as undecodable-data
        }
        expect(JSON.stringify(value)).toBe(`"${value as string}"`);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('base64ToText and textToBase64', () => {
  it('decode exactly as Buffer does, also for text that is not base64 and for long data', () => {
    const data = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('base64')),
      fc.string({ maxLength: 200, unit: 'binary' }),
      fc.string({ maxLength: 200 }).map((text) => Buffer.from(text).toString('base64url')),
    );
    fc.assert(
      fc.property(data, (text) => {
        expect(base64ToText(text)).toBe(Buffer.from(text, 'base64').toString('utf8'));
      }),
      { numRuns: 300 },
    );
  });

  it('encode exactly as Buffer does, lone surrogates and long text included', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (value) => {
        expect(textToBase64(value)).toBe(Buffer.from(value, 'utf8').toString('base64'));
      }),
      { numRuns: 300 },
    );
  });

  it('grow their buffer for records far larger than usual', () => {
    for (const bytes of [70_000, 300_000, 1_000_000]) {
      const data = randomBytes(bytes).toString('base64');
      expect(base64ToText(data)).toBe(Buffer.from(data, 'base64').toString('utf8'));
      const text = `${'é😀"'.repeat(bytes / 8)}\ud800`;
      expect(textToBase64(text)).toBe(Buffer.from(text, 'utf8').toString('base64'));
    }
  });
});

describe('IsoClock', () => {
  it('formats a sequence of instants exactly as toISOString, near and far apart', () => {
    const instant = fc.oneof(
      fc.integer({ min: Date.UTC(2026, 10, 24), max: Date.UTC(2026, 10, 26) }),
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.constantFrom(-8.64e15, 8.64e15, 0, -1, Date.UTC(2026, 10, 25) - 1, Date.UTC(2026, 10, 25)),
      fc.double({ min: -1e16, max: 1e16, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(instant, { maxLength: 40 }), (instants) => {
        const clock = new IsoClock();
        for (const millis of instants) {
          let expected: string | Error;
          try {
            expected = new Date(millis).toISOString();
          } catch (error) {
            expected = error as Error;
          }
          if (typeof expected === 'string') expect(clock.format(millis)).toBe(expected);
          else expect(() => clock.format(millis)).toThrow(RangeError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('throws again for an instant it could not format, rather than answering the previous one', () => {
    const clock = new IsoClock();
    expect(clock.format(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(() => clock.format(1e17)).toThrow(RangeError);
    expect(() => clock.format(1e17)).toThrow(RangeError);
  });
});

describe('moneyTextOf', () => {
  it('answers exactly as toMoneyText, for money as DynamoDB writes it and for anything else', () => {
    const text = fc.oneof(
      fc.stringMatching(/^-?\d{1,13}(\.\d{0,4})?$/),
      fc
        .integer({ min: 0, max: 99_999_999_999 })
        .map((cents) => centsToMoneyText(cents).replace(/\.?0+$/, '')),
      fc.string({ maxLength: 16 }),
    );
    fc.assert(
      fc.property(text, (value) => {
        expect(moneyTextOf(value)).toBe(toMoneyText(value));
      }),
      { numRuns: 2_000 },
    );
  });
});
