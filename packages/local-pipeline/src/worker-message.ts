import type {
  FirehoseTransformationEvent,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
} from './types';

/*
 * Events and responses cross the thread boundary as columns (arrays of strings, a Float64Array)
 * rather than as hundreds of small objects: structured clone copies a string array about six times
 * faster than the same strings inside nested objects, and the main thread, which also runs the
 * source and the stream, pays for half of every copy. Both sides rebuild exactly the objects sent.
 */

/** A transformation event as columns. */
export interface PackedEvent {
  invocationId: string;
  deliveryStreamArn: string;
  sourceKinesisStreamArn: string;
  region: string;
  recordIds: string[];
  data: string[];
  shardIds: string[];
  partitionKeys: string[];
  sequenceNumbers: string[];
  /** Record's approximateArrivalTimestamp, then its Kinesis metadata's, per record. */
  arrivals: Float64Array;
  subsequenceNumbers: number[];
}

/** A transformation response as columns; `metadata` holds each record's metadata JSON ('' when none). */
export interface PackedResult {
  recordIds: string[];
  results: string[];
  data: string[];
  metadata: string[];
}

export function packEvent(event: FirehoseTransformationEvent): PackedEvent {
  const count = event.records.length;
  const packed: PackedEvent = {
    invocationId: event.invocationId,
    deliveryStreamArn: event.deliveryStreamArn,
    sourceKinesisStreamArn: event.sourceKinesisStreamArn,
    region: event.region,
    recordIds: new Array(count),
    data: new Array(count),
    shardIds: new Array(count),
    partitionKeys: new Array(count),
    sequenceNumbers: new Array(count),
    arrivals: new Float64Array(count * 2),
    subsequenceNumbers: new Array(count),
  };
  event.records.forEach((record, index) => {
    const meta = record.kinesisRecordMetadata;
    packed.recordIds[index] = record.recordId;
    packed.data[index] = record.data;
    packed.shardIds[index] = meta.shardId;
    packed.partitionKeys[index] = meta.partitionKey;
    packed.sequenceNumbers[index] = meta.sequenceNumber;
    packed.arrivals[index * 2] = record.approximateArrivalTimestamp;
    packed.arrivals[index * 2 + 1] = meta.approximateArrivalTimestamp;
    packed.subsequenceNumbers[index] = meta.subsequenceNumber;
  });
  return packed;
}

export function unpackEvent(packed: PackedEvent): FirehoseTransformationEvent {
  return {
    invocationId: packed.invocationId,
    deliveryStreamArn: packed.deliveryStreamArn,
    sourceKinesisStreamArn: packed.sourceKinesisStreamArn,
    region: packed.region,
    records: packed.recordIds.map((recordId, index) => ({
      recordId,
      approximateArrivalTimestamp: packed.arrivals[index * 2]!,
      data: packed.data[index]!,
      kinesisRecordMetadata: {
        shardId: packed.shardIds[index]!,
        partitionKey: packed.partitionKeys[index]!,
        approximateArrivalTimestamp: packed.arrivals[index * 2 + 1]!,
        sequenceNumber: packed.sequenceNumbers[index]!,
        subsequenceNumber: packed.subsequenceNumbers[index]!,
      },
    })),
  };
}

/**
 * Packs a response when it has the shape the columns can carry exactly (a records array of objects
 * with string recordId, result and data, and an optional plain metadata object); anything else is
 * returned as undefined, to be sent as it is, so that the emulator's check sees what the handler returned.
 */
export function packResult(response: unknown): PackedResult | undefined {
  const records = (response as { records?: unknown } | null | undefined)?.records;
  if (!Array.isArray(records)) return undefined;
  const count = records.length;
  const packed: PackedResult = {
    recordIds: new Array(count),
    results: new Array(count),
    data: new Array(count),
    metadata: new Array(count),
  };
  for (let index = 0; index < count; index++) {
    const record = records[index] as Partial<FirehoseTransformationResultRecord> | null;
    if (
      typeof record !== 'object' ||
      record === null ||
      typeof record.recordId !== 'string' ||
      typeof record.result !== 'string' ||
      typeof record.data !== 'string' ||
      (record.metadata !== undefined && (typeof record.metadata !== 'object' || record.metadata === null))
    ) {
      return undefined;
    }
    packed.recordIds[index] = record.recordId;
    packed.results[index] = record.result;
    packed.data[index] = record.data;
    packed.metadata[index] = record.metadata === undefined ? '' : JSON.stringify(record.metadata);
  }
  return packed;
}

export function unpackResult(packed: PackedResult): FirehoseTransformationResult {
  return {
    records: packed.recordIds.map((recordId, index) => {
      const record = {
        recordId,
        result: packed.results[index],
        data: packed.data[index]!,
      } as FirehoseTransformationResultRecord;
      const metadata = packed.metadata[index]!;
      if (metadata !== '')
        record.metadata = JSON.parse(metadata) as FirehoseTransformationResultRecord['metadata'];
      return record;
    }),
  };
}
