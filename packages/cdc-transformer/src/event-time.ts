import { NotAChangeRecordError } from './errors';
import { EARLIEST_EVENT_MILLIS, LATEST_EVENT_MILLIS } from './iso-timestamp';

/** Units of `dynamodb.ApproximateCreationDateTime`. */
export const TIME_UNIT = {
  SECOND: 'SECOND',
  MILLISECOND: 'MILLISECOND',
  MICROSECOND: 'MICROSECOND',
} as const;
export type TimeUnit = (typeof TIME_UNIT)[keyof typeof TIME_UNIT];

const FIELD = 'dynamodb.ApproximateCreationDateTime';
const PRECISION_FIELD = 'dynamodb.ApproximateCreationDateTimePrecision';

/**
 * The unit of `ApproximateCreationDateTime`: DynamoDB Streams records (as a Pipe forwards them) carry
 * epoch seconds and a SequenceNumber; Kinesis Data Streams for DynamoDB records carry no
 * SequenceNumber and say MILLISECOND or MICROSECOND, where absent means MICROSECOND (AWS's default).
 */
export function timeUnitOf(dynamodb: Record<string, unknown>): TimeUnit {
  const precision = dynamodb['ApproximateCreationDateTimePrecision'];
  if (precision === undefined) {
    return dynamodb['SequenceNumber'] === undefined ? TIME_UNIT.MICROSECOND : TIME_UNIT.SECOND;
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
