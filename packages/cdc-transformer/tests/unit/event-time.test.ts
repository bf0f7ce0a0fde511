import { describe, expect, it } from 'vitest';
import { eventTimeMillis, TIME_UNIT, timeUnitOf, transformFirehoseEvent } from '../../src/index';
import {
  aFirehoseEvent,
  aKinesisRecord,
  anOrder,
  aStreamsRecord,
  imagesFor,
  rowOf,
} from '../helpers/factories';

const images = imagesFor('INSERT', anOrder());

describe('ApproximateCreationDateTime', () => {
  it.each([
    [
      'Streams record: epoch seconds',
      aStreamsRecord({ eventName: 'INSERT', ...images, seconds: 1_795_601_730 }),
      '2026-11-25T10:15:30.000Z',
    ],
    [
      'Kinesis record, MILLISECOND',
      aKinesisRecord({ eventName: 'INSERT', ...images, time: 1_795_601_730_123, precision: 'MILLISECOND' }),
      '2026-11-25T10:15:30.123Z',
    ],
    [
      'Kinesis record, MICROSECOND (truncated to ms)',
      aKinesisRecord({
        eventName: 'INSERT',
        ...images,
        time: 1_795_601_730_123_999,
        precision: 'MICROSECOND',
      }),
      '2026-11-25T10:15:30.123Z',
    ],
    [
      'Kinesis record, precision absent means MICROSECOND',
      aKinesisRecord({ eventName: 'INSERT', ...images, time: 1_795_601_730_987_654, precision: null }),
      '2026-11-25T10:15:30.987Z',
    ],
    [
      'Streams record with fractional seconds',
      aStreamsRecord({ eventName: 'INSERT', ...images, seconds: 1_795_601_730.5 }),
      '2026-11-25T10:15:30.500Z',
    ],
  ])('%s → %s', (_case, record, expected) => {
    const outcome = transformFirehoseEvent(aFirehoseEvent([record]));
    expect(outcome.failures).toEqual([]);
    expect(rowOf(outcome.result.records[0]!).event_time).toBe(expected);
  });

  it('names the unit by wire format', () => {
    expect(timeUnitOf({ SequenceNumber: '1' })).toBe(TIME_UNIT.SECOND);
    expect(timeUnitOf({})).toBe(TIME_UNIT.MICROSECOND);
    expect(timeUnitOf({ ApproximateCreationDateTimePrecision: 'MILLISECOND' })).toBe(TIME_UNIT.MILLISECOND);
  });

  it.each([
    ['milliseconds read as microseconds (1970)', { ApproximateCreationDateTime: 1_795_601_730_123 }],
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
    const record = aKinesisRecord({
      eventName: 'INSERT',
      ...images,
      time: Date.UTC(2026, 11, 31, 23, 59, 59, 999),
    });
    const outcome = transformFirehoseEvent(aFirehoseEvent([record]));
    expect(outcome.result.records[0]!.metadata).toEqual({ partitionKeys: { dt: '2026-12-31', hour: '23' } });
  });
});
