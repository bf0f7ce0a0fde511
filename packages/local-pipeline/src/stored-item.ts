import {
  type AttributeValue,
  exampleOrder,
  type LineItem,
  type Order,
  orderToAttributeMap,
} from '@org/order-schema';
import { normalizeAttributeMap, normalizeAttributeValue, normalizeDynamoNumber } from './dynamodb-number';
import { ValidationError } from './errors';
import { itemSize, numberSize } from './stream-record';

/** An item as stored: its wire-form JSON (compact, and ready to be an image), version and size. */
export interface StoredItem {
  json: string;
  version: string;
  size: number;
}

/** The `items` attribute of an order, encoded once, with the line fields it was encoded from. */
interface EncodedLines {
  /** sku, productName, category, quantity, unitPrice of every line, flattened. */
  fields: unknown[];
  json: string;
  size: number;
}

const EMPTY_LINES: readonly LineItem[] = [];
// The encoding of an empty `items` list: a key and a value, and JSON strings cannot hold a bare quote,
// so this text occurs exactly once in an item's JSON, where the list goes.
const EMPTY_LINES_JSON = '"items":{"L":[]}';
const EMPTY_LINES_SIZE = itemSize({ items: { L: [] } }) - 'items'.length;
// An order item's attributes as the codec writes them, read off one encoded order: every name counts
// once in the item's size, and the string attributes count their length.
const ATTRIBUTES = Object.entries(orderToAttributeMap(exampleOrder()));
const NAMES_SIZE = ATTRIBUTES.reduce((sum, [name]) => sum + name.length, 0);
type StringField = { [K in keyof Order]-?: Order[K] extends string ? K : never }[keyof Order];
const STRING_FIELDS = ATTRIBUTES.filter(([, value]) => 'S' in value).map(([name]) => name as StringField);

function lineFields(lines: readonly LineItem[]): unknown[] {
  const fields: unknown[] = [];
  for (const line of lines) {
    fields.push(line.sku, line.productName, line.category, line.quantity, line.unitPrice);
  }
  return fields;
}

/** Whether `lines` still hold the fields they were encoded from (a caller may have changed them in place). */
function unchanged(lines: readonly LineItem[], fields: readonly unknown[]): boolean {
  if (fields.length !== lines.length * 5) return false;
  for (let i = 0, at = 0; i < lines.length; i++, at += 5) {
    const line = lines[i]!;
    if (
      fields[at] !== line.sku ||
      fields[at + 1] !== line.productName ||
      fields[at + 2] !== line.category ||
      fields[at + 3] !== line.quantity ||
      fields[at + 4] !== line.unitPrice
    ) {
      return false;
    }
  }
  return true;
}

/**
 * Every string field a string, the version a safe positive integer and no layout-2 attribute: the shape
 * the direct path writes.
 */
function hasPlainFields(order: Order): boolean {
  if (order.couponCode !== undefined || order.discountTotal !== undefined) return false;
  for (const field of STRING_FIELDS) if (typeof order[field] !== 'string') return false;
  return typeof order.orderTotal === 'string' && Number.isSafeInteger(order.version) && order.version > 0;
}

/**
 * Encodes orders into stored items as DynamoDB holds them (`orderToAttributeMap`, numbers normalised).
 * An order's lines rarely change over its lifecycle (updates change status, `updatedAt` and
 * `version`), so the encoded `items` list is kept per lines array and reused while its fields are
 * the same: the JSON is byte for byte what encoding the whole item would give.
 */
export class StoredItemEncoder {
  private readonly lines = new WeakMap<readonly LineItem[], EncodedLines>();

  public encode(order: Order): StoredItem {
    if (order.orderId === '') throw new ValidationError('orderId: the key must not be empty, got ""');
    const lines = this.encodedLines(order.items);
    if (!hasPlainFields(order)) return this.encodeAnyShape(order, lines);
    // The attribute map's JSON written out directly, in orderToAttributeMap's attribute order. Joined
    // rather than concatenated: V8 keeps a concatenation as a tree of its pieces, which in a table of
    // many items takes twice the memory of the text, while join gives one flat string.
    const total = normalizeDynamoNumber(order.orderTotal, 'orderTotal');
    const version = String(order.version);
    const json = [
      '{"orderId":{"S":',
      JSON.stringify(order.orderId),
      '},"customerId":{"S":',
      JSON.stringify(order.customerId),
      '},"customerEmail":{"S":',
      JSON.stringify(order.customerEmail),
      '},"status":{"S":',
      JSON.stringify(order.status),
      '},"currency":{"S":',
      JSON.stringify(order.currency),
      '},"items":',
      lines.json,
      ',"orderTotal":{"N":"',
      total,
      '"},"channel":{"S":',
      JSON.stringify(order.channel),
      '},"country":{"S":',
      JSON.stringify(order.country),
      '},"createdAt":{"S":',
      JSON.stringify(order.createdAt),
      '},"updatedAt":{"S":',
      JSON.stringify(order.updatedAt),
      '},"version":{"N":"',
      version,
      '"}}',
    ].join('');
    let size = NAMES_SIZE + lines.size + numberSize(total) + numberSize(version);
    for (const field of STRING_FIELDS) size += order[field].length;
    return { json, version, size };
  }

  /** The general path: whatever the order holds, encoded through the attribute map. */
  private encodeAnyShape(order: Order, lines: EncodedLines): StoredItem {
    const rest = normalizeAttributeMap(orderToAttributeMap({ ...order, items: EMPTY_LINES as LineItem[] }));
    const text = JSON.stringify(rest);
    const at = text.indexOf(EMPTY_LINES_JSON);
    const json =
      at === -1
        ? text
        : `${text.slice(0, at)}"items":${lines.json}${text.slice(at + EMPTY_LINES_JSON.length)}`;
    const version = rest['version'];
    return {
      json,
      version: version && 'N' in version ? version.N : '',
      size: itemSize(rest) - EMPTY_LINES_SIZE + lines.size,
    };
  }

  private encodedLines(items: readonly LineItem[]): EncodedLines {
    const cached = this.lines.get(items);
    if (cached && unchanged(items, cached.fields)) return cached;
    const fields = lineFields(items);
    const full = orderToAttributeMap({ items } as Order)['items']!;
    const value: AttributeValue = normalizeAttributeValue(full, 'items');
    const encoded = {
      fields,
      json: JSON.stringify(value),
      size: itemSize({ items: value }) - 'items'.length,
    };
    this.lines.set(items, encoded);
    return encoded;
  }
}
