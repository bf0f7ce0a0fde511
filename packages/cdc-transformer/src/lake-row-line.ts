import { LAKE_COLUMN_NAMES, type LakeItem, LakeItemSchema, type LakeRow } from '@org/order-schema';
import { LakeRowTemplateError } from './errors';
import { isPlainJsonText } from './json-text';

// Why not JSON.stringify(row): per record it walks a 20-key object and its items generically, which
// costs about twice the template below. The template is written in LAKE_COLUMNS order and checked
// against LAKE_COLUMNS when this module loads (see the end of this file): should order-schema ever
// change the columns or the item fields, importing this module throws, so rows never drift.

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
  const q = fromPlainJson ? wrap : quote;
  const previous = row.previous_status === null ? 'null' : q(row.previous_status);
  return `{"event_id":${q(row.event_id)},"change_type":"${row.change_type}","event_time":"${row.event_time}","ingest_time":"${row.ingest_time}","sequence":${quote(row.sequence)},"order_id":${q(row.order_id)},"customer_id":${q(row.customer_id)},"status":${q(row.status)},"previous_status":${previous},"currency":${q(row.currency)},"order_total":"${row.order_total}","item_count":${row.item_count},"items":[${itemsJson(row.items, q)}],"channel":${q(row.channel)},"country":${q(row.country)},"created_at":"${row.created_at}","updated_at":"${row.updated_at}","version":${row.version},"is_deleted":${row.is_deleted},"schema_version":${row.schema_version}}\n`;
}

/** A row with every column (`satisfies`: the compiler refuses it when LakeRow gains or loses one). */
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
} satisfies LakeRow;

/** Throws `LakeRowTemplateError` unless the template writes exactly LAKE_COLUMNS and the item fields, in order. */
function checkTemplate(): void {
  const written = JSON.parse(lakeRowLine(PROBE)) as LakeRow;
  const columns = Object.keys(written);
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((name, index) => name === b[index]);
  if (!same(columns, LAKE_COLUMN_NAMES))
    throw new LakeRowTemplateError('columns', LAKE_COLUMN_NAMES, columns);
  const fields = Object.keys(written.items[0]!);
  const schemaFields = Object.keys(LakeItemSchema.shape);
  if (!same(fields, schemaFields)) throw new LakeRowTemplateError('item fields', schemaFields, fields);
}

checkTemplate();
