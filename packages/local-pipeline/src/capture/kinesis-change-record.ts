import type { KinesisDynamoDBChangeRecord, TimestampPrecision } from '@org/order-schema';
import { KINESIS_PRECISION, type KinesisPrecision } from '../constants';
import type { TableChange } from '../source/table-change';

/**
 * The write time as the record carries it: epoch milliseconds, or microseconds whose sub-millisecond
 * digits come from the eventID (the embedded table keeps milliseconds only), so that the transformer's
 * truncation is exercised.
 */
function creationDateTime(writtenAtMs: number, precision: KinesisPrecision, eventId: string): number {
  if (precision !== KINESIS_PRECISION.MICROSECOND) return writtenAtMs;
  return writtenAtMs * 1000 + (Number.parseInt(eventId.slice(-3), 16) % 1000);
}

const PRECISION_FIELD: Record<KinesisPrecision, TimestampPrecision | undefined> = {
  ms: 'MILLISECOND',
  us: 'MICROSECOND',
  absent: undefined,
};

/**
 * The same change as Kinesis Data Streams for DynamoDB writes it: a UUID eventID, the write time in
 * epoch milliseconds or microseconds (with `precision` `ms`, the MILLISECOND our construct sets), no
 * SequenceNumber, StreamViewType or eventVersion. Keys are in the order real records have them, the
 * precision field last in `dynamodb` and left out for `absent`.
 */
export function toKinesisChangeRecord(
  change: TableChange,
  tableName: string,
  eventId: string,
  precision: KinesisPrecision = KINESIS_PRECISION.MILLISECOND,
): KinesisDynamoDBChangeRecord {
  const { record } = change;
  const source = record.dynamodb;
  const field = PRECISION_FIELD[precision];
  return {
    awsRegion: record.awsRegion,
    eventID: eventId,
    eventName: record.eventName,
    userIdentity: record.userIdentity ?? null,
    recordFormat: 'application/json',
    tableName,
    dynamodb: {
      ApproximateCreationDateTime: creationDateTime(change.writtenAtMs, precision, eventId),
      Keys: source.Keys,
      ...(source.NewImage && { NewImage: source.NewImage }),
      ...(source.OldImage && { OldImage: source.OldImage }),
      SizeBytes: source.SizeBytes,
      ...(field && { ApproximateCreationDateTimePrecision: field }),
    },
    eventSource: 'aws:dynamodb',
  };
}
