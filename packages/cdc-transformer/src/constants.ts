/** The per-record results Firehose accepts from a transformation Lambda. */
export const FIREHOSE_RESULT = {
  OK: 'Ok',
  DROPPED: 'Dropped',
  PROCESSING_FAILED: 'ProcessingFailed',
} as const;
export type FirehoseRecordResult = (typeof FIREHOSE_RESULT)[keyof typeof FIREHOSE_RESULT];

/** Why a record was returned as ProcessingFailed; also the `errorType` logged for it. */
export const FAILURE_TYPE = {
  /** `data` is not base64 of UTF-8 JSON. */
  UNDECODABLE_DATA: 'undecodable-data',
  /** The JSON is not a DynamoDB change record in either wire format. */
  NOT_A_CHANGE_RECORD: 'not-a-change-record',
  /** A known order attribute is missing or does not fit its lake column. */
  INVALID_ORDER: 'invalid-order',
  /** The row is fine, but returning it as Ok would push the response over Firehose's limit. */
  RESPONSE_SIZE_LIMIT: 'response-size-limit',
  /** A fault in this package rather than in the record; still confined to the one record. */
  UNEXPECTED: 'unexpected-error',
} as const;
export type FailureType = (typeof FAILURE_TYPE)[keyof typeof FAILURE_TYPE];

/**
 * Firehose rejects a transformation response over 6 MB (and then retries and finally fails the whole
 * batch). Counted in decimal bytes so the budget holds whichever way "MB" is read (6 MiB = 6,291,456).
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 6_000_000;

/** Names of the metrics the Lambda adapter publishes (EMF). */
export const METRIC = {
  RECORDS_IN: 'RecordsIn',
  RECORDS_OK: 'RecordsOk',
  RECORDS_FAILED: 'RecordsFailed',
  RECORDS_OVER_RESPONSE_LIMIT: 'RecordsOverResponseLimit',
  INSERT_ROWS: 'InsertRows',
  UPDATE_ROWS: 'UpdateRows',
  DELETE_ROWS: 'DeleteRows',
  SNAPSHOT_ROWS: 'SnapshotRows',
  BATCH_SIZE: 'BatchSize',
  BATCH_BYTES: 'BatchBytes',
} as const;

/** Metrics namespace when `POWERTOOLS_METRICS_NAMESPACE` is not set. */
export const DEFAULT_METRICS_NAMESPACE = 'CdcSalesPipeline';

/** Powertools service name when `POWERTOOLS_SERVICE_NAME` is not set. */
export const DEFAULT_SERVICE_NAME = 'cdc-transformer';

/**
 * The one dimension of every metric in `METRIC`: Powertools Metrics (2.x) adds the service name as
 * `service` to each metric it publishes. (Only its `ColdStart` metric also carries `function_name`.)
 * An alarm on these metrics must name exactly this dimension set, or it watches a metric nobody writes.
 */
export const METRICS_SERVICE_DIMENSION = 'service';

/** At most this many failed records are logged one by one per invocation; the rest are counted. */
export const MAX_LOGGED_FAILURES = 25;
