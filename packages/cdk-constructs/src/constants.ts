/** How changes leave the orders table for the Kinesis Data Stream. */
export const CAPTURE_MODE = {
  /** An EventBridge Pipe reads the table's DynamoDB stream and writes each record to Kinesis (ordered per item). */
  EVENTBRIDGE_PIPE: 'eventbridge-pipe',
  /** Kinesis Data Streams for DynamoDB: the table writes to Kinesis itself (may reorder and duplicate). */
  KINESIS_DESTINATION: 'kinesis-destination',
} as const;
export type CaptureMode = (typeof CAPTURE_MODE)[keyof typeof CAPTURE_MODE];
export const CAPTURE_MODES = Object.values(CAPTURE_MODE);

/** The file format of the lake. */
export const OUTPUT_FORMAT = {
  /** Firehose converts the lake rows to Parquet (SNAPPY) against the Glue table's schema. */
  PARQUET: 'parquet',
  /** GZIP-compressed JSON lines, read by the OpenX JSON SerDe. */
  JSON: 'json',
} as const;
export type OutputFormat = (typeof OUTPUT_FORMAT)[keyof typeof OUTPUT_FORMAT];
export const OUTPUT_FORMATS = Object.values(OUTPUT_FORMAT);

/** Where the Pipe starts reading the table's stream. */
export const STARTING_POSITION = {
  LATEST: 'LATEST',
  TRIM_HORIZON: 'TRIM_HORIZON',
} as const;
export type StartingPosition = (typeof STARTING_POSITION)[keyof typeof STARTING_POSITION];
export const STARTING_POSITIONS = Object.values(STARTING_POSITION);

/** The orders table's partition key, pinned by the order item contract. */
export const ORDER_KEY_ATTRIBUTE = 'orderId';

/** The Kinesis partition key the Pipe takes from each stream record, so one order stays on one shard. */
export const PIPE_PARTITION_KEY_PATH = `$.dynamodb.Keys.${ORDER_KEY_ATTRIBUTE}.S`;

/** S3 key prefix of the lake error output; Firehose fills in the error type (processing-failed, …). */
export const ERROR_PREFIX_ROOT = 'errors/';
export const ERROR_OUTPUT_PREFIX = `${ERROR_PREFIX_ROOT}!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/`;

/** The transformer bundle inside the installed @org/cdc-transformer package. */
export const TRANSFORMER_PACKAGE = '@org/cdc-transformer';
export const TRANSFORMER_BUNDLE_DIR = 'dist/lambda';
export const TRANSFORMER_BUNDLE_FILE = 'index.mjs';
export const TRANSFORMER_HANDLER = 'index.handler';
