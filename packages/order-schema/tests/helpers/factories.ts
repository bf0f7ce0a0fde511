import type { LakeRow, Order } from '../../src/index';

export function anOrder(overrides: Partial<Order> = {}): Order {
  return {
    orderId: 'ord-000001',
    customerId: 'cus-00042',
    customerEmail: 'ada@example.com',
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
