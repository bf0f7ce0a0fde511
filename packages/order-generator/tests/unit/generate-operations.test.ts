import {
  centsToMoneyText,
  moneyTextToCents,
  ORDER_TRANSITIONS,
  type Order,
  OrderSchema,
  type OrderStatus,
} from '@org/order-schema';
import { describe, expect, it } from 'vitest';
import {
  finalOrderState,
  generateOperations,
  InvalidOptionError,
  type OrderOperation,
} from '../../src/index';

const collect = (options: Parameters<typeof generateOperations>[0]) => [...generateOperations(options)];

/** Replays the operations per order, checking what each step may do. */
function lifecycles(operations: readonly OrderOperation[]) {
  const orders = new Map<string, { current: Order; statuses: OrderStatus[]; deleted: boolean }>();
  for (const operation of operations) {
    if (operation.type === 'insert') {
      expect(orders.has(operation.order.orderId)).toBe(false);
      orders.set(operation.order.orderId, {
        current: operation.order,
        statuses: [operation.order.status],
        deleted: false,
      });
      continue;
    }
    const orderId = operation.type === 'delete' ? operation.orderId : operation.order.orderId;
    const life = orders.get(orderId);
    if (life === undefined) throw new Error(`${operation.type} before insert of ${orderId}`);
    expect(life.deleted).toBe(false);
    expect(operation.expectedVersion).toBe(life.current.version);
    if (operation.type === 'delete') life.deleted = true;
    else {
      life.statuses.push(operation.order.status);
      life.current = operation.order;
    }
  }
  return orders;
}

describe('generateOperations', () => {
  it('gives the same operations for the same seed and options, byte for byte', () => {
    const options = { orders: 500, seed: 'same', deleteRate: 0.2 };
    const first = collect(options)
      .map((operation) => JSON.stringify(operation))
      .join('\n');
    const second = collect(options)
      .map((operation) => JSON.stringify(operation))
      .join('\n');
    expect(second).toBe(first);
    // The iterable itself can be iterated again with the same result.
    const iterable = generateOperations(options);
    expect(JSON.stringify([...iterable])).toBe(JSON.stringify([...iterable]));
    expect(
      collect({ ...options, seed: 'other' })
        .map((o) => JSON.stringify(o))
        .join('\n'),
    ).not.toBe(first);
  });

  it('treats a numeric seed like its text', () => {
    expect(JSON.stringify(collect({ orders: 20, seed: 42 }))).toBe(
      JSON.stringify(collect({ orders: 20, seed: '42' })),
    );
  });

  it('inserts each order once at version 1 in status PLACED, with ids ord-000001…', () => {
    const inserts = collect({ orders: 120 }).filter((operation) => operation.type === 'insert');
    expect(inserts).toHaveLength(120);
    expect(inserts.map((operation) => operation.order.orderId)).toEqual(
      Array.from({ length: 120 }, (_, i) => `ord-${String(i + 1).padStart(6, '0')}`),
    );
    for (const { order } of inserts) {
      expect(order.version).toBe(1);
      expect(order.status).toBe('PLACED');
      expect(order.updatedAt).toBe(order.createdAt);
    }
  });

  it('moves every order through legal transitions only, one version step at a time', () => {
    const operations = collect({ orders: 2_000, seed: 'transitions', cancelRate: 0.2, returnRate: 0.3 });
    const orders = lifecycles(operations);
    const finals = new Set<OrderStatus>();
    for (const { statuses } of orders.values()) {
      expect(statuses[0]).toBe('PLACED');
      for (let i = 1; i < statuses.length; i++) {
        expect(ORDER_TRANSITIONS[statuses[i - 1]!]).toContain(statuses[i]);
      }
      finals.add(statuses[statuses.length - 1]!);
    }
    expect([...finals].sort()).toEqual(['CANCELLED', 'DELIVERED', 'RETURNED']);
    for (const operation of operations) {
      if (operation.type === 'update') expect(operation.order.version).toBe(operation.expectedVersion + 1);
    }
  });

  it('computes totals exactly from the lines, in integer cents', () => {
    for (const operation of collect({ orders: 1_000, seed: 'totals' })) {
      if (operation.type === 'delete') continue;
      const { items, orderTotal } = operation.order;
      const cents = items.reduce((sum, line) => sum + line.quantity * moneyTextToCents(line.unitPrice), 0);
      expect(orderTotal).toBe(centsToMoneyText(cents));
      expect(orderTotal).toMatch(/^\d+\.\d{2}$/);
      expect(new Set(items.map((line) => line.sku)).size).toBe(items.length);
      expect(items.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('moves timestamps forward, overall and per order', () => {
    const operations = collect({ orders: 1_500, seed: 'time', startTime: '2026-11-25T10:00:00.000Z' });
    let previous = '';
    const lastPerOrder = new Map<string, string>();
    for (const operation of operations) {
      if (operation.type === 'delete') continue;
      const { orderId, updatedAt, createdAt } = operation.order;
      expect(updatedAt >= previous).toBe(true);
      previous = updatedAt;
      const last = lastPerOrder.get(orderId);
      if (last !== undefined) expect(updatedAt > last).toBe(true);
      lastPerOrder.set(orderId, updatedAt);
      expect(createdAt >= '2026-11-25T10:00:00.000Z').toBe(true);
    }
    const first = operations[0];
    expect(first?.type === 'insert' && first.order.createdAt).toBe('2026-11-25T10:00:00.000Z');
  });

  it.each([
    [0, 0],
    [0.05, 0.015],
    [0.3, 0.03],
    [1, 0],
  ])('deletes a share of orders close to deleteRate %s', (deleteRate, tolerance) => {
    const orders = 4_000;
    const operations = collect({ orders, seed: `delete-${deleteRate}`, deleteRate });
    const deletes = operations.filter((operation) => operation.type === 'delete').length;
    expect(Math.abs(deletes / orders - deleteRate)).toBeLessThanOrEqual(tolerance);
  });

  it('cancels and returns orders at about the configured rates', () => {
    const orders = 4_000;
    const operations = collect({ orders, seed: 'rates', cancelRate: 0.1, returnRate: 0.2 });
    const finals = [...finalOrderState(operations).values()];
    const cancelled = finals.filter((order) => order.status === 'CANCELLED').length;
    const returned = finals.filter((order) => order.status === 'RETURNED').length;
    const delivered = finals.filter((order) => order.status === 'DELIVERED').length;
    const deleted = orders - finals.length;
    expect(Math.abs(cancelled / (orders - deleted) - 0.1)).toBeLessThan(0.025);
    expect(Math.abs(returned / (returned + delivered) - 0.2)).toBeLessThan(0.03);
  });

  it('produces orders that pass OrderSchema, with synthetic e-mails and matching currencies', () => {
    const currencyOf = new Map<string, string>();
    for (const operation of collect({ orders: 1_000, seed: 'schema' })) {
      if (operation.type === 'delete') continue;
      const order = OrderSchema.parse(operation.order);
      expect(order.customerEmail).toMatch(/^[a-z]+\.[a-z]+\d+@example\.(com|org|net)$/);
      const known = currencyOf.get(order.country);
      if (known !== undefined) expect(order.currency).toBe(known);
      currencyOf.set(order.country, order.currency);
    }
    expect(currencyOf.get('DE')).toBe('EUR');
    expect(currencyOf.get('US')).toBe('USD');
    expect(currencyOf.get('GB')).toBe('GBP');
  });

  it('keeps one customer’s e-mail, country and currency the same across orders', () => {
    const byCustomer = new Map<string, string>();
    for (const operation of collect({ orders: 600, seed: 'customers', customers: 40 })) {
      if (operation.type !== 'insert') continue;
      const { customerId, customerEmail, country, currency } = operation.order;
      const identity = `${customerEmail}|${country}|${currency}`;
      expect(byCustomer.get(customerId) ?? identity).toBe(identity);
      byCustomer.set(customerId, identity);
    }
    expect(byCustomer.size).toBeLessThanOrEqual(40);
    expect(byCustomer.size).toBeGreaterThan(10);
  });

  it('generates lazily: the first operations come without walking the whole stream', () => {
    const iterator = generateOperations({ orders: 10_000_000 })[Symbol.iterator]();
    const first = iterator.next();
    expect(first.done).toBe(false);
    expect(first.value?.type).toBe('insert');
  });

  it.each([
    [{ orders: -1 }, 'invalid orders: expected a whole number >= 0, got -1'],
    [{ orders: 1.5 }, 'invalid orders: expected a whole number >= 0, got 1.5'],
    [{ orders: 10, deleteRate: 2 }, 'invalid deleteRate: expected a share between 0 and 1, got 2'],
    [{ orders: 10, cancelRate: -0.1 }, 'invalid cancelRate: expected a share between 0 and 1, got -0.1'],
    [
      { orders: 10, startTime: 'yesterday' },
      'invalid startTime: expected an ISO 8601 time such as 2026-01-01T00:00:00.000Z, got "yesterday"',
    ],
    [{ orders: 10, customers: 0 }, 'invalid customers: expected a whole number >= 1, got 0'],
  ])('rejects bad options %o', (options, message) => {
    expect(() => generateOperations(options as never)).toThrow(InvalidOptionError);
    expect(() => generateOperations(options as never)).toThrow(message);
  });
});

describe('generateOperations with coupons', () => {
  const withoutCoupon = (operation: OrderOperation): OrderOperation => {
    if (operation.type === 'delete') return operation;
    const { couponCode: _code, discountTotal: _discount, ...order } = operation.order;
    return { ...operation, order };
  };
  const orders = 4_000;
  const options = { orders, seed: 'coupons', couponShare: 0.3, couponFrom: 0.5 };
  const operations = collect(options);
  const inserts = operations.flatMap((operation) => (operation.type === 'insert' ? [operation.order] : []));

  it('places none by default', () => {
    expect(
      collect({ orders: 500, seed: 'coupons' }).some((o) => o.type !== 'delete' && 'couponCode' in o.order),
    ).toBe(false);
  });

  it('places about couponShare of the orders after couponFrom with a coupon, and none before', () => {
    const firstHalf = inserts.slice(0, orders / 2);
    const secondHalf = inserts.slice(orders / 2);
    expect(firstHalf.filter((order) => order.couponCode !== undefined)).toEqual([]);
    const share = secondHalf.filter((order) => order.couponCode !== undefined).length / secondHalf.length;
    expect(Math.abs(share - 0.3)).toBeLessThan(0.03);
    expect(new Set(inserts.flatMap((order) => order.couponCode ?? []))).toEqual(
      new Set(['WELCOME10', 'SPRING15', 'LOYAL20', 'SAVE5']),
    );
  });

  it('gives each coupon order a discount from 0 to its total, orderTotal staying the sum of the lines', () => {
    for (const order of inserts) {
      if (order.couponCode === undefined) {
        expect(order.discountTotal).toBeUndefined();
        continue;
      }
      expect(OrderSchema.parse(order)).toEqual(order);
      const total = moneyTextToCents(order.orderTotal);
      const discount = moneyTextToCents(order.discountTotal!);
      expect(discount).toBeGreaterThan(0);
      expect(discount).toBeLessThanOrEqual(total);
      if (order.couponCode === 'WELCOME10') expect(discount).toBe(Math.floor(total / 10));
    }
  });

  it('keeps the coupon through the lifecycle of the order', () => {
    const placedWith = new Map(
      inserts.map((order) => [order.orderId, [order.couponCode, order.discountTotal]]),
    );
    for (const operation of operations) {
      if (operation.type !== 'update') continue;
      const { orderId, couponCode, discountTotal } = operation.order;
      expect([couponCode, discountTotal]).toEqual(placedWith.get(orderId));
    }
  });

  it('changes nothing else: without the coupon attributes, the same operations as without coupons', () => {
    const plain = collect({ ...options, couponShare: 0 });
    expect(operations.map(withoutCoupon)).toEqual(plain);
    expect(JSON.stringify(collect(options))).toBe(JSON.stringify(operations));
  });

  it.each([
    [{ couponShare: 1, couponFrom: 0 }, 200],
    [{ couponShare: 1, couponFrom: 0.25 }, 150],
    [{ couponShare: 1, couponFrom: 1 }, 0],
    [{ couponShare: 0, couponFrom: 0 }, 0],
  ])('%o puts a coupon on %i of 200 orders', (coupons, expected) => {
    const placed = collect({ orders: 200, ...coupons }).filter(
      (operation) => operation.type === 'insert' && operation.order.couponCode !== undefined,
    );
    expect(placed).toHaveLength(expected);
  });

  it.each([
    [{ couponShare: 1.5 }, 'invalid couponShare: expected a share between 0 and 1, got 1.5'],
    [{ couponFrom: -0.5 }, 'invalid couponFrom: expected a share between 0 and 1, got -0.5'],
  ])('rejects %o', (coupons, message) => {
    expect(() => generateOperations({ orders: 10, ...coupons })).toThrow(message);
  });
});

describe('finalOrderState', () => {
  it('keeps the last version of each order and drops deleted ones', () => {
    const operations = collect({ orders: 300, seed: 'final', deleteRate: 0.25 });
    const state = finalOrderState(operations);
    const deleted = new Set(operations.flatMap((o) => (o.type === 'delete' ? [o.orderId] : [])));
    expect(state.size).toBe(300 - deleted.size);
    for (const [orderId, order] of state) {
      expect(deleted.has(orderId)).toBe(false);
      const last = operations.filter((o) => o.type !== 'delete' && o.order.orderId === orderId).at(-1);
      expect(last?.type !== 'delete' && last?.order).toBe(order);
    }
  });
});
