// The capture modes and output formats are order-schema's, re-exported so that users of the construct
// need no second import.
export type { CaptureMode, OutputFormat } from '@org/order-schema';
export { CAPTURE_MODE, CAPTURE_MODES, OUTPUT_FORMAT, OUTPUT_FORMATS } from '@org/order-schema';
export type { AthenaDataLocation, AthenaQueryAccess } from './athena-query-policy';
export type { AddedColumns, AthenaStatementProps } from './athena-statement';
export { AthenaStatement } from './athena-statement';
export { athenaStatementHandlerCode, athenaStatementHandlerDir } from './athena-statement-code';
export type { AthenaStatementProviderProps } from './athena-statement-provider';
export { AthenaStatementProvider, MAX_STATEMENT_TIMEOUT } from './athena-statement-provider';
export {
  BackfillHandlerMissingError,
  ExportFileUnreadableError,
  StreamWriteError,
} from './backfill-errors';
export {
  addBackfillCounts,
  type BackfillCounts,
  type BackfillExecutionInput,
  type ExportFileResult,
  type ExportFileTask,
  NO_BACKFILL_COUNTS,
} from './backfill-execution';
export { backfillHandlerCode, backfillHandlerDir } from './backfill-handler-code';
export { CdcSalesPipeline } from './cdc-sales-pipeline';
export type { FirehoseMetric, StartingPosition, StateTableJob } from './constants';
export {
  DEFAULT_ERROR_RETENTION_DAYS,
  ERROR_OUTPUT_PREFIX,
  ERROR_PREFIX_ROOT,
  FIREHOSE_METRIC,
  FIREHOSE_METRICS,
  MIN_ERROR_RETENTION_DAYS,
  PIPE_PARTITION_KEY_PATH,
  STARTING_POSITION,
  STARTING_POSITIONS,
  STATE_TABLE_JOB,
} from './constants';
export type { CurrentStateTableOptions, CurrentStateTableProps } from './current-state-table';
export { CurrentStateTable } from './current-state-table';
export {
  AddedColumnsPartlyPresentError,
  AthenaStatementFailedError,
  AthenaStatementHandlerMissingError,
  AthenaStatementTimedOutError,
  CdcSalesPipelineError,
  ConflictingPropsError,
  InvalidPropError,
  TransformerBundleMissingError,
} from './errors';
export type { BackfillOptions, SnapshotBackfillProps } from './snapshot-backfill';
export {
  BACKFILL_RESULTS_FOLDER,
  DEFAULT_BACKFILL_BYTES_PER_SECOND,
  DEFAULT_BACKFILL_MAX_CONCURRENCY,
  DEFAULT_BACKFILL_RECORDS_PER_SECOND,
  DEFAULT_EXPORT_PREFIX,
  SnapshotBackfill,
} from './snapshot-backfill';
export { transformerBundleDir, transformerCode } from './transformer-code';
export type { CapturePipeOptions, CdcSalesPipelineProps } from './types';
