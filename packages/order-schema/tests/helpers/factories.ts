import { exampleOrder, type LakeRow } from '../../src/index';

/** A valid order (the package's example); override any field. */
export const anOrder = exampleOrder;

export function aLakeRow(overrides: Partial<LakeRow> = {}): LakeRow {
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
