import type { AttributeMap, EventName } from '@org/order-schema';
import type { TableChange } from './types';

/** A Kinesis Data Streams for DynamoDB change record in its JSON wire form. */
export interface KinesisChangeRecord {
  awsRegion: string;
  eventID: string;
  eventName: EventName;
  userIdentity: null;
  recordFormat: 'application/json';
  tableName: string;
  dynamodb: {
    ApproximateCreationDateTime: number;
    ApproximateCreationDateTimePrecision: 'MILLISECOND';
    Keys: AttributeMap;
    NewImage?: AttributeMap;
    OldImage?: AttributeMap;
    SizeBytes: number;
  };
  eventSource: 'aws:dynamodb';
}

/**
 * The same change as Kinesis Data Streams for DynamoDB writes it (with the MILLISECOND precision our
 * construct sets): a UUID eventID, the write time in epoch milliseconds, no SequenceNumber,
 * StreamViewType or eventVersion.
 */
export function toKinesisChangeRecord(
  change: TableChange,
  tableName: string,
  eventId: string,
): KinesisChangeRecord {
  const source = change.record.dynamodb;
  const dynamodb: KinesisChangeRecord['dynamodb'] = {
    ApproximateCreationDateTime: change.writtenAtMs,
    ApproximateCreationDateTimePrecision: 'MILLISECOND',
    Keys: source.Keys,
    SizeBytes: source.SizeBytes,
  };
  if (source.NewImage) dynamodb.NewImage = source.NewImage;
  if (source.OldImage) dynamodb.OldImage = source.OldImage;
  return {
    awsRegion: change.record.awsRegion,
    eventID: eventId,
    eventName: change.record.eventName,
    userIdentity: null,
    recordFormat: 'application/json',
    tableName,
    dynamodb,
    eventSource: 'aws:dynamodb',
  };
}

/**
 * The JSON of `toKinesisChangeRecord`, reusing the images' JSON when the source serialised them
 * already (same keys, same order).
 */
export function kinesisChangeRecordJson(change: TableChange, tableName: string, eventId: string): string {
  const json = change.json;
  if (!json) return JSON.stringify(toKinesisChangeRecord(change, tableName, eventId));
  return (
    `{"awsRegion":${JSON.stringify(json.awsRegion)},"eventID":${JSON.stringify(eventId)},` +
    `"eventName":"${change.eventName}","userIdentity":null,"recordFormat":"application/json",` +
    `"tableName":${JSON.stringify(tableName)},"dynamodb":{"ApproximateCreationDateTime":${change.writtenAtMs},` +
    `"ApproximateCreationDateTimePrecision":"MILLISECOND","Keys":${json.keys}` +
    (json.newImage ? `,"NewImage":${json.newImage}` : '') +
    (json.oldImage ? `,"OldImage":${json.oldImage}` : '') +
    `,"SizeBytes":${json.sizeBytes}},"eventSource":"aws:dynamodb"}`
  );
}
