/** Where the local run takes its change records from. */
export const CAPTURE_MODE = {
  /** DynamoDB Streams records as an EventBridge Pipe forwards them to Kinesis (epoch seconds, SequenceNumber). */
  EVENTBRIDGE_PIPE: 'eventbridge-pipe',
  /** Kinesis Data Streams for DynamoDB records (epoch milliseconds, UUID eventID, no SequenceNumber). */
  KINESIS_DESTINATION: 'kinesis-destination',
} as const;
export type CaptureMode = (typeof CAPTURE_MODE)[keyof typeof CAPTURE_MODE];
export const CAPTURE_MODES = Object.values(CAPTURE_MODE);

/** How Firehose writes Ok rows to the lake. */
export const OUTPUT_FORMAT = {
  /** GZIP-compressed JSON lines (`.gz`). */
  JSON: 'json',
  /** Parquet converted with the lake schema (`.parquet`, SNAPPY inside, no outer compression). */
  PARQUET: 'parquet',
} as const;
export type OutputFormat = (typeof OUTPUT_FORMAT)[keyof typeof OUTPUT_FORMAT];
export const OUTPUT_FORMATS = Object.values(OUTPUT_FORMAT);

/**
 * How a Kinesis Data Streams for DynamoDB record gives its time: `ms` and `us` with
 * `ApproximateCreationDateTimePrecision` MILLISECOND or MICROSECOND, `absent` in milliseconds without
 * that field, as from a destination enabled without the precision setting.
 */
export const KINESIS_PRECISION = {
  MILLISECOND: 'ms',
  MICROSECOND: 'us',
  ABSENT: 'absent',
} as const;
export type KinesisPrecision = (typeof KINESIS_PRECISION)[keyof typeof KINESIS_PRECISION];
export const KINESIS_PRECISIONS = Object.values(KINESIS_PRECISION);

/** Defaults of a local run. */
export const DEFAULTS = {
  orders: 2000,
  seed: 42,
  outDir: '.cdc-local',
  capture: CAPTURE_MODE.EVENTBRIDGE_PIPE,
  format: OUTPUT_FORMAT.JSON,
  shards: 4,
  /** One worker thread runs the handler, as one Lambda instance beside Firehose. */
  handlerThreads: 1,
  region: 'eu-west-1',
  accountId: '000000000000',
  deliveryStreamName: 'orders-cdc',
  tableName: 'OrdersRawTable',
  /** What the CDK construct deploys: its Kinesis destination is enabled with MILLISECOND. */
  kinesisPrecision: KINESIS_PRECISION.MILLISECOND,
  /** Firehose processor hints: 1 MB, 60 s (AWS's defaults); the interval runs on the wall clock. */
  processorBufferBytes: 1024 * 1024,
  processorBufferIntervalMs: 60_000,
  /**
   * S3 destination hints: 64 MB (the floor with dynamic partitioning) and 900 s (the ceiling), on the
   * run's simulated clock, so that partitions close as event time moves on, as they would live.
   */
  destinationBufferBytes: 64 * 1024 * 1024,
  destinationBufferIntervalMs: 900_000,
} as const;
