export type { FailureType, FirehoseRecordResult } from './constants';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_METRICS_NAMESPACE,
  DEFAULT_SERVICE_NAME,
  FAILURE_TYPE,
  FIREHOSE_RESULT,
  METRIC,
  METRICS_SERVICE_DIMENSION,
} from './constants';
export {
  CdcTransformerError,
  InvalidExportManifestError,
  InvalidFirehoseEventError,
  InvalidOrderAttributeError,
  InvalidSnapshotItemError,
  InvalidSnapshotOptionsError,
  LakeRowTemplateError,
  NotAChangeRecordError,
  RecordRejectedError,
  ResponseSizeLimitError,
  UndecodableDataError,
  UnexpectedRecordError,
  UnsupportedSchemaVersionError,
} from './errors';
export type { TimeUnit } from './event-time';
export { eventTimeMillis, INFERRED_TIME_RANGE, TIME_UNIT, timeUnitOf } from './event-time';
export type { BadExportLine, ExportItem, ReadExportItemsOptions } from './export-file-reader';
export { MAX_EXPORT_LINE_BYTES, readExportItems } from './export-file-reader';
export type { ExportDataFile } from './export-manifest';
export { exportIdOf, exportManifestFilesKey, parseExportManifestFiles } from './export-manifest';
export { processFirehoseEvent } from './process-firehose-event';
export type { SnapshotOptions } from './snapshot-record';
export { SNAPSHOT_EVENT_ID_NAMESPACE, snapshotEventId, snapshotRecord } from './snapshot-record';
export type { RowSource } from './to-lake-row';
export { toLakeRow } from './to-lake-row';
export { transformFirehoseEvent } from './transform-firehose-event';
export type {
  BatchOutcome,
  BatchSummary,
  FirehoseTransformationEvent,
  FirehoseTransformationEventRecord,
  FirehoseTransformationMetadata,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
  KinesisRecordMetadata,
  LambdaContext,
  ProcessOptions,
  RecordFailure,
} from './types';
