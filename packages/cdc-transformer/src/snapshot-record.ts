import {
  type AttributeMap,
  DEFAULT_TABLE_NAME,
  ORDER_KEY_ATTRIBUTE,
  SNAPSHOT_EVENT_SOURCE,
  type SnapshotChangeRecord,
} from '@org/order-schema';
import { InvalidSnapshotItemError, InvalidSnapshotOptionsError } from './errors';
import { EARLIEST_EVENT_MILLIS, LATEST_EVENT_MILLIS } from './iso-timestamp';
import { uuidV5 } from './uuid-v5';

/** What a snapshot record needs beyond the item: which export it comes from. */
export interface SnapshotOptions {
  /**
   * The export's point in time (DescribeExport `ExportTime`, manifest-summary `exportTime`): the
   * `event_time` of every snapshot row. A Date, ISO 8601 text with a zone, or epoch milliseconds.
   */
  readonly exportTime: Date | string | number;
  /** The export's id, the last part of its ARN (`…/export/01693685827463-2d8752fd`). */
  readonly exportId: string;
  /**
   * `tableName` of the record, as a Kinesis Data Streams for DynamoDB record names its table.
   * @default 'OrdersRawTable'
   */
  readonly tableName?: string;
}

/**
 * The namespace of snapshot event ids: itself the version 5 UUID of the name
 * `https://github.com/org/cdc-sales-pipeline#snapshot-event-id` in RFC 9562's URL namespace.
 */
export const SNAPSHOT_EVENT_ID_NAMESPACE = 'e51449b8-30ac-5d69-83ca-146ccb5ddeec';

const INTEGER_TEXT = /^\d+$/;

/**
 * The event id of the snapshot of version `version` of order `orderId` in export `exportId`:
 * `uuidV5(SNAPSHOT_EVENT_ID_NAMESPACE, JSON.stringify([exportId, orderId, version]))`, a UUID version 5
 * (RFC 9562) that any UUID library reproduces. The same export gives the same ids however often it is
 * replayed, so a second run adds nothing once the lake de-duplicates on `event_id`; the JSON array
 * keeps the three parts apart whatever characters an order id holds.
 *
 * @example snapshotEventId('01693685827463-2d8752fd', 'ord-000001', 3)
 */
export function snapshotEventId(exportId: string, orderId: string, version: number): string {
  return uuidV5(SNAPSHOT_EVENT_ID_NAMESPACE, JSON.stringify([exportId, orderId, version]));
}

function exportMillisOf(exportTime: SnapshotOptions['exportTime']): number {
  const millis =
    exportTime instanceof Date
      ? exportTime.getTime()
      : typeof exportTime === 'string'
        ? Date.parse(exportTime)
        : exportTime;
  if (Number.isInteger(millis) && millis >= EARLIEST_EVENT_MILLIS && millis < LATEST_EVENT_MILLIS) {
    return millis;
  }
  throw new InvalidSnapshotOptionsError('exportTime', 'an instant between 2000 and 2100', exportTime);
}

function keyOf(item: AttributeMap): string {
  const orderId = (item[ORDER_KEY_ATTRIBUTE] as { S?: unknown } | undefined)?.S;
  if (typeof orderId === 'string' && orderId !== '') return orderId;
  throw new InvalidSnapshotItemError(
    ORDER_KEY_ATTRIBUTE,
    'a non-empty string attribute {"S": …}',
    item[ORDER_KEY_ATTRIBUTE],
  );
}

function versionOf(item: AttributeMap): number {
  const text = (item['version'] as { N?: unknown } | undefined)?.N;
  const version = typeof text === 'string' && INTEGER_TEXT.test(text) ? Number(text) : Number.NaN;
  if (Number.isSafeInteger(version)) return version;
  throw new InvalidSnapshotItemError('version', 'a whole number attribute {"N": …}', item['version']);
}

/**
 * One exported DynamoDB item (DynamoDB JSON, the `Item` of an export line) → the snapshot record the
 * backfill puts on the pipeline's stream (`SnapshotChangeRecordSchema`). The transformer turns it into
 * a lake row with `change_type = 'snapshot'`, `event_time` = the export time and the id of
 * `snapshotEventId`; every other column comes from the item by the same code as a stream change's,
 * so exact decimals and the rule that customer e-mail never reaches the lake hold unchanged.
 *
 * Pure: only the key and the version are read here (they make the event id and the partition key),
 * and a missing or malformed one throws `InvalidSnapshotItemError`; the record carries the item as it
 * is, so any other fault in it fails the record in the transformer, which sends it to the error output
 * with its original bytes, as for a change. The record shares the item object (no copy).
 *
 * @example snapshotRecord(JSON.parse(line).Item, { exportTime: '2026-11-25T10:00:00.000Z', exportId: '01693685827463-2d8752fd' })
 */
export function snapshotRecord(item: AttributeMap, options: SnapshotOptions): SnapshotChangeRecord {
  if (typeof options.exportId !== 'string' || options.exportId === '') {
    throw new InvalidSnapshotOptionsError('exportId', 'the non-empty id of the export', options.exportId);
  }
  const tableName = options.tableName ?? DEFAULT_TABLE_NAME;
  if (typeof tableName !== 'string' || tableName === '') {
    throw new InvalidSnapshotOptionsError('tableName', 'a non-empty table name', tableName);
  }
  const exportMillis = exportMillisOf(options.exportTime);
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new InvalidSnapshotItemError('Item', 'an attribute map', item);
  }
  const orderId = keyOf(item);
  return {
    eventID: snapshotEventId(options.exportId, orderId, versionOf(item)),
    eventName: 'SNAPSHOT',
    eventSource: SNAPSHOT_EVENT_SOURCE,
    recordFormat: 'application/json',
    tableName,
    dynamodb: {
      ApproximateCreationDateTime: exportMillis,
      ApproximateCreationDateTimePrecision: 'MILLISECOND',
      Keys: { [ORDER_KEY_ATTRIBUTE]: { S: orderId } },
      NewImage: item,
    },
  };
}
