import {
  CHANGE_TYPE,
  type LakeRow,
  SCHEMA_VERSION,
  type SchemaVersion,
  SNAPSHOT_EVENT_SOURCE,
} from '@org/order-schema';
import { InvalidOrderAttributeError, NotAChangeRecordError } from './errors';
import { eventTimeMillis } from './event-time';
import { IsoClock } from './iso-timestamp';
import {
  type Image,
  type OrderColumns,
  readOrderImage,
  readStatusIfPresent,
  readString,
  writeAddedColumns,
} from './order-image';

/** What a row needs from outside the change record: the Firehose record it arrived in. */
export interface RowSource {
  /** Firehose approximateArrivalTimestamp, epoch milliseconds. */
  ingestTimeMillis: number;
  /** The Kinesis sequence number, used when the change record has no SequenceNumber. */
  kinesisSequenceNumber?: string | undefined;
}

const NEW_IMAGE = 'dynamodb.NewImage';
const OLD_IMAGE = 'dynamodb.OldImage';
const KEYS = 'dynamodb.Keys';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function imageAt(dynamodb: Record<string, unknown>, name: 'NewImage' | 'OldImage'): Image | undefined {
  const image = dynamodb[name];
  if (image === undefined) return undefined;
  if (isObject(image)) return image;
  throw new NotAChangeRecordError(`dynamodb.${name}`, 'an attribute map', image);
}

function sequenceOf(dynamodb: Record<string, unknown>, source: RowSource): string {
  const sequenceNumber = dynamodb['SequenceNumber'];
  if (typeof sequenceNumber === 'string' && sequenceNumber !== '') return sequenceNumber;
  if (sequenceNumber !== undefined) {
    throw new NotAChangeRecordError('dynamodb.SequenceNumber', 'a string of digits', sequenceNumber);
  }
  const kinesis = source.kinesisSequenceNumber;
  if (typeof kinesis === 'string' && kinesis !== '') return kinesis;
  throw new NotAChangeRecordError(
    'kinesisRecordMetadata.sequenceNumber',
    'a sequence number (the change record has no dynamodb.SequenceNumber)',
    kinesis,
  );
}

/**
 * A delete whose record has only the key (a stream without OLD_IMAGE) cannot say what was removed.
 * Its row keeps the log complete: order_id from Keys, is_deleted true, version 0 (unknown), empty
 * strings and no items, created_at/updated_at = event_time. At version 0 it never outranks a real
 * version, so the current-state view keeps the last known state: use NEW_AND_OLD_IMAGES streams.
 */
function keysOnlyDelete(keys: unknown, eventTime: string): OrderColumns {
  if (!isObject(keys)) throw new NotAChangeRecordError(KEYS, 'an attribute map', keys);
  const orderId = readString(keys, 'orderId', KEYS);
  if (orderId === '') throw new InvalidOrderAttributeError(`${KEYS}.orderId`, 'a non-empty string', orderId);
  return {
    order_id: orderId,
    customer_id: '',
    status: '',
    currency: '',
    order_total: '0.00',
    item_count: 0,
    items: [],
    channel: '',
    country: '',
    created_at: eventTime,
    updated_at: eventTime,
    version: 0,
  };
}

/**
 * A snapshot record (`SnapshotChangeRecordSchema`) carries both markers and the parts the snapshot row
 * is made of: the item as NewImage, no OldImage, the export time in milliseconds as the precision field
 * says. Checked only for records named SNAPSHOT, so real records pay nothing for it.
 */
function checkSnapshotMarkers(change: Record<string, unknown>, dynamodb: Record<string, unknown>): void {
  if (change['eventSource'] !== SNAPSHOT_EVENT_SOURCE) {
    throw new NotAChangeRecordError(
      'eventSource',
      `${SNAPSHOT_EVENT_SOURCE} (a SNAPSHOT record comes from the backfill)`,
      change['eventSource'],
    );
  }
  const precision = dynamodb['ApproximateCreationDateTimePrecision'];
  if (precision !== 'MILLISECOND') {
    throw new NotAChangeRecordError(
      'dynamodb.ApproximateCreationDateTimePrecision',
      'MILLISECOND (a snapshot carries the export time in milliseconds)',
      precision,
    );
  }
  const absent = { OldImage: 'a previous image', SequenceNumber: 'a stream position' } as const;
  for (const [name, what] of Object.entries(absent)) {
    if (dynamodb[name] !== undefined) {
      throw new NotAChangeRecordError(
        `dynamodb.${name}`,
        `nothing (a snapshot has no ${what})`,
        dynamodb[name],
      );
    }
  }
}

/** One formatter per timestamp kind, so each keeps its own last answer across a batch. */
export interface RowClocks {
  event: IsoClock;
  ingest: IsoClock;
}

export function newRowClocks(): RowClocks {
  return { event: new IsoClock(), ingest: new IsoClock() };
}

/**
 * One DynamoDB change record (either wire format, already JSON-parsed) → one lake row of layout
 * `layout` (default `SCHEMA_VERSION`). Reads only what the row needs, straight from the wire form;
 * throws a `RecordRejectedError` naming the field otherwise. INSERT, MODIFY and SNAPSHOT take the
 * order from NewImage, REMOVE from OldImage (or Keys only, see above); previous_status is OldImage's
 * status where there is an OldImage (a snapshot never has one). Attributes the layout has no column for
 * are never read, whatever they hold; an attribute the layout has a column for but the image lacks
 * gives null.
 *
 * @example toLakeRow(JSON.parse(text), { ingestTimeMillis: Date.now(), kinesisSequenceNumber: '4959…' })
 */
export function toLakeRow(
  change: unknown,
  source: RowSource,
  layout: SchemaVersion = SCHEMA_VERSION,
): LakeRow {
  return buildLakeRow(change, source, newRowClocks(), layout);
}

/** `toLakeRow` with the batch's clocks. */
export function buildLakeRow(
  change: unknown,
  source: RowSource,
  clocks: RowClocks,
  layout: SchemaVersion,
): LakeRow {
  if (!isObject(change)) throw new NotAChangeRecordError('(root)', 'a JSON object', change);
  const eventId = change['eventID'];
  if (typeof eventId !== 'string' || eventId === '') {
    throw new NotAChangeRecordError('eventID', 'a non-empty string', eventId);
  }
  const eventName = change['eventName'];
  const dynamodb = change['dynamodb'];
  if (
    eventName !== 'INSERT' &&
    eventName !== 'MODIFY' &&
    eventName !== 'REMOVE' &&
    eventName !== 'SNAPSHOT'
  ) {
    throw new NotAChangeRecordError('eventName', 'INSERT, MODIFY, REMOVE or SNAPSHOT', eventName);
  }
  if (!isObject(dynamodb)) throw new NotAChangeRecordError('dynamodb', 'an object', dynamodb);
  if (eventName === 'SNAPSHOT') checkSnapshotMarkers(change, dynamodb);

  const eventTime = clocks.event.format(eventTimeMillis(dynamodb));
  const sequence = sequenceOf(dynamodb, source);
  if (!Number.isFinite(source.ingestTimeMillis)) {
    throw new NotAChangeRecordError(
      'approximateArrivalTimestamp',
      'epoch milliseconds',
      source.ingestTimeMillis,
    );
  }
  const oldImage = imageAt(dynamodb, 'OldImage');
  // The image the order's columns come from, and its path in errors.
  let image: Image | undefined;
  let imagePath: string;
  let order: OrderColumns;
  if (eventName === 'REMOVE') {
    image = oldImage;
    imagePath = OLD_IMAGE;
    order =
      image === undefined ? keysOnlyDelete(dynamodb['Keys'], eventTime) : readOrderImage(image, imagePath);
  } else {
    image = imageAt(dynamodb, 'NewImage');
    imagePath = NEW_IMAGE;
    if (image === undefined) {
      throw new NotAChangeRecordError(
        NEW_IMAGE,
        `an attribute map (an ${eventName} needs NEW_IMAGE)`,
        undefined,
      );
    }
    order = readOrderImage(image, imagePath);
  }
  const previousStatus =
    eventName === 'INSERT' || oldImage === undefined ? null : readStatusIfPresent(oldImage, OLD_IMAGE);

  // Keys in LAKE_COLUMNS order, so every row serializes the same way.
  const row = {
    event_id: eventId,
    change_type: CHANGE_TYPE[eventName],
    event_time: eventTime,
    ingest_time: clocks.ingest.format(source.ingestTimeMillis),
    sequence,
    order_id: order.order_id,
    customer_id: order.customer_id,
    status: order.status,
    previous_status: previousStatus,
    currency: order.currency,
    order_total: order.order_total,
    item_count: order.item_count,
    items: order.items,
    channel: order.channel,
    country: order.country,
    created_at: order.created_at,
    updated_at: order.updated_at,
    version: order.version,
    is_deleted: eventName === 'REMOVE',
    schema_version: layout,
  };
  if (layout > 1) writeAddedColumns(row, image, imagePath, layout);
  return row as LakeRow;
}
