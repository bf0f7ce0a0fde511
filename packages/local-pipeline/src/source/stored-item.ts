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
 * An item as the embedded table keeps it: its image (the form stream records carry), its version for
 * the write conditions and its size for the stream records' `SizeBytes`.
 */
export interface StoredItem {
  readonly image: AttributeMap;
  readonly version: string;
  readonly size: number;
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

/** What the table keeps of an item image. */
export function storedItem(image: AttributeMap): StoredItem {
  const version = image['version'];
  return {
    image,
    version: version && 'N' in version ? version.N : '',
    size: itemSize(image),
  };
}

/** Whether putting `next` over `stored` changes nothing: the same version, and then the same item. */
export function unchanged(stored: StoredItem, next: StoredItem): boolean {
  return stored.version === next.version && JSON.stringify(stored.image) === JSON.stringify(next.image);
}
