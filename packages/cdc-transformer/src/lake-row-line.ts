import { LAKE_COLUMN_NAMES, type LakeItem, LakeItemSchema, type LakeRow } from '@org/order-schema';

// Why not JSON.stringify(row): per record it walks a 20-key object and its items generically, which
// costs about twice the template below. The template is written in LAKE_COLUMNS order and checked
// against it when this module loads; should order-schema ever change the columns or the item fields,
// the check fails and every row goes through JSON.stringify instead, so the output never drifts.
const TEMPLATE_COLUMNS = [
  'event_id',
  'change_type',
  'event_time',
  'ingest_time',
  'sequence',
  'order_id',
  'customer_id',
  'status',
  'previous_status',
  'currency',
  'order_total',
  'item_count',
  'items',
  'channel',
  'country',
  'created_at',
  'updated_at',
  'version',
  'is_deleted',
  'schema_version',
] as const satisfies readonly (keyof LakeRow)[];
const TEMPLATE_ITEM_FIELDS = [
  'sku',
  'product_name',
  'category',
  'quantity',
  'unit_price',
] as const satisfies readonly (keyof LakeItem)[];

const sameNames = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((name, index) => name === b[index]);
const TEMPLATE_MATCHES_SCHEMA =
  sameNames(TEMPLATE_COLUMNS, LAKE_COLUMN_NAMES) &&
  sameNames(TEMPLATE_ITEM_FIELDS, Object.keys(LakeItemSchema.shape));

/** Printable ASCII except `"` and `\`: JSON text of such a string is the string in quotes. */
const NEEDS_ESCAPING = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;

/** A string value as JSON; JSON.stringify only for the rare text that needs escaping. */
function quote(text: string): string {
  return NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`;
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

/**
 * The row as one JSON line, exactly `${JSON.stringify(row)}\n` (same keys, order, escaping and
 * numbers), for rows as `toLakeRow` builds them: integers, booleans, strings and null where the
 * schema says so, and the columns it writes itself (change type, ISO times, money) made of
 * characters that JSON never escapes, so they go in without a check.
 *
 * `fromPlainJson`: the row's order and event strings were read from JSON text without a backslash,
 * decoded from UTF-8. Such strings hold no `"`, no control character (JSON forbids them raw) and no
 * lone surrogate (the decoder replaces those), so they need no escaping and are not checked one by
 * one. `sequence` may come from the Firehose record instead and is always checked.
 */
export function lakeRowLine(row: LakeRow, fromPlainJson = false): string {
  if (!TEMPLATE_MATCHES_SCHEMA) return `${JSON.stringify(row)}\n`;
  const q = fromPlainJson ? wrap : quote;
  const previous = row.previous_status === null ? 'null' : q(row.previous_status);
  return `{"event_id":${q(row.event_id)},"change_type":"${row.change_type}","event_time":"${row.event_time}","ingest_time":"${row.ingest_time}","sequence":${quote(row.sequence)},"order_id":${q(row.order_id)},"customer_id":${q(row.customer_id)},"status":${q(row.status)},"previous_status":${previous},"currency":${q(row.currency)},"order_total":"${row.order_total}","item_count":${row.item_count},"items":[${itemsJson(row.items, q)}],"channel":${q(row.channel)},"country":${q(row.country)},"created_at":"${row.created_at}","updated_at":"${row.updated_at}","version":${row.version},"is_deleted":${row.is_deleted},"schema_version":${row.schema_version}}\n`;
}
