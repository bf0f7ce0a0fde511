/** Where the local run takes its change records from. */
export const CAPTURE_MODE = {
  /** DynamoDB Streams records as an EventBridge Pipe forwards them to Kinesis (epoch seconds, SequenceNumber). */
  PIPE: 'pipe',
  /** Kinesis Data Streams for DynamoDB records (epoch milliseconds, UUID eventID, no SequenceNumber). */
  KINESIS: 'kinesis',
} as const;
export type CaptureMode = (typeof CAPTURE_MODE)[keyof typeof CAPTURE_MODE];
export const CAPTURE_MODES = Object.values(CAPTURE_MODE);

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

/** How Firehose writes Ok rows to the lake. */
export const OUTPUT_FORMAT = {
  /** GZIP-compressed JSON lines (`.gz`). */
  JSON: 'json',
  /** Parquet converted with the lake schema (`.parquet`, SNAPPY inside, no outer compression). */
  PARQUET: 'parquet',
} as const;
export type OutputFormat = (typeof OUTPUT_FORMAT)[keyof typeof OUTPUT_FORMAT];
export const OUTPUT_FORMATS = Object.values(OUTPUT_FORMAT);

/** Firehose's `!{firehose:error-output-type}` values that the emulator produces. */
export const ERROR_OUTPUT_TYPE = {
  PROCESSING_FAILED: 'processing-failed',
  FORMAT_CONVERSION_FAILED: 'format-conversion-failed',
} as const;
export type ErrorOutputType = (typeof ERROR_OUTPUT_TYPE)[keyof typeof ERROR_OUTPUT_TYPE];

/** Firehose error codes written into error records. */
export const FIREHOSE_ERROR_CODE = {
  PROCESSING_FAILED_STATUS: 'Lambda.ProcessingFailedStatus',
  FUNCTION_ERROR: 'Lambda.FunctionError',
  MISSING_RECORD_ID: 'Lambda.MissingRecordId',
  DUPLICATED_RECORD_ID: 'Lambda.DuplicatedRecordId',
  INVALID_RESPONSE: 'Lambda.JsonProcessingException',
  RESPONSE_TOO_LARGE: 'Lambda.ResponseSizeExceeded',
  MISSING_PARTITION_KEYS: 'DynamicPartitioning.MetadataExtractionFailed',
  FORMAT_CONVERSION: 'DataFormatConversion.ParseError',
} as const;

/** Firehose and Lambda limits the emulator enforces. */
export const FIREHOSE_LIMITS = {
  /** Lambda's synchronous invoke payload limit, on the request and on the response. */
  maxInvokePayloadBytes: 6 * 1024 * 1024,
  /** Processor buffer size hint range (MB in the console; bytes here). */
  minProcessorBufferBytes: 200 * 1024,
  maxProcessorBufferBytes: 3 * 1024 * 1024,
  /** Firehose retries a failed invocation this many times by default. */
  defaultRetries: 3,
} as const;

/**
 * zlib level of GZIP objects. Level 3 (zlib's fast deflate) takes about half the CPU of the default 6
 * for objects about 19% larger; any level is valid GZIP, and a local lake is read once.
 */
export const GZIP_LEVEL = 3;

/** Defaults of a local run. */
export const DEFAULTS = {
  orders: 2000,
  seed: 42,
  outDir: '.cdc-local',
  shards: 4,
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
