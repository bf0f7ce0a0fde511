import { generateOperations } from '@org/order-generator';
import { orderToAttributeMap, parseOrder } from '@org/order-schema';
import { describe, expect, it } from 'vitest';
import { itemSize } from '../../../src/source/item-size';
import { decodeOrderItem } from '../../../src/source/order-from-item';
import { storedImage, storedItem, unchanged } from '../../../src/source/stored-item';
import { anOrder } from '../../helpers/factories';

describe('the stored item of an order', () => {
  it('is the codec’s item with numbers as DynamoDB stores them, its JSON, size and version', () => {
    const order = anOrder({ orderTotal: '024.60', version: 3 });
    const image = storedImage(order);
    expect(image['orderTotal']).toEqual({ N: '24.6' });
    expect(image['version']).toEqual({ N: '3' });
    expect(JSON.stringify(image)).toContain('"unitPrice":{"N":"129.9"}');
    expect(Object.keys(image)).toEqual(Object.keys(orderToAttributeMap(order)));
    const stored = storedItem(image);
    expect(stored).toEqual({ image, version: '3', size: itemSize(image) });
    // Strings DynamoDB counts by length; numbers by significant digits: "24.6" is 3 bytes, "3" 2.
    expect(stored.size).toBe(itemSize({ ...image, orderTotal: { N: '1' }, version: { N: '1' } }) + 1);
  });

  it('gives every order of a generated workload back as it was written', () => {
    let checked = 0;
    for (const operation of generateOperations({ orders: 200, seed: 'stored-item' })) {
      if (operation.type === 'delete') continue;
      const stored = storedItem(storedImage(operation.order));
      expect(decodeOrderItem(stored.image)).toEqual(parseOrder(operation.order));
      checked++;
    }
    expect(checked).toBeGreaterThan(400);
  });

  it('is unchanged by a put of the same order, and changed by any other', () => {
    const stored = storedItem(storedImage(anOrder()));
    expect(unchanged(stored, storedItem(storedImage(anOrder({ orderTotal: '259.850' }))))).toBe(true);
    expect(unchanged(stored, storedItem(storedImage(anOrder({ status: 'PAID' }))))).toBe(false);
    expect(unchanged(stored, storedItem(storedImage(anOrder({ version: 2 }))))).toBe(false);
  });

  it('refuses an empty key, naming it', () => {
    expect(() => storedImage(anOrder({ orderId: '' }))).toThrow('orderId: the key must not be empty, got ""');
  });
});
