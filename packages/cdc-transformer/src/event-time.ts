import { NotAChangeRecordError } from './errors';
import { EARLIEST_EVENT_MILLIS, LATEST_EVENT_MILLIS } from './iso-timestamp';

/** Units of `dynamodb.ApproximateCreationDateTime`. */
export const TIME_UNIT = {
  SECOND: 'SECOND',
  MILLISECOND: 'MILLISECOND',
  MICROSECOND: 'MICROSECOND',
} as const;
export type TimeUnit = (typeof TIME_UNIT)[keyof typeof TIME_UNIT];

/**
 * Where epoch milliseconds and epoch microseconds of the years 2000–2100 fall: the two ranges are
 * three orders of magnitude apart, so a Kinesis record without a precision field says its unit by
 * its size.
 */
export const INFERRED_TIME_RANGE = {
  MILLISECOND: { from: 9.5e11, to: 4.1e12 },
  MICROSECOND: { from: 9.5e14, to: 4.1e15 },
} as const;

const FIELD = 'dynamodb.ApproximateCreationDateTime';
const PRECISION_FIELD = 'dynamodb.ApproximateCreationDateTimePrecision';
const MS = INFERRED_TIME_RANGE.MILLISECOND;
const US = INFERRED_TIME_RANGE.MICROSECOND;
const short = (value: number): string => value.toExponential().replace('+', '');
const INFERRED_RANGES_TEXT = `epoch milliseconds in [${short(MS.from)}, ${short(MS.to)}) or microseconds in [${short(US.from)}, ${short(US.to)}), as ${PRECISION_FIELD} is absent`;

/**
 * The unit of a Kinesis record's time when it has no precision field. Such records come from
 * destinations enabled without the precision setting, and every public sample of them is in
 * milliseconds; the magnitude decides rather than a guess either way.
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/kds.html)
 */
function unitByMagnitude(raw: unknown): TimeUnit {
  if (typeof raw === 'number') {
    if (raw >= MS.from && raw < MS.to) return TIME_UNIT.MILLISECOND;
    if (raw >= US.from && raw < US.to) return TIME_UNIT.MICROSECOND;
  }
  throw new NotAChangeRecordError(FIELD, INFERRED_RANGES_TEXT, raw);
}

/**
 * The unit of `ApproximateCreationDateTime`: DynamoDB Streams records (as a Pipe forwards them) carry
 * epoch seconds and a SequenceNumber; Kinesis Data Streams for DynamoDB records carry no
 * SequenceNumber and say MILLISECOND or MICROSECOND in `ApproximateCreationDateTimePrecision`. When a
 * Kinesis record has no such field, the value's magnitude says which (`INFERRED_TIME_RANGE`), and a
 * value in neither range is refused.
 */
export function timeUnitOf(dynamodb: Record<string, unknown>): TimeUnit {
  const precision = dynamodb['ApproximateCreationDateTimePrecision'];
  if (precision === undefined) {
    return dynamodb['SequenceNumber'] === undefined
      ? unitByMagnitude(dynamodb['ApproximateCreationDateTime'])
      : TIME_UNIT.SECOND;
  }
  if (precision === TIME_UNIT.MILLISECOND || precision === TIME_UNIT.MICROSECOND) return precision;
  throw new NotAChangeRecordError(PRECISION_FIELD, 'MILLISECOND or MICROSECOND', precision);
}

/**
 * `ApproximateCreationDateTime` as epoch milliseconds (microseconds are truncated). A value that lands
 * outside 2000–2100 in its unit is refused: it means the unit was misread, and a wrong partition is
 * worse than a failed record.
 */
export function eventTimeMillis(dynamodb: Record<string, unknown>): number {
  const raw = dynamodb['ApproximateCreationDateTime'];
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    throw new NotAChangeRecordError(FIELD, 'an epoch number', raw);
  }
  const unit = timeUnitOf(dynamodb);
  const millis =
    unit === TIME_UNIT.SECOND
      ? Math.round(raw * 1000)
      : unit === TIME_UNIT.MILLISECOND
        ? Math.floor(raw)
        : Math.floor(raw / 1000);
  if (millis < EARLIEST_EVENT_MILLIS || millis >= LATEST_EVENT_MILLIS) {
    throw new NotAChangeRecordError(FIELD, `epoch ${unit.toLowerCase()}s between 2000 and 2100`, raw);
  }
  return millis;
}
