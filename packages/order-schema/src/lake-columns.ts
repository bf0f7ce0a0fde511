import * as z from 'zod';
import {
  CHANGE_TYPES,
  type LayoutsUpTo,
  MONEY_PRECISION,
  MONEY_SCALE,
  SCHEMA_VERSION,
  SCHEMA_VERSIONS,
  type SchemaVersion,
} from './constants';
import { IsoTimestampSchema, MoneyTextSchema } from './order';
import {
  ADDED_ORDER_ATTRIBUTES,
  type AddedAttributeForm,
  type AddedOrderAttribute,
} from './order-attributes';

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

/** One lake column: its type, whether it may be null, what it means, the Zod schema of its JSON value, and the layout that added it. */
export interface LakeColumn<S extends z.ZodType = z.ZodType, Since extends number = number> {
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly description: string;
  readonly schema: S;
  /** The `SCHEMA_VERSION` that added the column: 1 for the pinned contract's columns. */
  readonly since: Since;
}

const STRING = { kind: 'string' } as const;
const INT = { kind: 'int' } as const;
const BIGINT = { kind: 'bigint' } as const;
const BOOLEAN = { kind: 'boolean' } as const;
const MONEY = { kind: 'decimal', precision: MONEY_PRECISION, scale: MONEY_SCALE } as const;

const column = <S extends z.ZodType>(type: ColumnType, schema: S, description: string): LakeColumn<S, 1> => ({
  type,
  nullable: schema.safeParse(null).success,
  description,
  schema,
  since: 1,
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

/** The pinned contract's columns (layout 1), in order. */
const BASELINE_COLUMNS = {
  event_id: column(STRING, z.string().min(1), "the change record's eventID"),
  change_type: column(
    STRING,
    z.enum(CHANGE_TYPES),
    'insert, update, delete, or snapshot (a backfilled item)',
  ),
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
  schema_version: column(
    INT,
    z.number().int().min(1).max(SCHEMA_VERSION),
    'the row layout that wrote this row (columns added later are absent from older rows)',
  ),
} as const;

/** The lake column type and JSON value of an added attribute, by its form; always nullable. */
const ADDED_COLUMN_TYPES = { string: STRING, integer: BIGINT, money: MONEY } as const satisfies Record<
  AddedAttributeForm,
  ColumnType
>;
const ADDED_COLUMN_SCHEMAS = {
  string: z.string().nullable(),
  integer: z.number().int().nullable(),
  money: MoneyTextSchema.nullable(),
} as const satisfies Record<AddedAttributeForm, z.ZodType>;

type AddedColumns = {
  [A in AddedOrderAttribute as A['column'] & string]: LakeColumn<
    (typeof ADDED_COLUMN_SCHEMAS)[A['form']],
    A['since']
  >;
};

/** The columns of the attributes added after the first layout, derived from `ORDER_ATTRIBUTES`. */
const addedColumns = Object.fromEntries(
  ADDED_ORDER_ATTRIBUTES.flatMap((attribute) =>
    attribute.column === null
      ? []
      : [
          [
            attribute.column,
            {
              type: ADDED_COLUMN_TYPES[attribute.form],
              nullable: true,
              description: attribute.description,
              schema: ADDED_COLUMN_SCHEMAS[attribute.form],
              since: attribute.since,
            },
          ],
        ],
  ),
) as AddedColumns;

/**
 * The lake row's columns, in order: written once. The lake-row Zod schemas, the Glue columns and the
 * DuckDB schema are all derived from this object. The pinned contract's columns come first, then
 * each later layout's columns (from `ORDER_ATTRIBUTES`), ordered by `since`: every layout is a prefix
 * of the next.
 */
export const LAKE_COLUMNS = Object.fromEntries(
  Object.entries({ ...BASELINE_COLUMNS, ...addedColumns }).sort(([, a], [, b]) => a.since - b.since),
) as typeof BASELINE_COLUMNS & AddedColumns;

export type LakeColumnName = keyof typeof LAKE_COLUMNS;
export const LAKE_COLUMN_NAMES = Object.keys(LAKE_COLUMNS) as LakeColumnName[];

/** The names of the columns that schema version `version` added, in order (1: the pinned contract's). */
export function lakeColumnsSince(version: number): LakeColumnName[] {
  return LAKE_COLUMN_NAMES.filter((name) => LAKE_COLUMNS[name].since === version);
}

/** The columns of the pinned contract's row (layout 1): what a table created before any migration has. */
export const BASELINE_LAKE_COLUMN_NAMES: readonly LakeColumnName[] = lakeColumnsSince(1);

/** The names of the columns of layout `version`, in order: those added by it or before it. */
export function lakeColumnNamesOf(version: SchemaVersion): LakeColumnName[] {
  return LAKE_COLUMN_NAMES.filter((name) => LAKE_COLUMNS[name].since <= version);
}

type LayoutShape<V extends SchemaVersion> = {
  [K in LakeColumnName as (typeof LAKE_COLUMNS)[K]['since'] extends LayoutsUpTo<V>
    ? K
    : never]: K extends 'schema_version' ? z.ZodLiteral<V> : (typeof LAKE_COLUMNS)[K]['schema'];
};

/** The strict schema of the rows of one layout: its columns, `schema_version` equal to it, no other key. */
export type LakeRowLayoutSchema<V extends SchemaVersion> = z.ZodObject<LayoutShape<V>, z.core.$strict>;

/** A row of layout `V`. */
export type LakeRowOfLayout<V extends SchemaVersion> = z.infer<LakeRowLayoutSchema<V>>;

type AnyLayoutSchema<V extends SchemaVersion = SchemaVersion> = V extends SchemaVersion
  ? LakeRowLayoutSchema<V>
  : never;

function layoutSchema<V extends SchemaVersion>(version: V): LakeRowLayoutSchema<V> {
  const shape = Object.fromEntries(
    lakeColumnNamesOf(version).map((name) => [
      name,
      name === 'schema_version' ? z.literal(version) : LAKE_COLUMNS[name].schema,
    ]),
  );
  return z.strictObject(shape) as unknown as LakeRowLayoutSchema<V>;
}

/** The schema of each layout's rows, by layout: `LAKE_ROW_LAYOUTS[1]` is the pinned contract's row. */
export const LAKE_ROW_LAYOUTS = Object.fromEntries(
  SCHEMA_VERSIONS.map((version) => [version, layoutSchema(version)]),
) as { readonly [V in SchemaVersion]: LakeRowLayoutSchema<V> };

/**
 * One lake row: one change to one order, serialized as one JSON line. Money is exact decimal text.
 *
 * A row of ANY layout is a lake row: the lake keeps the rows older transformers wrote, and a staged
 * upgrade writes both for a while. `schema_version` says which layout a row has, and the row must
 * then have exactly that layout's columns: a layout 1 row has none of the later keys (not even null),
 * a layout 2 row has all of its keys (null where the order had no value). Readers of the table see
 * the missing columns of older rows as null (Athena reads by column name, DuckDB `union_by_name`).
 *
 * @example
 * {
 *   event_id: 'c4ca4238a0b923820dcc509a6f75849b', change_type: 'update', event_time: '2026-11-25T10:15:30.000Z',
 *   ingest_time: '2026-11-25T10:15:31.250Z', sequence: '111100000000012345678901', order_id: 'ord-000001',
 *   customer_id: 'cus-00042', status: 'PAID', previous_status: 'PLACED', currency: 'EUR', order_total: '129.90',
 *   item_count: 1, items: [{ sku: 'SKU-ELE-0001', product_name: 'Headphones', category: 'electronics', quantity: 1, unit_price: '129.90' }],
 *   channel: 'web', country: 'DE', created_at: '2026-11-25T10:15:30.123Z', updated_at: '2026-11-25T10:15:30.123Z',
 *   version: 2, is_deleted: false, schema_version: 2, coupon_code: 'WELCOME10', discount_total: '12.99',
 * }
 */
export const LakeRowSchema = z.discriminatedUnion(
  'schema_version',
  SCHEMA_VERSIONS.map((version) => LAKE_ROW_LAYOUTS[version]) as [AnyLayoutSchema, ...AnyLayoutSchema[]],
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
