import { SCHEMA_VERSION } from '@org/order-schema';
import { FAILURE_TYPE, type FailureType } from './constants';

const MAX_VALUE_TEXT = 80;
const EMAIL_LIKE = /[^\s@"]+@[^\s@"]+/g;

/**
 * Short text of a bad value for an error message. Objects and arrays are named, never printed, and
 * anything that looks like an e-mail address is masked: reasons are logged, and customer e-mail must
 * never reach the logs.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty object' : `an object with ${keys.slice(0, 3).join(', ')}`;
  }
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  const short = text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT)}…` : text;
  return maskEmails(short);
}

/** Masks anything that looks like an e-mail address. */
export function maskEmails(text: string): string {
  return text.replace(EMAIL_LIKE, '<e-mail>');
}

/** Base error of @org/cdc-transformer. */
export class CdcTransformerError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CdcTransformerError';
  }
}

/**
 * The lake row template of this package does not write the columns of the installed
 * `@org/order-schema` (`LAKE_COLUMNS`, `LakeItemSchema`) in their order: thrown when the module loads,
 * so a build against another row layout fails at once instead of writing rows that drift.
 */
export class LakeRowTemplateError extends CdcTransformerError {
  public constructor(what: string, expected: readonly string[], actual: readonly string[]) {
    super(
      `the lake row template writes ${what} ${actual.join(', ')} but @org/order-schema has ${expected.join(', ')}: update src/lake-row-line.ts`,
    );
    this.name = 'LakeRowTemplateError';
  }
}

/** An option names a lake row layout this package does not write. */
export class UnsupportedSchemaVersionError extends CdcTransformerError {
  public constructor(value: unknown) {
    super(
      `schemaVersion: expected a lake row layout from 1 to ${SCHEMA_VERSION} (got ${describeValue(value)})`,
    );
    this.name = 'UnsupportedSchemaVersionError';
  }
}

/** The Firehose event itself is malformed (no records array, a record without recordId): the invocation fails. */
export class InvalidFirehoseEventError extends CdcTransformerError {
  public constructor(
    public readonly field: string,
    value: unknown,
  ) {
    super(`invalid Firehose event: ${field} is ${describeValue(value)}`);
    this.name = 'InvalidFirehoseEventError';
  }
}

/** One record cannot become a lake row; it is returned as ProcessingFailed with this reason. */
export class RecordRejectedError extends CdcTransformerError {
  public constructor(
    public readonly failureType: FailureType,
    public readonly field: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'RecordRejectedError';
  }
}

/** `data` is not base64 of UTF-8 JSON. The parser's own message is not kept: it quotes the input. */
export class UndecodableDataError extends RecordRejectedError {
  public constructor(length: number) {
    super(FAILURE_TYPE.UNDECODABLE_DATA, 'data', `data: not base64 of JSON (${length} base64 characters)`);
    this.name = 'UndecodableDataError';
  }
}

/** The JSON is not a DynamoDB change record: `field` is missing or has the wrong shape. */
export class NotAChangeRecordError extends RecordRejectedError {
  public constructor(field: string, expected: string, value: unknown) {
    super(
      FAILURE_TYPE.NOT_A_CHANGE_RECORD,
      field,
      `${field}: expected ${expected} (got ${describeValue(value)})`,
    );
    this.name = 'NotAChangeRecordError';
  }
}

/** A known order attribute in an image is missing or does not fit its lake column. */
export class InvalidOrderAttributeError extends RecordRejectedError {
  public constructor(field: string, expected: string, value: unknown) {
    super(FAILURE_TYPE.INVALID_ORDER, field, `${field}: expected ${expected} (got ${describeValue(value)})`);
    this.name = 'InvalidOrderAttributeError';
  }
}

/** The row is valid but returning it would push the response over the Firehose limit. */
export class ResponseSizeLimitError extends RecordRejectedError {
  public constructor(maxResponseBytes: number) {
    super(
      FAILURE_TYPE.RESPONSE_SIZE_LIMIT,
      'records',
      `records: the response would exceed ${maxResponseBytes} bytes; returned as failed with its original data`,
    );
    this.name = 'ResponseSizeLimitError';
  }
}

/** Anything else that went wrong while transforming one record; the record fails, its neighbours do not. */
export class UnexpectedRecordError extends RecordRejectedError {
  public constructor(cause: unknown) {
    const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(FAILURE_TYPE.UNEXPECTED, '(record)', `unexpected failure: ${maskEmails(what)}`, { cause });
    this.name = 'UnexpectedRecordError';
  }
}

/**
 * An exported item cannot become a snapshot record: its key or version, from which the record's event id
 * and partition key are made, is missing or malformed. The backfill counts it and goes on.
 */
export class InvalidSnapshotItemError extends CdcTransformerError {
  public constructor(
    public readonly field: string,
    expected: string,
    value: unknown,
  ) {
    super(`Item.${field}: expected ${expected} (got ${describeValue(value)})`);
    this.name = 'InvalidSnapshotItemError';
  }
}

/** `snapshotRecord` was given an export it cannot stamp rows with (no export id, a time outside 2000–2100). */
export class InvalidSnapshotOptionsError extends CdcTransformerError {
  public constructor(
    public readonly field: string,
    expected: string,
    value: unknown,
  ) {
    super(
      `${field}: expected ${expected} (got ${describeValue(value instanceof Date ? value.toString() : value)})`,
    );
    this.name = 'InvalidSnapshotOptionsError';
  }
}

/** An export's manifest (or an export ARN) cannot be read: `where` names the file and line or the value. */
export class InvalidExportManifestError extends CdcTransformerError {
  public constructor(
    public readonly where: string,
    problem: string,
  ) {
    super(`${where} ${problem}`);
    this.name = 'InvalidExportManifestError';
  }
}
