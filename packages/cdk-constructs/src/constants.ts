import { ORDER_KEY_ATTRIBUTE } from '@org/order-schema';

/**
 * Where the Pipe starts reading the table's stream. `TRIM_HORIZON` (the default) reads the 24 hours the
 * stream keeps, so changes made while the Pipe is created or replaced are not dropped; records read twice
 * are harmless because the lake de-duplicates on `event_id`.
 */
export const STARTING_POSITION = {
  LATEST: 'LATEST',
  TRIM_HORIZON: 'TRIM_HORIZON',
} as const;
export type StartingPosition = (typeof STARTING_POSITION)[keyof typeof STARTING_POSITION];
export const STARTING_POSITIONS = Object.values(STARTING_POSITION);

/** The Kinesis partition key the Pipe takes from each stream record, so one order stays on one shard. */
export const PIPE_PARTITION_KEY_PATH = `$.dynamodb.Keys.${ORDER_KEY_ATTRIBUTE}.S`;

/** S3 key prefix of the lake error output; Firehose fills in the error type (processing-failed, …). */
export const ERROR_PREFIX_ROOT = 'errors/';
export const ERROR_OUTPUT_PREFIX = `${ERROR_PREFIX_ROOT}!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/`;

/** Key prefix of Athena query results in the results bucket (the workgroup's enforced output location). */
export const ATHENA_RESULTS_PREFIX = 'results/';

/** How long objects under `errors/` are kept by default, and the shortest retention allowed (0 = never expire). */
export const DEFAULT_ERROR_RETENTION_DAYS = 365;
export const MIN_ERROR_RETENTION_DAYS = 90;

/**
 * How long server access logs are kept: a year, or two weeks in a disposable stack (removal policy
 * DESTROY), whose access-logs bucket is retained on delete (see `LakeBuckets`) and so should empty soon.
 */
export const ACCESS_LOGS_RETENTION_DAYS = 365;
export const DISPOSABLE_ACCESS_LOGS_RETENTION_DAYS = 14;

/**
 * The `AWS/Firehose` metrics of a delivery stream whose source is a Kinesis Data Stream: the data
 * ingestion (Kinesis source), data transformation, S3 delivery, format conversion and dynamic
 * partitioning metrics of https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
 * The dashboard and alarms name only these. `IncomingRecords` and `IncomingBytes` are Direct PUT metrics,
 * there is no `ExecuteProcessing.Records`, and `ExecuteProcessing.Success` counts Lambda invocations, not
 * records: per-record transformer failures are only in the Lambda's own `RecordsFailed` metric (EMF).
 */
export const FIREHOSE_METRIC = {
  DATA_READ_FROM_KINESIS_STREAM_RECORDS: 'DataReadFromKinesisStream.Records',
  DATA_READ_FROM_KINESIS_STREAM_BYTES: 'DataReadFromKinesisStream.Bytes',
  KINESIS_MILLIS_BEHIND_LATEST: 'KinesisMillisBehindLatest',
  THROTTLED_GET_RECORDS: 'ThrottledGetRecords',
  THROTTLED_GET_SHARD_ITERATOR: 'ThrottledGetShardIterator',
  THROTTLED_DESCRIBE_STREAM: 'ThrottledDescribeStream',
  EXECUTE_PROCESSING_DURATION: 'ExecuteProcessing.Duration',
  EXECUTE_PROCESSING_SUCCESS: 'ExecuteProcessing.Success',
  SUCCEED_PROCESSING_RECORDS: 'SucceedProcessing.Records',
  SUCCEED_PROCESSING_BYTES: 'SucceedProcessing.Bytes',
  DELIVERY_TO_S3_RECORDS: 'DeliveryToS3.Records',
  DELIVERY_TO_S3_BYTES: 'DeliveryToS3.Bytes',
  DELIVERY_TO_S3_SUCCESS: 'DeliveryToS3.Success',
  DELIVERY_TO_S3_DATA_FRESHNESS: 'DeliveryToS3.DataFreshness',
  SUCCEED_CONVERSION_RECORDS: 'SucceedConversion.Records',
  SUCCEED_CONVERSION_BYTES: 'SucceedConversion.Bytes',
  FAILED_CONVERSION_RECORDS: 'FailedConversion.Records',
  FAILED_CONVERSION_BYTES: 'FailedConversion.Bytes',
  PARTITION_COUNT: 'PartitionCount',
  PARTITION_COUNT_EXCEEDED: 'PartitionCountExceeded',
} as const;
export type FirehoseMetric = (typeof FIREHOSE_METRIC)[keyof typeof FIREHOSE_METRIC];
export const FIREHOSE_METRICS = Object.values(FIREHOSE_METRIC);

/** The transformer bundle inside the installed @org/cdc-transformer package. */
export const TRANSFORMER_PACKAGE = '@org/cdc-transformer';
export const TRANSFORMER_BUNDLE_DIR = 'dist/lambda';
export const TRANSFORMER_BUNDLE_FILE = 'index.mjs';
export const TRANSFORMER_HANDLER = 'index.handler';

/** The `AthenaStatement` handler bundle inside this package; its handlers are `index.onEvent` and `index.isComplete`. */
export const CONSTRUCTS_PACKAGE = '@org/cdk-constructs';
export const ATHENA_STATEMENT_HANDLER_DIR = 'dist/athena-statement-handler';
export const ATHENA_STATEMENT_HANDLER_FILE = 'index.mjs';

/**
 * What one execution of the current-state table's state machine does (its input is `{ "job": … }`):
 * fold the recent window of the lake in, fold the whole lake in, or compact and clean the table.
 */
export const STATE_TABLE_JOB = {
  REFRESH: 'refresh',
  FULL_REFRESH: 'full-refresh',
  MAINTENANCE: 'maintenance',
} as const;
export type StateTableJob = (typeof STATE_TABLE_JOB)[keyof typeof STATE_TABLE_JOB];

/** The snapshot backfill's Lambda bundle inside this package; its handler is `index.handler`. */
export const BACKFILL_HANDLER_DIR = 'dist/backfill-handler';
export const BACKFILL_HANDLER_FILE = 'index.mjs';
