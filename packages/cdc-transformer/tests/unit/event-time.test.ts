import {
  changeImages,
  exampleKinesisRecord,
  exampleOrder,
  exampleStreamRecord,
} from '@org/order-schema/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  eventTimeMillis,
  INFERRED_TIME_RANGE,
  NotAChangeRecordError,
  TIME_UNIT,
  timeUnitOf,
  transformFirehoseEvent,
} from '../../src/index';
import { aFirehoseEvent, rowOf } from '../helpers/factories';

const images = changeImages('INSERT', exampleOrder());

describe('ApproximateCreationDateTime', () => {
  it.each([
    [
      'Streams record: epoch seconds',
      exampleStreamRecord({ eventName: 'INSERT', images, seconds: 1_795_601_730 }),
      '2026-11-25T10:15:30.000Z',
    ],
    [
      'Kinesis record, MILLISECOND',
      exampleKinesisRecord({
        eventName: 'INSERT',
        images,
        time: 1_795_601_730_123,
        precision: 'MILLISECOND',
      }),
      '2026-11-25T10:15:30.123Z',
    ],
    [
      'Kinesis record, MICROSECOND (truncated to ms)',
      exampleKinesisRecord({
        eventName: 'INSERT',
        images,
        time: 1_795_601_730_123_999,
        precision: 'MICROSECOND',
      }),
      '2026-11-25T10:15:30.123Z',
    ],
    [
      'Kinesis record, precision absent, milliseconds by magnitude',
      exampleKinesisRecord({ eventName: 'INSERT', images, time: 1_795_601_730_987, precision: null }),
      '2026-11-25T10:15:30.987Z',
    ],
    [
      'Kinesis record, precision absent, microseconds by magnitude',
      exampleKinesisRecord({ eventName: 'INSERT', images, time: 1_795_601_730_987_654, precision: null }),
      '2026-11-25T10:15:30.987Z',
    ],
    [
      'Streams record with fractional seconds',
      exampleStreamRecord({ eventName: 'INSERT', images, seconds: 1_795_601_730.5 }),
      '2026-11-25T10:15:30.500Z',
    ],
  ])('%s', (_case, record, expected) => {
    const outcome = transformFirehoseEvent(aFirehoseEvent([record]));
    expect(outcome.failures).toEqual([]);
    expect(rowOf(outcome.result.records[0]!).event_time).toBe(expected);
  });

  it('names the unit by wire format', () => {
    expect(timeUnitOf({ SequenceNumber: '1' })).toBe(TIME_UNIT.SECOND);
    expect(timeUnitOf({ ApproximateCreationDateTime: 1_795_601_730_123 })).toBe(TIME_UNIT.MILLISECOND);
    expect(timeUnitOf({ ApproximateCreationDateTime: 1_795_601_730_123_456 })).toBe(TIME_UNIT.MICROSECOND);
    expect(timeUnitOf({ ApproximateCreationDateTimePrecision: 'MILLISECOND' })).toBe(TIME_UNIT.MILLISECOND);
  });

  it.each([
    [
      'milliseconds read as microseconds (1970)',
      { ApproximateCreationDateTime: 1_795_601_730_123, ApproximateCreationDateTimePrecision: 'MICROSECOND' },
    ],
    ['seconds without a precision field', { ApproximateCreationDateTime: 1_795_601_730 }],
    [
      'seconds read as milliseconds (1970)',
      { ApproximateCreationDateTime: 1_795_601_730, ApproximateCreationDateTimePrecision: 'MILLISECOND' },
    ],
    [
      'milliseconds in a Streams record (far future)',
      { ApproximateCreationDateTime: 1_795_601_730_123, SequenceNumber: '1' },
    ],
    ['a string', { ApproximateCreationDateTime: '1795601730', SequenceNumber: '1' }],
    ['missing', { SequenceNumber: '1' }],
  ])('refuses %s, naming the field', (_case, dynamodb) => {
    expect(() => eventTimeMillis(dynamodb)).toThrow(/^dynamodb\.ApproximateCreationDateTime: expected/);
  });

  it('refuses an unknown precision, naming the field', () => {
    expect(() =>
      eventTimeMillis({ ApproximateCreationDateTime: 1, ApproximateCreationDateTimePrecision: 'NANOSECOND' }),
    ).toThrow(
      'dynamodb.ApproximateCreationDateTimePrecision: expected MILLISECOND or MICROSECOND (got "NANOSECOND")',
    );
  });

  it('puts a change at 23:59:59.999 UTC into that day and hour', () => {
    const record = exampleKinesisRecord({
      eventName: 'INSERT',
      images,
      time: Date.UTC(2026, 11, 31, 23, 59, 59, 999),
    });
    const outcome = transformFirehoseEvent(aFirehoseEvent([record]));
    expect(outcome.result.records[0]!.metadata).toEqual({ partitionKeys: { dt: '2026-12-31', hour: '23' } });
  });
});

describe('ApproximateCreationDateTime of a Kinesis record without ApproximateCreationDateTimePrecision', () => {
  const MS = INFERRED_TIME_RANGE.MILLISECOND;
  const US = INFERRED_TIME_RANGE.MICROSECOND;
  const absent = (time: number) => ({ ApproximateCreationDateTime: time });
  const withPrecision = (time: number, precision: 'MILLISECOND' | 'MICROSECOND') => ({
    ApproximateCreationDateTime: time,
    ApproximateCreationDateTimePrecision: precision,
  });
  /** The double just below `value`. */
  const below = (value: number) => value - value * Number.EPSILON;

  it('spans exactly the years 2000–2100 in either unit, so the two can never be confused', () => {
    expect(MS.from).toBeGreaterThanOrEqual(Date.UTC(2000, 0, 1));
    expect(MS.to).toBeLessThanOrEqual(Date.UTC(2100, 0, 1));
    expect(US.from).toBe(MS.from * 1000);
    expect(US.to).toBe(MS.to * 1000);
  });

  it.each([
    ['[9.5e11, 4.1e12)', 'milliseconds', TIME_UNIT.MILLISECOND, MS],
    ['[9.5e14, 4.1e15)', 'microseconds', TIME_UNIT.MICROSECOND, US],
  ] as const)('reads any value in %s as %s, as if the field said so', (_range, _name, unit, range) => {
    const inRange = fc.oneof(
      fc.double({ min: range.from, max: range.to, maxExcluded: true, noNaN: true }),
      fc.integer({ min: range.from, max: range.to - 1 }),
      fc.constantFrom(range.from, range.to - 1, below(range.to)),
    );
    fc.assert(
      fc.property(inRange, (time) => {
        expect(timeUnitOf(absent(time))).toBe(unit);
        expect(eventTimeMillis(absent(time))).toBe(eventTimeMillis(withPrecision(time, unit)));
      }),
      { numRuns: 1_000 },
    );
  });

  it('refuses any other number, naming the field and the value', () => {
    const outside = fc.oneof(
      fc.double({ max: MS.from, maxExcluded: true, noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: MS.to, max: US.from, maxExcluded: true, noNaN: true }),
      fc.double({ min: US.to, noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0, -0, below(MS.from), MS.to, below(US.from), US.to, 1_795_601_730),
    );
    fc.assert(
      fc.property(outside, (time) => {
        const refusal = (() => {
          try {
            eventTimeMillis(absent(time));
          } catch (error) {
            return error;
          }
          throw new Error(`${time} was accepted`);
        })();
        expect(refusal).toBeInstanceOf(NotAChangeRecordError);
        const { field, message } = refusal as NotAChangeRecordError;
        expect(field).toBe('dynamodb.ApproximateCreationDateTime');
        expect(message).toBe(
          'dynamodb.ApproximateCreationDateTime: expected epoch milliseconds in [9.5e11, 4.1e12) or ' +
            'microseconds in [9.5e14, 4.1e15), as dynamodb.ApproximateCreationDateTimePrecision is absent ' +
            `(got ${String(time)})`,
        );
      }),
      { numRuns: 1_000 },
    );
  });

  it('never looks at the magnitude when the field is present or the record is a Streams record', () => {
    // A millisecond value labelled MICROSECOND lands in 1970 and is refused, not re-read as milliseconds.
    expect(() => eventTimeMillis(withPrecision(1_795_601_730_123, 'MICROSECOND'))).toThrow(
      'epoch microseconds between 2000 and 2100',
    );
    expect(timeUnitOf({ ApproximateCreationDateTime: 1_795_601_730_123, SequenceNumber: '1' })).toBe(
      TIME_UNIT.SECOND,
    );
  });

  it('fails only that record in a batch, with the reason, and keeps its original data', () => {
    const good = exampleKinesisRecord({
      eventName: 'INSERT',
      images,
      time: 1_795_601_730_123,
      precision: null,
    });
    const bad = exampleKinesisRecord({ eventName: 'INSERT', images, time: 1_795_601_730, precision: null });
    const event = aFirehoseEvent([good, bad]);
    const outcome = transformFirehoseEvent(event);
    expect(outcome.result.records.map((record) => record.result)).toEqual(['Ok', 'ProcessingFailed']);
    expect(outcome.result.records[1]!.data).toBe(event.records[1]!.data);
    expect(outcome.failures).toEqual([
      {
        recordId: event.records[1]!.recordId,
        failureType: 'not-a-change-record',
        field: 'dynamodb.ApproximateCreationDateTime',
        reason: expect.stringMatching(
          /as dynamodb\.ApproximateCreationDateTimePrecision is absent \(got 1795601730\)$/,
        ),
      },
    ]);
  });
});
