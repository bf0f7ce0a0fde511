import { DEFAULT_CURRENT_STATE_VIEW, type Order } from '@org/order-schema';
import type { LakeDatabase } from '../lake/lake-database';
import type { SourceState } from '../source/table-change';

/** One field that differs between the source and the lake's current state. */
export interface FieldDifference {
  orderId: string;
  field: string;
  source: unknown;
  lake: unknown;
}

export interface ReconciliationResult {
  sourceOrders: number;
  lakeOrders: number;
  matched: number;
  missing: number;
  extra: number;
  mismatched: number;
  /** Total of missing, extra and mismatched orders: 0 means the lake agrees with the source. */
  differences: number;
  /** The first few of each kind, for the report. */
  missingOrderIds: string[];
  extraOrderIds: string[];
  fieldDifferences: FieldDifference[];
}

const LISTED = 20;

/** The lake row's value of each current-state field, from the order as the source holds it. */
function expectedRow(order: Order): Record<string, unknown> {
  return {
    customer_id: order.customerId,
    status: order.status,
    currency: order.currency,
    order_total: order.orderTotal,
    item_count: order.items.reduce((sum, item) => sum + item.quantity, 0),
    items: order.items.map((item) => ({
      sku: item.sku,
      product_name: item.productName,
      category: item.category,
      quantity: item.quantity,
      unit_price: item.unitPrice,
    })),
    channel: order.channel,
    country: order.country,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    version: String(order.version),
    coupon_code: order.couponCode ?? null,
    discount_total: order.discountTotal ?? null,
  };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Compares the source table's final state with the lake's current state in `relation` (the view, or the
 * current-state table, which has its columns), order by order and field by field (values as exact
 * text: DECIMAL and BIGINT are compared as strings). The relation is read in chunks; only the set of
 * seen order ids is kept.
 */
export async function reconcile(
  database: LakeDatabase,
  source: SourceState,
  relation: string = DEFAULT_CURRENT_STATE_VIEW,
): Promise<ReconciliationResult> {
  const result: ReconciliationResult = {
    sourceOrders: source.size,
    lakeOrders: 0,
    matched: 0,
    missing: 0,
    extra: 0,
    mismatched: 0,
    differences: 0,
    missingOrderIds: [],
    extraOrderIds: [],
    fieldDifferences: [],
  };
  const seen = new Set<string>();
  const stream = await database.connection.stream(
    `SELECT order_id, customer_id, status, currency, order_total, item_count, items, channel, country,
  created_at, updated_at, version, coupon_code, discount_total FROM ${relation}`,
  );
  for await (const rows of stream.yieldRowObjectJson()) {
    for (const row of rows) {
      const orderId = String(row['order_id']);
      result.lakeOrders++;
      seen.add(orderId);
      const order = source.get(orderId);
      if (!order) {
        result.extra++;
        if (result.extraOrderIds.length < LISTED) result.extraOrderIds.push(orderId);
        continue;
      }
      let differs = false;
      for (const [field, expected] of Object.entries(expectedRow(order))) {
        if (same(expected, row[field])) continue;
        differs = true;
        if (result.fieldDifferences.length < LISTED) {
          result.fieldDifferences.push({ orderId, field, source: expected, lake: row[field] ?? null });
        }
      }
      if (differs) result.mismatched++;
      else result.matched++;
    }
  }
  for (const orderId of source.keys()) {
    if (seen.has(orderId)) continue;
    result.missing++;
    if (result.missingOrderIds.length < LISTED) result.missingOrderIds.push(orderId);
  }
  result.missingOrderIds.sort();
  result.differences = result.missing + result.extra + result.mismatched;
  return result;
}
