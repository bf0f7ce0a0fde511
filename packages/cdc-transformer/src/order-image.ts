import {
  ADDED_ORDER_ATTRIBUTES,
  type LakeColumnName,
  type LakeItem,
  type LakeRowOfLayout,
  type SchemaVersion,
} from '@org/order-schema';
import { InvalidOrderAttributeError } from './errors';
import { toIsoMillis } from './iso-timestamp';
import { moneyTextOf } from './money-text';

/** The lake columns that come from one order image (NewImage, or OldImage for a delete). */
export type OrderColumns = Pick<
  LakeRowOfLayout<1>,
  | 'order_id'
  | 'customer_id'
  | 'status'
  | 'currency'
  | 'order_total'
  | 'item_count'
  | 'items'
  | 'channel'
  | 'country'
  | 'created_at'
  | 'updated_at'
  | 'version'
>;

/** A DynamoDB image in wire form, as JSON.parse returns it. */
export type Image = Record<string, unknown>;

const INT_MAX = 2_147_483_647;
const INTEGER_TEXT = /^-?\d+$/;

// The readers take the image, the attribute name and (for list elements) the index separately, and
// build the field's path only when they throw: the hot path allocates little beyond the row.

function wireValue(image: Image, name: string, kind: 'S' | 'N' | 'L' | 'M'): unknown {
  const attribute = image[name];
  return typeof attribute === 'object' && attribute !== null
    ? (attribute as Record<string, unknown>)[kind]
    : undefined;
}

/** `dynamodb.NewImage.status`, or `dynamodb.NewImage.items[2].sku` for an attribute of a list element. */
function fieldOf(path: string, name: string, index: number): string {
  return index < 0 ? `${path}.${name}` : `${path}[${index}].${name}`;
}

/** A string attribute (`{ S }`). */
export function readString(image: Image, name: string, path: string, index = -1): string {
  const value = wireValue(image, name, 'S');
  if (typeof value === 'string') return value;
  throw new InvalidOrderAttributeError(
    fieldOf(path, name, index),
    'a string attribute {"S": …}',
    image[name],
  );
}

function readNumberText(image: Image, name: string, path: string, index: number): string {
  const value = wireValue(image, name, 'N');
  if (typeof value === 'string') return value;
  throw new InvalidOrderAttributeError(
    fieldOf(path, name, index),
    'a number attribute {"N": …}',
    image[name],
  );
}

/** An integer attribute in `[min, max]`, exact. */
function readInteger(
  image: Image,
  name: string,
  path: string,
  index: number,
  min: number,
  max: number,
): number {
  const text = readNumberText(image, name, path, index);
  const value = Number(text);
  if (INTEGER_TEXT.test(text) && value >= min && value <= max) return value;
  throw new InvalidOrderAttributeError(fieldOf(path, name, index), `an integer from ${min} to ${max}`, text);
}

/** A money attribute as exact `decimal(12,2)` text; the `N` text never passes through a float. */
function readMoney(image: Image, name: string, path: string, index = -1): string {
  const text = readNumberText(image, name, path, index);
  const money = moneyTextOf(text);
  if (money !== undefined) return money;
  throw new InvalidOrderAttributeError(fieldOf(path, name, index), 'a decimal(12,2) number', text);
}

function readTimestamp(image: Image, name: string, path: string): string {
  const text = readString(image, name, path);
  const iso = toIsoMillis(text);
  if (iso !== undefined) return iso;
  throw new InvalidOrderAttributeError(`${path}.${name}`, 'an ISO 8601 timestamp with a zone', text);
}

function readItems(image: Image, path: string): { items: LakeItem[]; itemCount: number } {
  const list = wireValue(image, 'items', 'L');
  if (!Array.isArray(list)) {
    throw new InvalidOrderAttributeError(`${path}.items`, 'a list attribute {"L": […]}', image['items']);
  }
  const listPath = `${path}.items`;
  const items: LakeItem[] = new Array(list.length);
  let itemCount = 0;
  for (let index = 0; index < list.length; index++) {
    const element = list[index] as { M?: unknown } | null;
    const item = typeof element === 'object' && element !== null ? element.M : undefined;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new InvalidOrderAttributeError(`${listPath}[${index}]`, 'a map attribute {"M": {…}}', element);
    }
    const fields = item as Image;
    const quantity = readInteger(fields, 'quantity', listPath, index, 1, INT_MAX);
    items[index] = {
      sku: readString(fields, 'sku', listPath, index),
      product_name: readString(fields, 'productName', listPath, index),
      category: readString(fields, 'category', listPath, index),
      quantity,
      unit_price: readMoney(fields, 'unitPrice', listPath, index),
    };
    itemCount += quantity;
  }
  if (itemCount > INT_MAX) {
    throw new InvalidOrderAttributeError(listPath, `quantities summing to at most ${INT_MAX}`, itemCount);
  }
  return { items, itemCount };
}

/**
 * Reads the known order attributes of an image straight from the wire form, with one small check per
 * attribute. Unknown attributes are never touched, so a 20-digit number or a binary there cannot fail
 * the record, and `customerEmail` is never read. `path` names the image in errors, e.g. `dynamodb.NewImage`.
 */
export function readOrderImage(image: Image, path: string): OrderColumns {
  const orderId = readString(image, 'orderId', path);
  if (orderId === '') throw new InvalidOrderAttributeError(`${path}.orderId`, 'a non-empty string', orderId);
  const { items, itemCount } = readItems(image, path);
  return {
    order_id: orderId,
    customer_id: readString(image, 'customerId', path),
    status: readString(image, 'status', path),
    currency: readString(image, 'currency', path),
    order_total: readMoney(image, 'orderTotal', path),
    item_count: itemCount,
    items,
    channel: readString(image, 'channel', path),
    country: readString(image, 'country', path),
    created_at: readTimestamp(image, 'createdAt', path),
    updated_at: readTimestamp(image, 'updatedAt', path),
    version: readInteger(image, 'version', path, -1, 0, Number.MAX_SAFE_INTEGER),
  };
}

/** The `status` of an image when it has one: the previous status of an update or a delete. */
export function readStatusIfPresent(image: Image, path: string): string | null {
  return image['status'] === undefined ? null : readString(image, 'status', path);
}

/** An attribute added after layout 1 that has a lake column: read when the row's layout has it. */
interface AddedColumnSource {
  readonly name: string;
  readonly column: LakeColumnName;
  readonly since: number;
  readonly form: 'string' | 'integer' | 'money';
}

// In column order (LAKE_COLUMNS orders the added columns by since), so rows keep one key order.
const ADDED_COLUMN_SOURCES: readonly AddedColumnSource[] = ADDED_ORDER_ATTRIBUTES.flatMap((attribute) =>
  attribute.column === null ? [] : [attribute as AddedColumnSource],
).sort((a, b) => a.since - b.since);

/** The value of an added attribute: absent or `NULL` gives null (the item predates it or has none). */
function readAdded(image: Image, source: AddedColumnSource, path: string): string | number | null {
  const attribute = image[source.name];
  if (attribute === undefined || (attribute as { NULL?: unknown } | null)?.NULL === true) return null;
  switch (source.form) {
    case 'string':
      return readString(image, source.name, path);
    case 'money':
      return readMoney(image, source.name, path);
    case 'integer':
      return readInteger(image, source.name, path, -1, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  }
}

/**
 * The columns of layout `layout` that attributes added after layout 1 fill (`ORDER_ATTRIBUTES`), in
 * column order, written onto `row`: the attribute's value, or null when the image lacks it (`image`
 * undefined: a delete without its old image). Checked as the pinned attributes are, with the same
 * error naming (`dynamodb.NewImage.discountTotal`).
 */
export function writeAddedColumns(
  row: Record<string, unknown>,
  image: Image | undefined,
  path: string,
  layout: SchemaVersion,
): void {
  for (const source of ADDED_COLUMN_SOURCES) {
    if (source.since > layout) continue;
    row[source.column] = image === undefined ? null : readAdded(image, source, path);
  }
}
