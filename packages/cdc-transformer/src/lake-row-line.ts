import {
  type ColumnType,
  LAKE_COLUMN_NAMES,
  LAKE_COLUMNS,
  type LakeColumn,
  type LakeItem,
  LakeItemSchema,
  type LakeRow,
  type LakeRowOfLayout,
  SCHEMA_VERSION,
  SCHEMA_VERSIONS,
  type SchemaVersion,
} from '@org/order-schema';
import { LakeRowTemplateError } from './errors';
import { isPlainJsonText } from './json-text';

// Why not JSON.stringify(row): per record it walks a 20-key object and its items generically, which
// costs about twice the template below. The template writes the pinned layout 1 in LAKE_COLUMNS
// order; the columns later layouts added follow, derived from LAKE_COLUMNS. Every layout is checked
// against LAKE_COLUMNS and JSON.stringify when this module loads (see the end of this file): should
// order-schema ever change the columns or the item fields, importing this module throws, so rows
// never drift.

/** A string value as JSON; JSON.stringify only for the rare text that needs escaping. */
function quote(text: string): string {
  return isPlainJsonText(text) ? `"${text}"` : JSON.stringify(text);
}

/** A string value known to need no escaping, as JSON. */
function wrap(text: string): string {
  return `"${text}"`;
}

function itemsJson(items: LakeItem[], q: (text: string) => string): string {
  let json = '';
  for (let index = 0; index < items.length; index++) {
    const item = items[index]!;
    json += `${index === 0 ? '' : ','}{"sku":${q(item.sku)},"product_name":${q(item.product_name)},"category":${q(item.category)},"quantity":${item.quantity},"unit_price":"${item.unit_price}"}`;
  }
  return json;
}

/** Writes one column added after layout 1: its key and its value as JSON. */
interface AddedColumnWriter {
  readonly since: number;
  /** `,"coupon_code":` */
  readonly key: string;
  readonly name: string;
  readonly value: (value: unknown, q: (text: string) => string) => string;
}

function valueWriter(type: ColumnType): AddedColumnWriter['value'] {
  switch (type.kind) {
    case 'string':
      return (value, q) => q(value as string);
    // Money as toLakeRow writes it: digits, a point, a sign at most. Never escaped.
    case 'decimal':
      return (value) => `"${value as string}"`;
    case 'int':
    case 'bigint':
    case 'boolean':
      return (value) => String(value);
    default:
      return (value) => JSON.stringify(value);
  }
}

// The columns after layout 1 come from LAKE_COLUMNS itself (in its order, which is by since), so an
// attribute added to order-schema needs no change here; the template above is the pinned layout 1.
const ADDED_COLUMN_WRITERS: readonly AddedColumnWriter[] = Object.entries(
  LAKE_COLUMNS as Record<string, LakeColumn>,
)
  .filter(([, column]) => column.since > 1)
  .map(([name, column]) => ({
    since: column.since,
    key: `,"${name}":`,
    name,
    value: valueWriter(column.type),
  }));

/** The columns after layout 1 that a row of layout `layout` has, as JSON text after the first key. */
function addedColumnsJson(row: LakeRow, layout: number, q: (text: string) => string): string {
  let json = '';
  for (const writer of ADDED_COLUMN_WRITERS) {
    if (writer.since > layout) continue;
    const value = (row as Record<string, unknown>)[writer.name];
    json += `${writer.key}${value === null ? 'null' : writer.value(value, q)}`;
  }
  return json;
}

/**
 * The row as one JSON line, exactly `${JSON.stringify(row)}\n` (same keys, order, escaping and
 * numbers), for rows as `toLakeRow` builds them: integers, booleans, strings and null where the
 * schema says so, and the columns it writes itself (change type, ISO times, money) made of
 * characters that JSON never escapes, so they go in without a check. A row of layout 1 ends at
 * `schema_version`; a later layout's row goes on with the columns that layout added.
 *
 * `fromPlainJson`: the row's order and event strings were read from JSON text without a backslash,
 * decoded from UTF-8. Such strings hold no `"`, no control character (JSON forbids them raw) and no
 * lone surrogate (the decoder replaces those), so they need no escaping and are not checked one by
 * one. `sequence` may come from the Firehose record instead and is always checked.
 */
export function lakeRowLine(row: LakeRow, fromPlainJson = false): string {
  const q = fromPlainJson ? wrap : quote;
  const previous = row.previous_status === null ? 'null' : q(row.previous_status);
  const layout = row.schema_version;
  const added = layout === 1 ? '' : addedColumnsJson(row, layout, q);
  return `{"event_id":${q(row.event_id)},"change_type":"${row.change_type}","event_time":"${row.event_time}","ingest_time":"${row.ingest_time}","sequence":${quote(row.sequence)},"order_id":${q(row.order_id)},"customer_id":${q(row.customer_id)},"status":${q(row.status)},"previous_status":${previous},"currency":${q(row.currency)},"order_total":"${row.order_total}","item_count":${row.item_count},"items":[${itemsJson(row.items, q)}],"channel":${q(row.channel)},"country":${q(row.country)},"created_at":"${row.created_at}","updated_at":"${row.updated_at}","version":${row.version},"is_deleted":${row.is_deleted},"schema_version":${layout}${added}}\n`;
}

/** A layout 1 row with every column (`satisfies`: the compiler refuses it when layout 1 changes). */
const PROBE = {
  event_id: 'e',
  change_type: 'update',
  event_time: '2026-11-25T10:15:30.000Z',
  ingest_time: '2026-11-25T10:15:31.250Z',
  sequence: '1',
  order_id: 'o',
  customer_id: 'c',
  status: 'PAID',
  previous_status: 'PLACED',
  currency: 'EUR',
  order_total: '1.00',
  item_count: 1,
  items: [{ sku: 's', product_name: 'p', category: 'k', quantity: 1, unit_price: '1.00' }],
  channel: 'web',
  country: 'DE',
  created_at: '2026-11-25T10:15:30.123Z',
  updated_at: '2026-11-25T10:15:30.123Z',
  version: 2,
  is_deleted: false,
  schema_version: 1,
} satisfies LakeRowOfLayout<1>;

/** A value of each column type, for the probe rows of later layouts. */
const PROBE_VALUES: Readonly<Record<ColumnType['kind'], unknown>> = {
  string: 'x',
  decimal: '1.00',
  int: 1,
  bigint: 1,
  boolean: true,
  array: [],
  struct: {},
};

/** The probe row of `layout`: PROBE plus a value in every column that layout added. */
function probeOf(layout: SchemaVersion): LakeRow {
  const row: Record<string, unknown> = { ...PROBE, schema_version: layout };
  for (const [name, column] of Object.entries(LAKE_COLUMNS as Record<string, LakeColumn>)) {
    if (column.since > 1 && column.since <= layout) row[name] = PROBE_VALUES[column.type.kind];
  }
  return row as LakeRow;
}

/**
 * Throws `LakeRowTemplateError` unless, for every layout, the template writes exactly its columns in
 * LAKE_COLUMNS order (the current layout: LAKE_COLUMN_NAMES) and the item fields, as JSON.stringify would.
 */
function checkTemplate(): void {
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((name, index) => name === b[index]);
  // The current layout first: its expected columns are LAKE_COLUMN_NAMES exactly.
  for (const layout of [...SCHEMA_VERSIONS].reverse()) {
    const probe = probeOf(layout);
    const line = lakeRowLine(probe);
    const columns = Object.keys(JSON.parse(line) as object);
    const expected =
      layout === SCHEMA_VERSION
        ? LAKE_COLUMN_NAMES
        : LAKE_COLUMN_NAMES.filter(
            (name) => (LAKE_COLUMNS[name]?.since ?? Number.POSITIVE_INFINITY) <= layout,
          );
    if (!same(columns, expected) || line !== `${JSON.stringify(probe)}\n`) {
      throw new LakeRowTemplateError(`layout ${layout} columns`, expected, columns);
    }
  }
  const written = JSON.parse(lakeRowLine(PROBE)) as LakeRowOfLayout<1>;
  const fields = Object.keys(written.items[0]!);
  const schemaFields = Object.keys(LakeItemSchema.shape);
  if (!same(fields, schemaFields)) throw new LakeRowTemplateError('item fields', schemaFields, fields);
}

checkTemplate();
