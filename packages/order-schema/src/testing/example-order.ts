import type { Order } from '@org/order-schema';

/**
 * A valid order with two lines, for examples and tests: prices with a trailing zero (`129.90`) and a
 * sub-unit price (`0.05`), so that number formatting shows. Each call returns a fresh copy with the
 * overrides applied; the result is not validated again, so an override can make it invalid on purpose.
 *
 * @example
 * parseOrder(exampleOrder({ status: 'PAID', version: 2 }));
 */
export function exampleOrder(overrides: Partial<Order> = {}): Order {
  return {
    orderId: 'ord-000001',
    customerId: 'cus-00042',
    customerEmail: 'ada.lovelace@example.com',
    status: 'PLACED',
    currency: 'EUR',
    items: [
      {
        sku: 'SKU-ELE-0001',
        productName: 'Headphones',
        category: 'electronics',
        quantity: 2,
        unitPrice: '129.90',
      },
      { sku: 'SKU-BOO-0002', productName: 'Atlas', category: 'books', quantity: 1, unitPrice: '0.05' },
    ],
    orderTotal: '259.85',
    channel: 'web',
    country: 'DE',
    createdAt: '2026-11-25T10:15:30.123Z',
    updatedAt: '2026-11-25T10:15:30.123Z',
    version: 1,
    ...overrides,
  };
}
