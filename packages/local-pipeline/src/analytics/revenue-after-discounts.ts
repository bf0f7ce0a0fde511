import type { QueryResult } from './analytics';

/** The id of order-schema's revenue-after-discounts query among the analytics results. */
const QUERY_ID = 'revenue-after-discounts';

/**
 * One line from the revenue-after-discounts query's answer, per currency: revenue, discounts and
 * revenue after discounts of the paid, shipped and delivered orders, e.g.
 * `EUR 1234.50 - 56.70 = 1177.80 (12 of 80 orders with a coupon)`; empty when there is no answer.
 */
export function revenueAfterDiscountsLine(results: readonly QueryResult[]): string {
  const rows = results.find((result) => result.id === QUERY_ID)?.rows ?? [];
  return rows
    .map(
      (row) =>
        `${row['currency']} ${row['revenue']} - ${row['discounts']} = ${row['revenue_after_discounts']} (${row['orders_with_coupon']} of ${row['orders']} orders with a coupon)`,
    )
    .join('; ');
}
