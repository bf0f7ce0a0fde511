import type { LakeRow } from '@org/order-schema';

/**
 * A valid lake row (an insert of a one-line order), for examples and tests. Each call returns a fresh
 * copy with the overrides applied; the result is not validated again, so an override can make it
 * invalid on purpose.
 *
 * @example
 * parseLakeRow(exampleLakeRow({ change_type: 'update', previous_status: 'PLACED', status: 'PAID' }));
 */
export function exampleLakeRow(overrides: Partial<LakeRow> = {}): LakeRow {
  return {
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
    ...overrides,
  };
}
