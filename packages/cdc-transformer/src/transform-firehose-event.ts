import {
  CHANGE_TYPE,
  partitionKeysOf,
  SCHEMA_VERSION,
  SCHEMA_VERSIONS,
  type SchemaVersion,
} from '@org/order-schema';
import { base64ToText, textToBase64 } from './base64-text';
import { DEFAULT_MAX_RESPONSE_BYTES, FIREHOSE_RESULT } from './constants';
import {
  InvalidFirehoseEventError,
  RecordRejectedError,
  ResponseSizeLimitError,
  UndecodableDataError,
  UnexpectedRecordError,
  UnsupportedSchemaVersionError,
} from './errors';
import { isPlainJsonText } from './json-text';
import { lakeRowLine } from './lake-row-line';
import { buildLakeRow, newRowClocks, type RowClocks } from './to-lake-row';
import type {
  BatchOutcome,
  BatchSummary,
  FirehoseTransformationEvent,
  FirehoseTransformationEventRecord,
  FirehoseTransformationResultRecord,
  ProcessOptions,
  RecordFailure,
} from './types';

// Bytes of a response entry apart from its recordId (JSON, quotes included) and its data, measured on
// the exact shapes we return: dt and hour always have 10 and 2 characters.
const OK_ENTRY_BYTES =
  JSON.stringify({
    recordId: '',
    result: FIREHOSE_RESULT.OK,
    data: '',
    metadata: { partitionKeys: { dt: '2026-11-25', hour: '10' } },
  }).length - 2;
const FAILED_ENTRY_BYTES =
  JSON.stringify({ recordId: '', result: FIREHOSE_RESULT.PROCESSING_FAILED, data: '' }).length - 2;
const ENVELOPE_BYTES = JSON.stringify({ records: [] }).length;

function newSummary(recordsIn: number): BatchSummary {
  return {
    recordsIn,
    ok: 0,
    failed: 0,
    overResponseLimit: 0,
    changeTypes: {
      [CHANGE_TYPE.INSERT]: 0,
      [CHANGE_TYPE.MODIFY]: 0,
      [CHANGE_TYPE.REMOVE]: 0,
      [CHANGE_TYPE.SNAPSHOT]: 0,
    },
    partitions: {},
    inputDataBytes: 0,
    responseBytes: 0,
  };
}

function recordsOf(event: FirehoseTransformationEvent): FirehoseTransformationEventRecord[] {
  const records = (event as { records?: unknown } | null | undefined)?.records;
  if (!Array.isArray(records)) throw new InvalidFirehoseEventError('records', records);
  return records as FirehoseTransformationEventRecord[];
}

/** Bytes of a string in the response JSON: recordIds and base64 need no escaping; anything else is measured. */
function jsonBytes(text: string): number {
  return isPlainJsonText(text) ? text.length + 2 : Buffer.byteLength(JSON.stringify(text));
}

function ingestMillisOf(record: FirehoseTransformationEventRecord): number {
  const arrival = record.approximateArrivalTimestamp;
  if (typeof arrival === 'number' && Number.isFinite(arrival)) return arrival;
  const kinesisArrival = record.kinesisRecordMetadata?.approximateArrivalTimestamp;
  if (typeof kinesisArrival === 'number' && Number.isFinite(kinesisArrival)) return kinesisArrival;
  return Number.NaN;
}

/** The layout `schemaVersion` names (default the current one); throws `UnsupportedSchemaVersionError`. */
export function rowLayoutOf(schemaVersion: unknown): SchemaVersion {
  if (schemaVersion === undefined) return SCHEMA_VERSION;
  if (!SCHEMA_VERSIONS.includes(schemaVersion as SchemaVersion)) {
    throw new UnsupportedSchemaVersionError(schemaVersion);
  }
  return schemaVersion as SchemaVersion;
}

/** The Ok data of one record: base64 of the row's JSON line, and its partition keys. */
function transformRecord(
  record: FirehoseTransformationEventRecord,
  data: string,
  clocks: RowClocks,
  layout: SchemaVersion,
) {
  let change: unknown;
  let text: string;
  try {
    text = base64ToText(data);
    change = JSON.parse(text);
  } catch {
    throw new UndecodableDataError(data.length);
  }
  const row = buildLakeRow(
    change,
    {
      ingestTimeMillis: ingestMillisOf(record),
      kinesisSequenceNumber: record.kinesisRecordMetadata?.sequenceNumber,
    },
    clocks,
    layout,
  );
  return {
    line: textToBase64(lakeRowLine(row, !text.includes('\\'))),
    partitionKeys: partitionKeysOf(row.event_time),
    changeType: row.change_type,
  };
}

/**
 * Firehose event → Firehose response, plus what happened to each record. Pure: no I/O, no clock.
 *
 * Every input record gets exactly one response entry, in input order: Ok with the lake row (of layout
 * `options.schemaVersion`, default the current one), or ProcessingFailed with its original data. A bad
 * record fails alone and never throws. Only a malformed event (no records array, a record without a
 * recordId) throws `InvalidFirehoseEventError`, and a bad option `UnsupportedSchemaVersionError`.
 *
 * The response stays within `maxResponseBytes`: space for every record's failed entry is reserved
 * first, and a row replaces its record's reservation only if the total still fits. A row that does
 * not fit is returned as ProcessingFailed with its original data, so Firehose writes it to the error
 * prefix and it can be replayed; no data is dropped and the invocation still succeeds.
 */
export function transformFirehoseEvent(
  event: FirehoseTransformationEvent,
  options: ProcessOptions = {},
): BatchOutcome {
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const layout = rowLayoutOf(options.schemaVersion);
  const records = recordsOf(event);
  const count = records.length;
  const summary = newSummary(count);
  const failures: RecordFailure[] = [];
  const output: FirehoseTransformationResultRecord[] = new Array(count);
  const failedBytes: number[] = new Array(count);

  let responseBytes = ENVELOPE_BYTES + Math.max(0, count - 1);
  for (let index = 0; index < count; index++) {
    const record = records[index];
    const recordId = record?.recordId;
    if (typeof recordId !== 'string' || recordId === '') {
      throw new InvalidFirehoseEventError(`records[${index}].recordId`, recordId);
    }
    const data = typeof record!.data === 'string' ? record!.data : '';
    summary.inputDataBytes += data.length;
    failedBytes[index] = FAILED_ENTRY_BYTES + jsonBytes(recordId) + data.length;
    responseBytes += failedBytes[index]!;
  }

  const clocks = newRowClocks();
  for (let index = 0; index < count; index++) {
    const record = records[index]!;
    const recordId = record.recordId;
    const original = typeof record.data === 'string' ? record.data : '';
    let failure: RecordRejectedError;
    try {
      if (typeof record.data !== 'string') throw new UndecodableDataError(0);
      const { line, partitionKeys, changeType } = transformRecord(record, original, clocks, layout);
      const reserved = failedBytes[index]!;
      const okBytes = reserved - original.length - FAILED_ENTRY_BYTES + OK_ENTRY_BYTES + line.length;
      if (responseBytes - reserved + okBytes <= maxResponseBytes) {
        responseBytes += okBytes - reserved;
        output[index] = { recordId, result: FIREHOSE_RESULT.OK, data: line, metadata: { partitionKeys } };
        summary.ok++;
        summary.changeTypes[changeType]++;
        const partition = `dt=${partitionKeys.dt}/hour=${partitionKeys.hour}`;
        summary.partitions[partition] = (summary.partitions[partition] ?? 0) + 1;
        continue;
      }
      failure = new ResponseSizeLimitError(maxResponseBytes);
      summary.overResponseLimit++;
    } catch (error) {
      failure = error instanceof RecordRejectedError ? error : new UnexpectedRecordError(error);
    }
    if (original !== '' && jsonBytes(original) !== original.length + 2) {
      // Not base64 (never from Firehose): its escaped JSON is longer than reserved.
      responseBytes += jsonBytes(original) - original.length - 2;
    }
    output[index] = { recordId, result: FIREHOSE_RESULT.PROCESSING_FAILED, data: original };
    summary.failed++;
    failures.push({
      recordId,
      failureType: failure.failureType,
      field: failure.field,
      reason: failure.message,
    });
  }
  summary.responseBytes = responseBytes;
  return { result: { records: output }, summary, failures };
}
