import { CHANNELS, centsToMoneyText, ORDER_STATUSES, type Order } from '@org/order-schema';
import fc from 'fast-check';

export const MIN_TIME = Date.UTC(2015, 0, 1);
// Within the range a Kinesis record without a precision field is read in (ms up to 4.1e12, 2099-12-04).
export const MAX_TIME = Date.UTC(2099, 10, 30);
const isoTime = fc.integer({ min: MIN_TIME, max: MAX_TIME }).map((millis) => new Date(millis).toISOString());
const text = fc.string({ minLength: 1, maxLength: 24, unit: 'grapheme' });

const lineItem = fc.record({
  sku: text,
  productName: text,
  category: text,
  quantity: fc.integer({ min: 1, max: 1_000 }),
  cents: fc.integer({ min: 1, max: 99_999_999 }),
});

/** Any order valid against OrderSchema: total = Σ quantity × unitPrice, within decimal(12,2). */
export const anyOrder: fc.Arbitrary<Order> = fc
  .record({
    orderId: text,
    customerId: text,
    status: fc.constantFrom(...ORDER_STATUSES),
    currency: fc.constantFrom('EUR', 'USD', 'GBP', 'JPY'),
    items: fc.array(lineItem, { minLength: 1, maxLength: 6 }),
    channel: fc.constantFrom(...CHANNELS),
    country: fc.constantFrom('DE', 'FR', 'US', 'JP'),
    times: fc.tuple(isoTime, isoTime).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
    version: fc.integer({ min: 1, max: 1_000_000 }),
  })
  .map(({ items, times, ...order }) => ({
    ...order,
    customerEmail: 'someone@example.com',
    items: items.map(({ cents, ...item }) => ({ ...item, unitPrice: centsToMoneyText(cents) })),
    orderTotal: centsToMoneyText(items.reduce((sum, item) => sum + item.quantity * item.cents, 0)),
    createdAt: times[0]!,
    updatedAt: times[1]!,
  }));
