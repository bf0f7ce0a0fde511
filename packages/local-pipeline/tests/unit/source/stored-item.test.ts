import { generateOperations } from '@org/order-generator';
import { attributeMapToOrder, orderToAttributeMap, parseOrder } from '@org/order-schema';
import { exampleOrder } from '@org/order-schema/testing';
import { describe, expect, it } from 'vitest';
import { itemSize } from '../../../src/source/item-size';
import { storedImage, unchanged, writtenItem } from '../../../src/source/stored-item';

describe('the stored item of an order', () => {
  it('is the codec’s item with numbers as DynamoDB stores them, with its size and version', () => {
    const order = exampleOrder({ orderTotal: '024.60', version: 3 });
    const image = storedImage(order);
    expect(image['orderTotal']).toEqual({ N: '24.6' });
    expect(image['version']).toEqual({ N: '3' });
    expect(JSON.stringify(image)).toContain('"unitPrice":{"N":"129.9"}');
    expect(Object.keys(image)).toEqual(Object.keys(orderToAttributeMap(order)));
    const written = writtenItem(order);
    expect(written).toEqual({ image, stored: { order, version: '3', size: itemSize(image) } });
    // Strings DynamoDB counts by length; numbers by significant digits: "24.6" is 3 bytes, "3" 2.
    expect(written.stored.size).toBe(itemSize({ ...image, orderTotal: { N: '1' }, version: { N: '1' } }) + 1);
  });

  it("normalises the order's and its lines' numbers, naming a bad one, and leaves text alone", () => {
    const order = exampleOrder({ customerId: '12.30' });
    order.items[0]!.unitPrice = '1e2';
    const image = storedImage(order);
    expect(image['customerId']).toEqual({ S: '12.30' });
    expect(image['items']).toMatchObject({
      L: [{ M: { unitPrice: { N: '100' }, quantity: { N: '2' } } }, {}],
    });
    order.items[1]!.unitPrice = 'cheap';
    expect(() => storedImage(order)).toThrow('items[1].unitPrice: not a number: "cheap"');
    expect(() => storedImage(exampleOrder({ orderTotal: '' }))).toThrow('orderTotal: not a number: ""');
  });

  it('gives every order of a generated workload back as it was written', () => {
    let checked = 0;
    for (const operation of generateOperations({ orders: 200, seed: 'stored-item' })) {
      if (operation.type === 'delete') continue;
      const { stored } = writtenItem(operation.order);
      expect(attributeMapToOrder(storedImage(stored.order))).toEqual(parseOrder(operation.order));
      checked++;
    }
    expect(checked).toBeGreaterThan(400);
  });

  it('is unchanged by a put of the same order, and changed by any other', () => {
    const { stored } = writtenItem(exampleOrder());
    expect(unchanged(stored, writtenItem(exampleOrder({ orderTotal: '259.850' })))).toBe(true);
    expect(unchanged(stored, writtenItem(exampleOrder({ status: 'PAID' })))).toBe(false);
    expect(unchanged(stored, writtenItem(exampleOrder({ version: 2 })))).toBe(false);
  });

  it('keeps a copy of the order: changing the written object later does not change the item', () => {
    const order = exampleOrder();
    const { stored } = writtenItem(order);
    order.status = 'PAID';
    order.items[0]!.quantity = 7;
    expect(stored.order).toEqual(exampleOrder());
  });

  it('refuses an empty key, naming it', () => {
    expect(() => storedImage(exampleOrder({ orderId: '' }))).toThrow(
      'orderId: the key must not be empty, got ""',
    );
  });
});
