import type { LakeRowOfLayout, SchemaVersion } from '@org/order-schema';
import { SCHEMA_VERSION } from '../constants';
import { lakeColumnNamesOf } from '../lake-columns';

/**
 * A valid lake row (an insert of a one-line order, without a coupon), for examples and tests: of the
 * current layout, or of an older `layout` (then without the later columns). Each call returns a fresh
 * copy with the overrides applied; the result is not validated again, so an override can make it
 * invalid on purpose.
 *
 * @example
 * parseLakeRow(exampleLakeRow({ change_type: 'update', previous_status: 'PLACED', status: 'PAID' }));
 * parseLakeRow(exampleLakeRow({}, 1)); // a row as a transformer of layout 1 wrote it
 */
export function exampleLakeRow<V extends SchemaVersion = typeof SCHEMA_VERSION>(
  overrides: Partial<LakeRowOfLayout<V>> = {},
  layout: V = SCHEMA_VERSION as V,
): LakeRowOfLayout<V> {
  const baseline: LakeRowOfLayout<1> = {
    event_id: 'c4ca4238a0b923820dcc509a6f75849b',
    change_type: 'insert',
    event_time: '2026-11-25T10:15:30.000Z',
    ingest_time: '2026-11-25T10:15:31.250Z',
    sequence: '111100000000012345678901',
    order_id: 'ord-000001',
    customer_id: 'cus-00042',
    status: 'PLACED',
    previous_status: null,
    currency: 'EUR',
    order_total: '129.90',
    item_count: 1,
    items: [
      {
        sku: 'SKU-1',
        product_name: 'Headphones',
        category: 'electronics',
        quantity: 1,
        unit_price: '129.90',
      },
    ],
    channel: 'web',
    country: 'DE',
    created_at: '2026-11-25T10:15:30.123Z',
    updated_at: '2026-11-25T10:15:30.123Z',
    version: 1,
    is_deleted: false,
    schema_version: 1,
  };
  // The columns of later layouts are all nullable: without a coupon, each is null.
  const ofLayout = Object.fromEntries(
    lakeColumnNamesOf(layout).map((name) => [
      name,
      name === 'schema_version' ? layout : ((baseline as Record<string, unknown>)[name] ?? null),
    ]),
  );
  return { ...ofLayout, ...overrides } as LakeRowOfLayout<V>;
}
