import {
  type AttributeMap,
  type AttributeValue,
  LINE_ITEM_ATTRIBUTES,
  ORDER_ATTRIBUTES,
  type Order,
  orderToAttributeMap,
} from '@org/order-schema';
import { ValidationError } from '../errors';
import { normalizeDynamoNumber } from './dynamodb-number';
import { itemSize } from './item-size';

/**
 * An item as the embedded table keeps it: the order as written (a copy, so that the writer's later
 * changes to its object do not reach the table), whose `storedImage` is the item; its version for the
 * write conditions and its size for the stream records' `SizeBytes`. An order is a few objects where
 * its image is a few dozen, which a table of many items keeps for the whole run.
 */
export interface StoredItem {
  readonly order: Order;
  readonly version: string;
  readonly size: number;
}

/** A write: the new item's image, for its stream record, and what the table keeps. */
export interface WrittenItem {
  readonly image: AttributeMap;
  readonly stored: StoredItem;
}

/** Normalises, in place, the `N` attributes of `map` that `attributes` lists. */
function normalizeNumbers(
  map: AttributeMap,
  attributes: readonly { name: string; type: string }[],
  path: string,
): void {
  for (const { name, type } of attributes) {
    const value: AttributeValue | undefined = map[name];
    if (type === 'N' && value && 'N' in value) value.N = normalizeDynamoNumber(value.N, `${path}${name}`);
  }
}

/**
 * An order as DynamoDB stores it: the order-schema codec's item, its numbers (the `N` attributes of
 * `ORDER_ATTRIBUTES` and of each line's `LINE_ITEM_ATTRIBUTES`) as DynamoDB stores them.
 */
export function storedImage(order: Order): AttributeMap {
  if (order.orderId === '') throw new ValidationError('orderId: the key must not be empty, got ""');
  // The codec's item is new, so its numbers can be normalised where they are.
  const image = orderToAttributeMap(order);
  normalizeNumbers(image, ORDER_ATTRIBUTES, '');
  const items = image['items'];
  if (items && 'L' in items) {
    items.L.forEach((line, index) => {
      if ('M' in line) normalizeNumbers(line.M, LINE_ITEM_ATTRIBUTES, `items[${index}].`);
    });
  }
  return image;
}

/** The write of `order`: its image and what the table keeps of it. */
export function writtenItem(order: Order): WrittenItem {
  const image = storedImage(order);
  const version = image['version'];
  const copy = { ...order, items: order.items.map((line) => ({ ...line })) };
  return {
    image,
    stored: { order: copy, version: version && 'N' in version ? version.N : '', size: itemSize(image) },
  };
}

/** Whether a write over `stored` changes nothing: the same version, and then the same item. */
export function unchanged(stored: StoredItem, next: WrittenItem): boolean {
  return (
    stored.version === next.stored.version &&
    JSON.stringify(storedImage(stored.order)) === JSON.stringify(next.image)
  );
}
