export type { QueryResult, ReportQueryResults } from './analytics';
export { runAnalytics, runReportQueries } from './analytics';
export type { CaptureCounts, CaptureOptions, ChaosOptions } from './capture';
export { Capture } from './capture';
export type { CliArguments } from './cli-args';
export { HELP, parseCliArguments } from './cli-args';
export type { CaptureMode, ErrorOutputType, KinesisPrecision, OutputFormat } from './constants';
export {
  CAPTURE_MODE,
  CAPTURE_MODES,
  DEFAULTS,
  ERROR_OUTPUT_TYPE,
  FIREHOSE_ERROR_CODE,
  FIREHOSE_LIMITS,
  KINESIS_PRECISION,
  KINESIS_PRECISIONS,
  OUTPUT_FORMAT,
  OUTPUT_FORMATS,
} from './constants';
export type { EndpointSourceOptions } from './dynamodb-endpoint-source';
export { runEndpointSource } from './dynamodb-endpoint-source';
export { normalizeAttributeMap, normalizeDynamoNumber } from './dynamodb-number';
export type { StreamReadOptions } from './dynamodb-stream-reader';
export { readDynamoDBStream, toWireStreamRecord } from './dynamodb-stream-reader';
export type { EmbeddedOrderTableOptions } from './embedded-order-table';
export { EmbeddedOrderTable } from './embedded-order-table';
export type { FirehoseErrorRecord } from './error-record';
export { errorPrefix, lakePrefix } from './error-record';
export {
  DynamoDBEndpointError,
  InvocationFailedError,
  LocalPipelineError,
  StreamReadError,
  UsageError,
  ValidationError,
} from './errors';
export type { FirehoseEmulatorOptions, FirehoseStats } from './firehose-emulator';
export { FirehoseEmulator } from './firehose-emulator';
export { checkTransformationResponse } from './firehose-response';
export { generatorWorkload } from './generator-workload';
export type { KinesisChangeRecord } from './kinesis-change-record';
export { kinesisChangeRecordJson, toKinesisChangeRecord } from './kinesis-change-record';
export type { KinesisStreamOptions } from './kinesis-stream';
export { KinesisStream } from './kinesis-stream';
export type { LakeDatabase } from './lake-database';
export { loadLake, openLakeDatabase } from './lake-database';
export type { ObjectFinisher, ObjectWriterOptions, ObjectWriterStats } from './object-writer';
export { ObjectWriter } from './object-writer';
export { orderFromItem } from './order-from-item';
export { SeededRandom } from './random';
export type { FieldDifference, ReconciliationResult } from './reconciliation';
export { reconcile } from './reconciliation';
export type { ReportRendering } from './report-browser';
export { CHROMIUM_ARGS, chromiumPath, renderReportInBrowser } from './report-browser';
export type { ReportData } from './report-html';
export { renderReport } from './report-html';
export { resolveRunOptions } from './resolve-run-options';
export type { RunOptions, RunProgress } from './run-options';
export { OUTPUT_FILES, runPipeline } from './run-pipeline';
export type { RunSummary } from './run-summary';
export type { StreamOrigin } from './stream-record';
export { itemSize, streamArn } from './stream-record';
export type { ChangeParts } from './table-change';
export { SerializedTableChange } from './table-change';
export { LOCAL_HANDLER_ENVIRONMENT, loadTransformationHandler } from './transformation-handler';
export type {
  ChangeSink,
  FirehoseTransformationEvent,
  FirehoseTransformationEventRecord,
  FirehoseTransformationHandler,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
  LambdaContext,
  SerializedChange,
  ShardRecord,
  SourceState,
  StreamRecord,
  StreamUserIdentity,
  StreamViewType,
  TableChange,
} from './types';
export type { Workload } from './workload';
export { simulatedClock } from './workload';
