import { type AttributeMap, type Order, orderToAttributeMap } from '@org/order-schema';
import { ValidationError } from '../errors';
import { normalizeAttributeMap } from './dynamodb-number';
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

/** An order as DynamoDB stores it: the order-schema codec's item, every number normalised. */
export function storedImage(order: Order): AttributeMap {
  if (order.orderId === '') throw new ValidationError('orderId: the key must not be empty, got ""');
  return normalizeAttributeMap(orderToAttributeMap(order));
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
