/** Order statuses, in lifecycle order. */
export const ORDER_STATUS = {
  PLACED: 'PLACED',
  PAID: 'PAID',
  SHIPPED: 'SHIPPED',
  DELIVERED: 'DELIVERED',
  CANCELLED: 'CANCELLED',
  RETURNED: 'RETURNED',
} as const;
export type OrderStatus = (typeof ORDER_STATUS)[keyof typeof ORDER_STATUS];
export const ORDER_STATUSES = Object.values(ORDER_STATUS) as [OrderStatus, ...OrderStatus[]];

/** The legal status transitions of an order: PLACED → PAID → SHIPPED → DELIVERED, cancel before shipping, return after delivery. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PLACED: ['PAID', 'CANCELLED'],
  PAID: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: ['RETURNED'],
  CANCELLED: [],
  RETURNED: [],
};

/** Sales channels. */
export const CHANNEL = {
  WEB: 'web',
  MOBILE: 'mobile',
  STORE: 'store',
  MARKETPLACE: 'marketplace',
} as const;
export type Channel = (typeof CHANNEL)[keyof typeof CHANNEL];
export const CHANNELS = Object.values(CHANNEL) as [Channel, ...Channel[]];

/**
 * Change-record event names and the lake's change types they map to: DynamoDB's three, and `SNAPSHOT`,
 * the event name of a backfill's snapshot record (an item that existed before the stream), which
 * DynamoDB never sends.
 */
export const CHANGE_TYPE = {
  INSERT: 'insert',
  MODIFY: 'update',
  REMOVE: 'delete',
  SNAPSHOT: 'snapshot',
} as const;
/** The event names DynamoDB writes into stream records. */
export type EventName = Exclude<keyof typeof CHANGE_TYPE, 'SNAPSHOT'>;
/** Every event name a change record on the pipeline's stream may carry: DynamoDB's and `SNAPSHOT`. */
export type ChangeEventName = keyof typeof CHANGE_TYPE;
export type ChangeType = (typeof CHANGE_TYPE)[ChangeEventName];
export const CHANGE_TYPES = Object.values(CHANGE_TYPE) as [ChangeType, ...ChangeType[]];

/**
 * How changes leave the orders table for the Kinesis Data Stream; each mode names the change-record
 * wire format it produces.
 */
export const CAPTURE_MODE = {
  /**
   * An EventBridge Pipe reads the table's DynamoDB stream and forwards each record to Kinesis, ordered per
   * item: `DynamoDBStreamChangeRecord` (epoch seconds, `SequenceNumber`).
   */
  EVENTBRIDGE_PIPE: 'eventbridge-pipe',
  /**
   * Kinesis Data Streams for DynamoDB: the table writes to Kinesis itself, which may reorder and
   * duplicate: `KinesisDynamoDBChangeRecord` (epoch milliseconds or microseconds, UUID eventID).
   */
  KINESIS_DESTINATION: 'kinesis-destination',
} as const;
export type CaptureMode = (typeof CAPTURE_MODE)[keyof typeof CAPTURE_MODE];
export const CAPTURE_MODES = Object.values(CAPTURE_MODE) as [CaptureMode, ...CaptureMode[]];

/** The file format of the lake, as Firehose writes it. */
export const OUTPUT_FORMAT = {
  /** Firehose converts the lake rows to Parquet (SNAPPY inside) against the Glue table's schema. */
  PARQUET: 'parquet',
  /** GZIP-compressed JSON lines, read by the OpenX JSON SerDe. */
  JSON: 'json',
} as const;
export type OutputFormat = (typeof OUTPUT_FORMAT)[keyof typeof OUTPUT_FORMAT];
export const OUTPUT_FORMATS = Object.values(OUTPUT_FORMAT) as [OutputFormat, ...OutputFormat[]];

/**
 * Version of the lake row layout the current code writes. Layouts only ever append nullable columns
 * (each lake column's `since` says which version added it), so a row of any layout from 1 to this
 * one is a valid lake row. Bump it when a column is added; see the README, "Adding an attribute".
 */
export const SCHEMA_VERSION = 2;

/** 1 | 2 | … | N: every layout up to N. */
export type LayoutsUpTo<N extends number, Found extends number[] = []> = Found['length'] extends N
  ? Found[number]
  : LayoutsUpTo<N, [...Found, [...Found, unknown]['length']]>;

/** A lake row layout: 1 (the pinned contract's) up to `SCHEMA_VERSION`. */
export type SchemaVersion = LayoutsUpTo<typeof SCHEMA_VERSION>;

/** Every lake row layout, oldest first. */
export const SCHEMA_VERSIONS = Array.from(
  { length: SCHEMA_VERSION },
  (_, index) => index + 1,
) as readonly SchemaVersion[];

/** Precision and scale of money columns (`decimal(12,2)`). */
export const MONEY_PRECISION = 12;
export const MONEY_SCALE = 2;

/** Default DynamoDB table name of the order items. */
export const DEFAULT_TABLE_NAME = 'OrdersRawTable';

/** Default Glue/DuckDB names of the lake table, the current-state view and the current-state table. */
export const DEFAULT_LAKE_TABLE = 'orders_changes';
export const DEFAULT_CURRENT_STATE_VIEW = 'orders_current';
export const DEFAULT_CURRENT_STATE_TABLE = 'orders_state';
