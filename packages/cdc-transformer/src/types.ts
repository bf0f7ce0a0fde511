import type { ChangeType, SchemaVersion } from '@org/order-schema';
import type { FailureType, FirehoseRecordResult } from './constants';

// These Firehose types match `@types/aws-lambda`'s field by field, so that either package's event and
// result can be passed where the other's is expected (both ways, also under
// `exactOptionalPropertyTypes`): `tests/types/aws-lambda-consumer.ts` keeps it so.

/** Where a Firehose record came from in the Kinesis data stream. */
export interface KinesisRecordMetadata {
  shardId: string;
  partitionKey: string;
  /** Epoch milliseconds. */
  approximateArrivalTimestamp: number;
  sequenceNumber: string;
  /**
   * Real events carry a number here (`0`); typed as a string as `@types/aws-lambda` types it, so the
   * two event types stay interchangeable. The transformer never reads it.
   */
  subsequenceNumber: string;
}

/** One record of a Firehose data-transformation event. `recordId` is opaque. */
export interface FirehoseTransformationEventRecord {
  recordId: string;
  /** Epoch milliseconds at which Firehose received the record. */
  approximateArrivalTimestamp: number;
  /** Base64 of the JSON of one DynamoDB change record. */
  data: string;
  kinesisRecordMetadata?: KinesisRecordMetadata | undefined;
}

/** The event Firehose sends to its transformation Lambda (Kinesis data stream source). */
export interface FirehoseTransformationEvent {
  invocationId: string;
  deliveryStreamArn: string;
  sourceKinesisStreamArn?: string | undefined;
  region: string;
  records: FirehoseTransformationEventRecord[];
}

/** Firehose metadata of a record: the keys dynamic partitioning reads (`dt` and `hour` from this package). */
export interface FirehoseTransformationMetadata {
  partitionKeys: { [name: string]: string };
}

/**
 * One record of the response. This package always sets `data`: the lake row line (Ok) or the original
 * data (ProcessingFailed); and `metadata.partitionKeys` `{ dt, hour }` on every Ok record. Firehose
 * itself lets a Dropped record leave `data` out, hence the optional fields.
 */
export interface FirehoseTransformationResultRecord {
  recordId: string;
  result: FirehoseRecordResult;
  data?: string;
  metadata?: FirehoseTransformationMetadata;
}

/** The response to Firehose: every input recordId exactly once, in input order. */
export interface FirehoseTransformationResult {
  records: FirehoseTransformationResultRecord[];
}

/** Options of `processFirehoseEvent` and `transformFirehoseEvent`. */
export interface ProcessOptions {
  /**
   * Largest response, in bytes of its JSON, that the function may return. Records whose Ok rows do
   * not fit are returned as ProcessingFailed with their original data.
   * @default 6_000_000
   */
  maxResponseBytes?: number | undefined;
  /**
   * The lake row layout to write, from 1 to order-schema's `SCHEMA_VERSION`: what a transformer of
   * that version writes. Only a staged upgrade needs an older one, to go on writing the old layout
   * until readers have the new columns (the local pipeline plays one with it). Attributes that
   * layout has no column for are ignored, as a transformer of that version ignores them.
   * @default SCHEMA_VERSION (2)
   */
  schemaVersion?: SchemaVersion | undefined;
}

/** Why one record was returned as ProcessingFailed; `reason` names the field and the value (never an e-mail). */
export interface RecordFailure {
  recordId: string;
  failureType: FailureType;
  field: string;
  reason: string;
}

/** Counts over one batch, for logs and metrics. */
export interface BatchSummary {
  recordsIn: number;
  ok: number;
  failed: number;
  /** Of `failed`: valid rows that did not fit the response size limit. */
  overResponseLimit: number;
  /** Ok rows per change type. */
  changeTypes: Record<ChangeType, number>;
  /** Ok rows per `dt=…/hour=…` partition. */
  partitions: Record<string, number>;
  /** Base64 characters of input `data`, summed. */
  inputDataBytes: number;
  /** Bytes of the response JSON. */
  responseBytes: number;
}

/** The response plus what happened to each record. */
export interface BatchOutcome {
  result: FirehoseTransformationResult;
  summary: BatchSummary;
  failures: RecordFailure[];
}

/** The parts of the Lambda context the adapter reads; a real `Context` fits. */
export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName?: string | undefined;
  logStreamName?: string | undefined;
  getRemainingTimeInMillis?: (() => number) | undefined;
}
