import { describe, expect, it } from 'vitest';
import {
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  OrderSchemaError,
  orderToAttributeMap,
  parseOrder,
} from '../../src/index';
import { exampleOrder } from '../../src/testing/index';

describe('exampleOrder', () => {
  it('is valid, and applies overrides', () => {
    expect(parseOrder(exampleOrder())).toEqual(exampleOrder());
    expect(exampleOrder({ status: 'PAID', version: 2 })).toMatchObject({ status: 'PAID', version: 2 });
  });

  it('returns a fresh copy each call', () => {
    const first = exampleOrder();
    first.items[0]!.quantity = 99;
    first.items.push({ ...first.items[0]! });
    expect(exampleOrder().items).toHaveLength(2);
    expect(exampleOrder().items[0]!.quantity).toBe(2);
  });
});

describe('OrderSchema', () => {
  it('accepts an order that follows the pinned contract', () => {
    expect(parseOrder(exampleOrder())).toEqual(exampleOrder());
  });

  it.each([
    ['items[0].quantity', exampleOrder({ items: [{ ...exampleOrder().items[0]!, quantity: 0 }] }), 'got 0'],
    ['status', exampleOrder({ status: 'LOST' as never }), 'got "LOST"'],
    ['orderTotal', exampleOrder({ orderTotal: '1.00' }), 'got "1.00"'],
    ['currency', exampleOrder({ currency: 'euro' }), 'got "euro"'],
    ['createdAt', exampleOrder({ createdAt: '2026-11-25 10:15' }), 'got "2026-11-25 10:15"'],
    [
      'items[1].unitPrice',
      exampleOrder({ items: [exampleOrder().items[0]!, { ...exampleOrder().items[1]!, unitPrice: '0.5' }] }),
      'got "0.5"',
    ],
  ])('names the field %s and its bad value', (field, order, value) => {
    expect(() => parseOrder(order)).toThrow(OrderSchemaError);
    expect(() => parseOrder(order)).toThrow(`${field}:`);
    expect(() => parseOrder(order)).toThrow(value);
  });

  it('accepts an order of schema version 2 with a coupon, the discount from 0 to the total', () => {
    for (const discountTotal of ['0.00', '25.99', '259.85']) {
      const order = exampleOrder({ couponCode: 'WELCOME10', discountTotal });
      expect(parseOrder(order)).toEqual(order);
    }
  });

  it.each([
    [
      'a discount above the total',
      { discountTotal: '259.86' },
      'discountTotal: discountTotal must be from 0.00 to orderTotal (259.85) (got "259.86")',
    ],
    [
      'a negative discount',
      { discountTotal: '-1.00' },
      'discountTotal: discountTotal must be from 0.00 to orderTotal',
    ],
    ['a discount with 3 places', { discountTotal: '1.005' }, 'discountTotal: expected decimal(12,2) text'],
    ['an empty coupon code', { couponCode: '' }, 'couponCode: Too small'],
  ])('refuses %s, naming the field', (_case, overrides, message) => {
    expect(() => parseOrder(exampleOrder(overrides))).toThrow(message);
  });

  it('names a price that is not money without failing the total check', () => {
    const items = [{ ...exampleOrder().items[0]!, unitPrice: 'free' }];
    expect(() => parseOrder(exampleOrder({ items }))).toThrow(OrderSchemaError);
    expect(() => parseOrder(exampleOrder({ items }))).toThrow('items[0].unitPrice:');
  });

  it('says which total the lines add up to', () => {
    expect(() => parseOrder(exampleOrder({ orderTotal: '1.00' }))).toThrow('(259.85)');
  });

  it('has a transition table that reaches every status from PLACED', () => {
    const reached = new Set(['PLACED']);
    for (let changed = true; changed; ) {
      changed = false;
      for (const status of [...reached]) {
        for (const next of ORDER_TRANSITIONS[status as keyof typeof ORDER_TRANSITIONS]) {
          if (!reached.has(next)) {
            reached.add(next);
            changed = true;
          }
        }
      }
    }
    expect([...reached].sort()).toEqual([...ORDER_STATUSES].sort());
  });
});

describe('orderToAttributeMap', () => {
  it('writes every pinned attribute in DynamoDB wire form, money as N with 2 places', () => {
    const map = orderToAttributeMap(exampleOrder());
    expect(Object.keys(map)).toEqual([
      'orderId',
      'customerId',
      'customerEmail',
      'status',
      'currency',
      'items',
      'orderTotal',
      'channel',
      'country',
      'createdAt',
      'updatedAt',
      'version',
    ]);
    expect(map.orderTotal).toEqual({ N: '259.85' });
    expect(map.version).toEqual({ N: '1' });
    expect(map.items).toEqual({
      L: [
        {
          M: {
            sku: { S: 'SKU-ELE-0001' },
            productName: { S: 'Headphones' },
            category: { S: 'electronics' },
            quantity: { N: '2' },
            unitPrice: { N: '129.90' },
          },
        },
        {
          M: {
            sku: { S: 'SKU-BOO-0002' },
            productName: { S: 'Atlas' },
            category: { S: 'books' },
            quantity: { N: '1' },
            unitPrice: { N: '0.05' },
          },
        },
      ],
    });
  });
});
