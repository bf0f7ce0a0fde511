import { centsToMoneyText, moneyTextToCents, type Order } from '@org/order-schema';

const REVENUE_STATUSES = new Set(['PAID', 'SHIPPED', 'DELIVERED']);

/** Revenue by order date, country and currency, computed in TypeScript from the source's final state. */
export function revenueByDayAndCountry(orders: readonly Order[]): Record<string, unknown>[] {
  const groups = new Map<
    string,
    { order_date: string; country: string; currency: string; orders: number; cents: number }
  >();
  for (const order of orders) {
    if (!REVENUE_STATUSES.has(order.status)) continue;
    const key = `${order.createdAt.slice(0, 10)}|${order.country}|${order.currency}`;
    const group = groups.get(key) ?? {
      order_date: order.createdAt.slice(0, 10),
      country: order.country,
      currency: order.currency,
      orders: 0,
      cents: 0,
    };
    group.orders++;
    group.cents += moneyTextToCents(order.orderTotal);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) =>
      a.order_date !== b.order_date
        ? a.order_date < b.order_date
          ? -1
          : 1
        : a.country !== b.country
          ? a.country < b.country
            ? -1
            : 1
          : a.currency < b.currency
            ? -1
            : a.currency > b.currency
              ? 1
              : 0,
    )
    .map((g) => ({
      order_date: g.order_date,
      country: g.country,
      currency: g.currency,
      orders: String(g.orders),
      revenue: centsToMoneyText(g.cents),
    }));
}

/** Orders per current status, from the source's final state. */
export function ordersNowByStatus(orders: readonly Order[]): Record<string, string> {
  const counts: Record<string, number> = {};
  for (const order of orders) counts[order.status] = (counts[order.status] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).map(([status, n]) => [status, String(n)]));
}
