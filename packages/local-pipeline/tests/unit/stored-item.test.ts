import { generateOperations } from '@org/order-generator';
import { orderToAttributeMap } from '@org/order-schema';
import { describe, expect, it } from 'vitest';
import { normalizeAttributeMap } from '../../src/dynamodb-number';
import { StoredItemEncoder } from '../../src/stored-item';
import { itemSize } from '../../src/stream-record';
import { anOrder } from '../helpers/factories';

/** What encoding the whole item at once gives: the reference the encoder must match byte for byte. */
function wholeItem(order: ReturnType<typeof anOrder>) {
  const item = normalizeAttributeMap(orderToAttributeMap(order));
  const version = item['version'];
  return {
    json: JSON.stringify(item),
    size: itemSize(item),
    version: version && 'N' in version ? version.N : '',
  };
}

describe('StoredItemEncoder', () => {
  it('gives the JSON, size and version of the whole item, numbers normalised', () => {
    const encoder = new StoredItemEncoder();
    const order = anOrder({ orderTotal: '24.60' });
    const stored = encoder.encode(order);
    expect(stored).toEqual(wholeItem(order));
    expect(stored.json).toContain('"unitPrice":{"N":"129.9"}');
    expect(stored.json).toContain('"orderTotal":{"N":"24.6"}');
  });

  it('reuses the encoded lines across versions and follows lines changed in place', () => {
    const encoder = new StoredItemEncoder();
    const placed = anOrder();
    encoder.encode(placed);
    const paid = { ...placed, status: 'PAID' as const, version: 2, updatedAt: '2026-11-25T11:00:00.000Z' };
    expect(encoder.encode(paid)).toEqual(wholeItem(paid));
    // A caller that edits a written order's lines in place must not get the old lines back.
    paid.items[0]!.quantity = 5;
    paid.items.push({
      sku: 'SKU-"q"',
      productName: 'Café\n"Ü"',
      category: 'home',
      quantity: 1,
      unitPrice: '1.00',
    });
    expect(encoder.encode(paid)).toEqual(wholeItem(paid));
  });

  it('handles an order without lines and strings that look like the lines placeholder', () => {
    const encoder = new StoredItemEncoder();
    const order = anOrder({ items: [], customerEmail: '"items":{"L":[]}' });
    expect(encoder.encode(order)).toEqual(wholeItem(order));
  });

  it('matches the whole-item encoding for every write of a generated workload', () => {
    const encoder = new StoredItemEncoder();
    let checked = 0;
    for (const operation of generateOperations({ orders: 300, seed: 'stored-item' })) {
      if (operation.type === 'delete') continue;
      expect(encoder.encode(operation.order)).toEqual(wholeItem(operation.order));
      checked++;
    }
    expect(checked).toBeGreaterThan(600);
  });

  it('matches for unusual values: a huge version, an unnormalised total, characters JSON escapes', () => {
    const encoder = new StoredItemEncoder();
    for (const order of [
      anOrder({ version: 1e21 }),
      anOrder({ orderTotal: '007.50' }),
      anOrder({ customerId: 'çà "quoted" \\ \n' }),
    ]) {
      expect(encoder.encode(order)).toEqual(wholeItem(order));
    }
  });

  it('refuses an empty key, naming it', () => {
    expect(() => new StoredItemEncoder().encode(anOrder({ orderId: '' }))).toThrow(
      'orderId: the key must not be empty, got ""',
    );
  });
});
