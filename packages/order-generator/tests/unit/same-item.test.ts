import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { sameItem } from '../../src/same-item';

type Item = Record<string, AttributeValue>;
const sent: Item = {
  orderId: { S: 'ord-1' },
  version: { N: '2' },
  orderTotal: { N: '12.30' },
  items: { L: [{ M: { sku: { S: 'SKU-1' }, unitPrice: { N: '6.150' }, quantity: { N: '2' } } }] },
};

describe('sameItem', () => {
  it('is true for the item as DynamoDB stores it: numbers normalised, attributes in any order', () => {
    const stored: Item = {
      items: { L: [{ M: { quantity: { N: '2' }, unitPrice: { N: '6.15' }, sku: { S: 'SKU-1' } } }] },
      orderTotal: { N: '12.3' },
      version: { N: '2' },
      orderId: { S: 'ord-1' },
    };
    expect(sameItem(stored, sent)).toBe(true);
  });

  it.each([
    ['100', '1e2'],
    ['-0.50', '-.5'],
    ['0.00', '0'],
    ['007', '7.0'],
    ['1.25E-1', '0.125'],
  ])('compares numbers by value: %s equals %s', (a, b) => {
    expect(sameItem({ n: { N: a } }, { n: { N: b } })).toBe(true);
  });

  it.each([
    ['another version', { ...sent, version: { N: '3' } }],
    ['another total', { ...sent, orderTotal: { N: '12.31' } }],
    ['a missing attribute', { orderId: sent.orderId!, version: sent.version!, orderTotal: sent.orderTotal! }],
    ['an extra attribute', { ...sent, note: { S: 'x' } }],
    ['a string for a number', { ...sent, version: { S: '2' } }],
    ['another line', { ...sent, items: { L: [{ M: { sku: { S: 'SKU-2' } } }] } }],
    ['one more line', { ...sent, items: { L: [...sent.items!.L!, ...sent.items!.L!] } }],
  ])('is false for %s', (_case, stored) => {
    expect(sameItem(stored as Item, sent)).toBe(false);
  });

  it('compares sets without regard to order, and the sign of numbers', () => {
    expect(sameItem({ s: { SS: ['a', 'b'] } }, { s: { SS: ['b', 'a'] } })).toBe(true);
    expect(sameItem({ s: { NS: ['1.0', '2'] } }, { s: { NS: ['2', '1'] } })).toBe(true);
    expect(sameItem({ n: { N: '-1' } }, { n: { N: '1' } })).toBe(false);
  });
});
