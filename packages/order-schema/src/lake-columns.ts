import * as z from 'zod';
import { CHANGE_TYPES, MONEY_PRECISION, MONEY_SCALE, SCHEMA_VERSION } from './constants';
import { IsoTimestampSchema, MoneyTextSchema } from './order';

/** The logical type of a lake column; Glue and DuckDB types are derived from it. */
export type ColumnType =
  | { readonly kind: 'string' }
  | { readonly kind: 'int' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'array'; readonly of: ColumnType }
  | { readonly kind: 'struct'; readonly fields: readonly StructField[] };

export interface StructField {
  readonly name: string;
  readonly type: ColumnType;
}

/** One lake column: its type, whether it may be null, what it means, and the Zod schema of its JSON value. */
export interface LakeColumn<S extends z.ZodType = z.ZodType> {
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly description: string;
  readonly schema: S;
}

const STRING = { kind: 'string' } as const;
const INT = { kind: 'int' } as const;
const BIGINT = { kind: 'bigint' } as const;
const BOOLEAN = { kind: 'boolean' } as const;
const MONEY = { kind: 'decimal', precision: MONEY_PRECISION, scale: MONEY_SCALE } as const;

const column = <S extends z.ZodType>(type: ColumnType, schema: S, description: string): LakeColumn<S> => ({
  type,
  nullable: schema.safeParse(null).success,
  description,
  schema,
});

/** A lake row's line item. */
export const LakeItemSchema = z.object({
  sku: z.string(),
  product_name: z.string(),
  category: z.string(),
  quantity: z.number().int().min(1),
  unit_price: MoneyTextSchema,
});
export type LakeItem = z.infer<typeof LakeItemSchema>;

const LAKE_ITEM_TYPE: ColumnType = {
  kind: 'array',
  of: {
    kind: 'struct',
    fields: [
      { name: 'sku', type: STRING },
      { name: 'product_name', type: STRING },
      { name: 'category', type: STRING },
      { name: 'quantity', type: INT },
      { name: 'unit_price', type: MONEY },
    ],
  },
};

/**
 * The lake row's columns, in order: written once. The lake-row Zod schema, the Glue columns and the
 * DuckDB schema are all derived from this object.
 */
export const LAKE_COLUMNS = {
  event_id: column(STRING, z.string().min(1), "the change record's eventID"),
  change_type: column(STRING, z.enum(CHANGE_TYPES), 'insert, update or delete'),
  event_time: column(STRING, IsoTimestampSchema, 'ApproximateCreationDateTime, ISO 8601 UTC'),
  ingest_time: column(STRING, IsoTimestampSchema, 'Firehose approximateArrivalTimestamp, ISO 8601 UTC'),
  sequence: column(STRING, z.string().min(1), 'stream SequenceNumber, else the Kinesis sequence number'),
  order_id: column(STRING, z.string().min(1), 'orderId'),
  customer_id: column(STRING, z.string(), 'customerId'),
  status: column(STRING, z.string(), 'status after the change (the last status for a delete)'),
  previous_status: column(STRING, z.string().nullable(), 'status before the change, null for an insert'),
  currency: column(STRING, z.string(), 'ISO 4217 currency'),
  order_total: column(MONEY, MoneyTextSchema, 'orderTotal, exact decimal(12,2) text'),
  item_count: column(INT, z.number().int().min(0), 'sum of item quantities'),
  items: column(LAKE_ITEM_TYPE, z.array(LakeItemSchema), 'line items'),
  channel: column(STRING, z.string(), 'sales channel'),
  country: column(STRING, z.string(), 'ISO 3166-1 alpha-2 country'),
  created_at: column(STRING, IsoTimestampSchema, 'createdAt'),
  updated_at: column(STRING, IsoTimestampSchema, 'updatedAt'),
  version: column(BIGINT, z.number().int().min(0), 'order version'),
  is_deleted: column(BOOLEAN, z.boolean(), 'true exactly for a delete'),
  schema_version: column(INT, z.literal(SCHEMA_VERSION), 'version of this row layout'),
} as const;

export type LakeColumnName = keyof typeof LAKE_COLUMNS;
export const LAKE_COLUMN_NAMES = Object.keys(LAKE_COLUMNS) as LakeColumnName[];

type LakeRowShape = { [K in LakeColumnName]: (typeof LAKE_COLUMNS)[K]['schema'] };

/**
 * One lake row: one change to one order, serialized as one JSON line. Money is exact decimal text.
 *
 * @example
 * {
 *   event_id: 'c4ca4238a0b923820dcc509a6f75849b', change_type: 'update', event_time: '2026-11-25T10:15:30.000Z',
 *   ingest_time: '2026-11-25T10:15:31.250Z', sequence: '111100000000012345678901', order_id: 'ord-000001',
 *   customer_id: 'cus-00042', status: 'PAID', previous_status: 'PLACED', currency: 'EUR', order_total: '129.90',
 *   item_count: 1, items: [{ sku: 'SKU-ELE-0001', product_name: 'Headphones', category: 'electronics', quantity: 1, unit_price: '129.90' }],
 *   channel: 'web', country: 'DE', created_at: '2026-11-25T10:15:30.123Z', updated_at: '2026-11-25T10:15:30.123Z',
 *   version: 2, is_deleted: false, schema_version: 1,
 * }
 */
export const LakeRowSchema = z.strictObject(
  Object.fromEntries(LAKE_COLUMN_NAMES.map((name) => [name, LAKE_COLUMNS[name].schema])) as LakeRowShape,
);
export type LakeRow = z.infer<typeof LakeRowSchema>;

/** The partition keys of the lake, in path order: `dt=YYYY-MM-DD/hour=HH/`, from event_time in UTC. */
export const PARTITION_KEYS = [
  { name: 'dt', type: STRING, description: 'UTC date of event_time, YYYY-MM-DD' },
  { name: 'hour', type: STRING, description: 'UTC hour of event_time, 00-23' },
] as const;
export type PartitionKeys = { dt: string; hour: string };

/** The partition keys of an ISO 8601 UTC timestamp: `2026-11-25T10:15:30.123Z` → `{ dt: '2026-11-25', hour: '10' }`. */
export function partitionKeysOf(isoTimestamp: string): PartitionKeys {
  return { dt: isoTimestamp.slice(0, 10), hour: isoTimestamp.slice(11, 13) };
}
