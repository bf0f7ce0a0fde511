import type { AttributeMap, EventName } from '@org/order-schema';
import { KINESIS_PRECISION, type KinesisPrecision } from './constants';
import type { StreamUserIdentity, TableChange } from './types';

/** A Kinesis Data Streams for DynamoDB change record in its JSON wire form. */
export interface KinesisChangeRecord {
  awsRegion: string;
  eventID: string;
  eventName: EventName;
  /** Who made the change: `null`, or DynamoDB itself for a TTL delete. */
  userIdentity: StreamUserIdentity | null;
  recordFormat: 'application/json';
  tableName: string;
  dynamodb: {
    ApproximateCreationDateTime: number;
    Keys: AttributeMap;
    NewImage?: AttributeMap;
    OldImage?: AttributeMap;
    SizeBytes: number;
    ApproximateCreationDateTimePrecision?: 'MILLISECOND' | 'MICROSECOND';
  };
  eventSource: 'aws:dynamodb';
}

/**
 * The write time as the record carries it: epoch milliseconds, or microseconds whose sub-millisecond
 * digits come from the eventID (the embedded table keeps milliseconds only), so that the transformer's
 * truncation is exercised.
 */
function creationDateTime(writtenAtMs: number, precision: KinesisPrecision, eventId: string): number {
  if (precision !== KINESIS_PRECISION.MICROSECOND) return writtenAtMs;
  return writtenAtMs * 1000 + (Number.parseInt(eventId.slice(-3), 16) % 1000);
}

const PRECISION_FIELD: Record<
  KinesisPrecision,
  KinesisChangeRecord['dynamodb']['ApproximateCreationDateTimePrecision']
> = {
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
): KinesisChangeRecord {
  const source = change.record.dynamodb;
  const field = PRECISION_FIELD[precision];
  const dynamodb: KinesisChangeRecord['dynamodb'] = {
    ApproximateCreationDateTime: creationDateTime(change.writtenAtMs, precision, eventId),
    Keys: source.Keys,
    ...(source.NewImage ? { NewImage: source.NewImage } : {}),
    ...(source.OldImage ? { OldImage: source.OldImage } : {}),
    SizeBytes: source.SizeBytes,
    ...(field ? { ApproximateCreationDateTimePrecision: field } : {}),
  };
  return {
    awsRegion: change.record.awsRegion,
    eventID: eventId,
    eventName: change.record.eventName,
    userIdentity: change.record.userIdentity ?? null,
    recordFormat: 'application/json',
    tableName,
    dynamodb,
    eventSource: 'aws:dynamodb',
  };
}

/**
 * The JSON of `toKinesisChangeRecord`, reusing the images' JSON when the source serialised them
 * already (same keys, same order; such a source, the embedded table, has no TTL deletes, so no
 * userIdentity).
 */
export function kinesisChangeRecordJson(
  change: TableChange,
  tableName: string,
  eventId: string,
  precision: KinesisPrecision = KINESIS_PRECISION.MILLISECOND,
): string {
  const json = change.json;
  if (!json) return JSON.stringify(toKinesisChangeRecord(change, tableName, eventId, precision));
  const field = PRECISION_FIELD[precision];
  return (
    `{"awsRegion":${JSON.stringify(json.awsRegion)},"eventID":${JSON.stringify(eventId)},` +
    `"eventName":"${change.eventName}","userIdentity":null,"recordFormat":"application/json",` +
    `"tableName":${JSON.stringify(tableName)},"dynamodb":{"ApproximateCreationDateTime":${creationDateTime(change.writtenAtMs, precision, eventId)},` +
    `"Keys":${json.keys}` +
    (json.newImage ? `,"NewImage":${json.newImage}` : '') +
    (json.oldImage ? `,"OldImage":${json.oldImage}` : '') +
    `,"SizeBytes":${json.sizeBytes}` +
    (field ? `,"ApproximateCreationDateTimePrecision":"${field}"` : '') +
    `},"eventSource":"aws:dynamodb"}`
  );
}
