import type {
  FirehoseRecordResult,
  FirehoseTransformationEvent as HandlerEvent,
  FirehoseTransformationEventRecord as HandlerEventRecord,
  LambdaContext as HandlerLambdaContext,
  KinesisRecordMetadata,
} from '@org/cdc-transformer';
import type { AttributeMap, EventName, Order } from '@org/order-schema';

/**
 * One record of a Firehose data-transformation event as Firehose sends it from a Kinesis data stream:
 * `subsequenceNumber` is the number real events carry, where the transformer's types (like
 * `@types/aws-lambda`'s) say string.
 */
export interface FirehoseTransformationEventRecord extends Omit<HandlerEventRecord, 'kinesisRecordMetadata'> {
  kinesisRecordMetadata: Omit<KinesisRecordMetadata, 'subsequenceNumber'> & { subsequenceNumber: number };
}

/** The event Firehose sends to a transformation Lambda (Kinesis Data Streams source). */
export interface FirehoseTransformationEvent
  extends Omit<HandlerEvent, 'sourceKinesisStreamArn' | 'records'> {
  sourceKinesisStreamArn: string;
  records: FirehoseTransformationEventRecord[];
}

/** What the emulator accepts back: any partition keys, checked when the response is read. */
export interface FirehoseTransformationResultRecord {
  recordId: string;
  result: FirehoseRecordResult;
  data: string;
  metadata?: { partitionKeys?: Record<string, string> };
}

/** What a transformation Lambda returns to Firehose. */
export interface FirehoseTransformationResult {
  records: FirehoseTransformationResultRecord[];
}

/** A Lambda handler as Firehose invokes it. */
export type FirehoseTransformationHandler = (
  event: FirehoseTransformationEvent,
  context: LambdaContext,
) => Promise<FirehoseTransformationResult> | FirehoseTransformationResult;

/** The Lambda context as the runtime passes it: everything the transformer reads, and the rest. */
export interface LambdaContext extends Required<HandlerLambdaContext> {
  callbackWaitsForEmptyEventLoop: boolean;
  done(): void;
  fail(): void;
  succeed(): void;
}

/**
 * Who made a change, where DynamoDB says it: `{ type: 'Service', principalId: 'dynamodb.amazonaws.com' }`
 * on a delete by Time to Live (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html).
 */
export interface StreamUserIdentity {
  type: string;
  principalId: string;
}

/** The stream's view type: which images its records carry. */
export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

/**
 * A DynamoDB Streams record in its JSON wire form, as an EventBridge Pipe (or a Lambda trigger) gets
 * it: the embedded table writes NEW_AND_OLD_IMAGES records; a real endpoint's are kept as it sent them.
 */
export interface StreamRecord {
  eventID: string;
  eventName: EventName;
  eventVersion: string;
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  dynamodb: {
    ApproximateCreationDateTime: number;
    Keys: AttributeMap;
    NewImage?: AttributeMap;
    OldImage?: AttributeMap;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: StreamViewType;
  };
  /** Present on deletes by Time to Live. */
  userIdentity?: StreamUserIdentity;
  eventSourceARN: string;
}

/** A change's JSON, written once by the source so that no stage serialises an image twice. */
export interface SerializedChange {
  /** The whole DynamoDB Streams record. */
  record: string;
  awsRegion: string;
  sizeBytes: number;
  keys: string;
  newImage?: string;
  oldImage?: string;
}

/**
 * One change leaving the source: the stream record plus the write time in milliseconds, which
 * Kinesis Data Streams for DynamoDB keeps and DynamoDB Streams rounds down to seconds.
 */
export interface TableChange {
  readonly eventName: EventName;
  readonly orderId: string;
  readonly record: StreamRecord;
  readonly writtenAtMs: number;
  /** The record's JSON, when the source has it (the embedded table does). */
  readonly json?: SerializedChange;
}

/** Receives a source's changes in order; awaiting it is the pipeline's back-pressure. */
export type ChangeSink = (change: TableChange) => Promise<void>;

/** A record in a Kinesis-like shard. */
export interface ShardRecord {
  shardId: string;
  partitionKey: string;
  sequenceNumber: string;
  /** Epoch milliseconds on the run's clock. */
  approximateArrivalTimestamp: number;
  data: Buffer;
}

/** The source table's final state, order by order (a `Map` is one). */
export interface SourceState {
  readonly size: number;
  get(orderId: string): Order | undefined;
  keys(): Iterable<string>;
}
