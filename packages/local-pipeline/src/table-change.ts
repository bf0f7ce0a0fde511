import type { EventName } from '@org/order-schema';
import { type StreamOrigin, streamArn } from './stream-record';
import type { SerializedChange, StreamRecord, TableChange } from './types';

/** The parts of one committed write, its images already as JSON. */
export interface ChangeParts {
  eventID: string;
  eventName: EventName;
  orderId: string;
  sequenceNumber: string;
  writtenAtMs: number;
  newImage?: string;
  oldImage?: string;
  sizeBytes: number;
}

/**
 * A change of the embedded table, serialised once: the DynamoDB Streams record's JSON is put
 * together from the stored images' JSON (in the key order DynamoDB Streams uses), and the record
 * object is only parsed if a stage asks for it.
 */
export class SerializedTableChange implements TableChange {
  public readonly eventName: EventName;
  public readonly orderId: string;
  public readonly writtenAtMs: number;
  public readonly json: SerializedChange;
  private parsed: StreamRecord | undefined;

  public constructor(parts: ChangeParts, origin: StreamOrigin) {
    this.eventName = parts.eventName;
    this.orderId = parts.orderId;
    this.writtenAtMs = parts.writtenAtMs;
    const keys = `{"orderId":{"S":${JSON.stringify(parts.orderId)}}}`;
    const record =
      `{"eventID":"${parts.eventID}","eventName":"${parts.eventName}","eventVersion":"1.1",` +
      `"eventSource":"aws:dynamodb","awsRegion":${JSON.stringify(origin.region)},` +
      `"dynamodb":{"ApproximateCreationDateTime":${Math.floor(parts.writtenAtMs / 1000)},"Keys":${keys}` +
      (parts.newImage ? `,"NewImage":${parts.newImage}` : '') +
      (parts.oldImage ? `,"OldImage":${parts.oldImage}` : '') +
      `,"SequenceNumber":"${parts.sequenceNumber}","SizeBytes":${parts.sizeBytes},` +
      `"StreamViewType":"NEW_AND_OLD_IMAGES"},"eventSourceARN":${JSON.stringify(streamArn(origin))}}`;
    this.json = {
      record,
      awsRegion: origin.region,
      sizeBytes: parts.sizeBytes,
      keys,
      newImage: parts.newImage,
      oldImage: parts.oldImage,
    };
  }

  public get record(): StreamRecord {
    this.parsed ??= JSON.parse(this.json.record) as StreamRecord;
    return this.parsed;
  }
}
