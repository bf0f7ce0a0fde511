import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LakeRow, type LakeRowOfLayout, parseLakeRow } from '../../src/index';
import {
  analyticsQueries,
  DUCKDB_TRINO_MACROS,
  duckdbColumnsArgument,
  duckdbCreateTableSql,
} from '../../src/sql/index';
import { exampleLakeRow } from '../../src/testing/index';

/** The changes of one order: v1 rows (no coupon columns) before the upgrade, v2 rows after it. */
function changes(
  orderId: string,
  steps: { status: string; layout: 1 | 2; coupon?: [string, string]; delete?: boolean }[],
  rest: Omit<Partial<LakeRowOfLayout<1>>, 'schema_version'> = {},
): LakeRow[] {
  return steps.map((step, index) => {
    const common = {
      ...rest,
      event_id: `${orderId}-${index + 1}`,
      order_id: orderId,
      status: step.status,
      version: index + 1,
      is_deleted: step.delete === true,
      change_type: step.delete ? 'delete' : index === 0 ? 'insert' : 'update',
      event_time: `2026-11-25T10:0${index}:00.000Z`,
    } as const;
    if (step.layout === 1) return exampleLakeRow(common, 1);
    return exampleLakeRow({
      ...common,
      coupon_code: step.coupon?.[0] ?? null,
      discount_total: step.coupon?.[1] ?? null,
    });
  });
}

const ROWS: LakeRow[] = [
  // No coupon, all before the upgrade: counts with a discount of 0.
  ...changes(
    'ord-1',
    [
      { status: 'PLACED', layout: 1 },
      { status: 'PAID', layout: 1 },
    ],
    { order_total: '100.00' },
  ),
  // Placed with a coupon after the upgrade.
  ...changes(
    'ord-2',
    [
      { status: 'PLACED', layout: 2, coupon: ['WELCOME10', '5.00'] },
      { status: 'PAID', layout: 2, coupon: ['WELCOME10', '5.00'] },
    ],
    { order_total: '50.00' },
  ),
  // Placed before the upgrade (its v1 row cannot say), updated after it: the v2 row says 8.00.
  ...changes(
    'ord-3',
    [
      { status: 'PLACED', layout: 1 },
      { status: 'SHIPPED', layout: 2, coupon: ['SPRING20', '8.00'] },
    ],
    { order_total: '80.00' },
  ),
  // Cancelled and deleted orders are not revenue.
  ...changes(
    'ord-4',
    [
      { status: 'PLACED', layout: 2, coupon: ['WELCOME10', '3.00'] },
      { status: 'CANCELLED', layout: 2, coupon: ['WELCOME10', '3.00'] },
    ],
    { order_total: '30.00' },
  ),
  ...changes(
    'ord-5',
    [
      { status: 'PAID', layout: 1 },
      { status: 'PAID', layout: 2, delete: true },
    ],
    { order_total: '999.00' },
  ),
  ...changes('ord-6', [{ status: 'DELIVERED', layout: 2, coupon: ['TENOFF', '1.50'] }], {
    order_total: '10.00',
    currency: 'USD',
  }),
];

describe('revenue after discounts, run by DuckDB over rows of both layouts', () => {
  let directory: string;
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  beforeAll(async () => {
    for (const row of ROWS) parseLakeRow(row);
    directory = mkdtempSync(join(tmpdir(), 'revenue-after-discounts-'));
    const file = join(directory, 'rows.json');
    writeFileSync(file, ROWS.map((row) => `${JSON.stringify(row)}\n`).join(''));
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
    for (const macro of DUCKDB_TRINO_MACROS) await connection.run(macro);
    await connection.run(duckdbCreateTableSql('orders_changes'));
    // As the local pipeline reads the JSON lake: a v1 line has no coupon keys, read as null.
    await connection.run(
      `INSERT INTO orders_changes SELECT * FROM read_json('${file}', format = 'newline_delimited', columns = ${duckdbColumnsArgument()})`,
    );
    for (const query of analyticsQueries().filter((q) => q.id === 'create-current-state-view')) {
      await connection.run(query.sql);
    }
  });

  afterAll(() => {
    connection?.closeSync();
    instance?.closeSync();
    rmSync(directory, { recursive: true, force: true });
  });

  it('reads the v1 rows with null coupon columns', async () => {
    const reader = await connection.runAndReadAll(
      `SELECT schema_version, count(*) AS rows, count(coupon_code) AS coupons FROM orders_changes GROUP BY ALL ORDER BY 1`,
    );
    expect(reader.getRowObjectsJson()).toEqual([
      { schema_version: 1, rows: '4', coupons: '0' },
      { schema_version: 2, rows: '7', coupons: '6' },
    ]);
  });

  it('subtracts the discounts of the current state from its revenue, per currency', async () => {
    const query = analyticsQueries().find((q) => q.id === 'revenue-after-discounts');
    const reader = await connection.runAndReadAll(query!.sql);
    expect(reader.getRowObjectsJson()).toEqual([
      {
        currency: 'EUR',
        orders: '3',
        orders_with_coupon: '2',
        revenue: '230.00',
        discounts: '13.00',
        revenue_after_discounts: '217.00',
      },
      {
        currency: 'USD',
        orders: '1',
        orders_with_coupon: '1',
        revenue: '10.00',
        discounts: '1.50',
        revenue_after_discounts: '8.50',
      },
    ]);
  });
});
