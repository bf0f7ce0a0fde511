import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  BASELINE_LAKE_COLUMN_NAMES,
  LAKE_COLUMN_NAMES,
  LAKE_COLUMNS,
  LAKE_ROW_LAYOUTS,
  LakeRowSchema,
  lakeColumnNamesOf,
  lakeColumnsSince,
  OrderSchemaError,
  parseLakeRow,
  partitionKeysOf,
  SCHEMA_VERSION,
} from '../../src/index';
import { duckdbColumns, duckdbCreateTableSql, glueColumns, gluePartitionKeys } from '../../src/sql/index';
import { exampleLakeRow } from '../../src/testing/index';

describe('lake row schema and column list', () => {
  it('cannot drift apart: the Zod shape of the current layout has exactly the columns, in order', () => {
    expect(Object.keys(LAKE_ROW_LAYOUTS[SCHEMA_VERSION].shape)).toEqual(LAKE_COLUMN_NAMES);
    expect(glueColumns().map((column) => column.name)).toEqual(LAKE_COLUMN_NAMES);
    expect(Object.keys(duckdbColumns())).toEqual(LAKE_COLUMN_NAMES);
  });

  it('pins the contract: the layout 1 columns and Glue types, then the columns of layout 2', () => {
    const glue = glueColumns().map((column) => `${column.name} ${column.type}`);
    expect(glue.slice(0, BASELINE_LAKE_COLUMN_NAMES.length)).toEqual([
      'event_id string',
      'change_type string',
      'event_time string',
      'ingest_time string',
      'sequence string',
      'order_id string',
      'customer_id string',
      'status string',
      'previous_status string',
      'currency string',
      'order_total decimal(12,2)',
      'item_count int',
      'items array<struct<sku:string,product_name:string,category:string,quantity:int,unit_price:decimal(12,2)>>',
      'channel string',
      'country string',
      'created_at string',
      'updated_at string',
      'version bigint',
      'is_deleted boolean',
      'schema_version int',
    ]);
    expect(glue.slice(BASELINE_LAKE_COLUMN_NAMES.length)).toEqual([
      'coupon_code string',
      'discount_total decimal(12,2)',
    ]);
    expect(gluePartitionKeys().map((key) => `${key.name} ${key.type}`)).toEqual(['dt string', 'hour string']);
  });

  it('says which version added each column, and lists the columns per layout', () => {
    expect(SCHEMA_VERSION).toBe(2);
    expect(lakeColumnsSince(1)).toEqual(BASELINE_LAKE_COLUMN_NAMES);
    expect(lakeColumnsSince(2)).toEqual(['coupon_code', 'discount_total']);
    expect(lakeColumnsSince(3)).toEqual([]);
    expect(lakeColumnNamesOf(1)).toEqual(BASELINE_LAKE_COLUMN_NAMES);
    expect(lakeColumnNamesOf(2)).toEqual(LAKE_COLUMN_NAMES);
    expect(Object.keys(LAKE_ROW_LAYOUTS[1].shape)).toEqual(BASELINE_LAKE_COLUMN_NAMES);
    expect(LAKE_COLUMNS.discount_total).toMatchObject({
      since: 2,
      nullable: true,
      type: { kind: 'decimal' },
    });
  });

  it('marks previous_status and the columns added after layout 1 as nullable', () => {
    expect(LAKE_COLUMN_NAMES.filter((name) => LAKE_COLUMNS[name].nullable)).toEqual([
      'previous_status',
      'coupon_code',
      'discount_total',
    ]);
    expect(duckdbCreateTableSql('t')).toContain('previous_status VARCHAR,');
    expect(duckdbCreateTableSql('t')).toContain('order_total DECIMAL(12,2) NOT NULL');
    expect(duckdbCreateTableSql('t')).toContain('discount_total DECIMAL(12,2)\n)');
  });

  it('gives DuckDB the nested item type', () => {
    expect(duckdbColumns().items).toBe(
      'STRUCT(sku VARCHAR, product_name VARCHAR, category VARCHAR, quantity INTEGER, unit_price DECIMAL(12,2))[]',
    );
  });

  it('accepts a valid row and refuses customer e-mail or any other extra column', () => {
    expect(parseLakeRow(exampleLakeRow())).toEqual(exampleLakeRow());
    const withEmail = { ...exampleLakeRow(), customer_email: 'ada@example.com' };
    expect(() => parseLakeRow(withEmail)).toThrow(OrderSchemaError);
    expect(() => parseLakeRow(withEmail)).toThrow('customer_email');
  });

  it('accepts rows of both layouts, each with exactly its own columns', () => {
    const v1 = exampleLakeRow({}, 1);
    expect(Object.keys(v1)).toEqual(BASELINE_LAKE_COLUMN_NAMES);
    expect(parseLakeRow(v1)).toEqual(v1);
    const v2 = exampleLakeRow({ coupon_code: 'WELCOME10', discount_total: '12.99' });
    expect(v2.schema_version).toBe(2);
    expect(parseLakeRow(v2)).toEqual(v2);
    expect(parseLakeRow(exampleLakeRow())).toMatchObject({ coupon_code: null, discount_total: null });
  });

  it.each([
    [
      'a layout 1 row with a later column, even null',
      { ...exampleLakeRow({}, 1), coupon_code: null },
      'coupon_code',
    ],
    [
      'a layout 2 row without its columns',
      { ...exampleLakeRow({}, 1), schema_version: 2 },
      'coupon_code: Invalid input: expected string, received undefined',
    ],
    [
      'a layout no code writes',
      exampleLakeRow({ schema_version: 3 as 2 }),
      "schema_version: Invalid discriminator value. Expected '1' | '2' (got 3)",
    ],
    ['money with 3 places', exampleLakeRow({ discount_total: '1.005' }), 'discount_total:'],
    ['a number for the coupon code', exampleLakeRow({ coupon_code: 10 as never }), 'coupon_code:'],
  ])('refuses %s', (_case, row, message) => {
    expect(() => parseLakeRow(row)).toThrow(OrderSchemaError);
    expect(() => parseLakeRow(row)).toThrow(message);
  });

  it('names a bad field and its value', () => {
    expect(() => parseLakeRow(exampleLakeRow({ order_total: '12.3' }))).toThrow('order_total:');
    expect(() => parseLakeRow(exampleLakeRow({ order_total: '12.3' }))).toThrow('got "12.3"');
    expect(() => parseLakeRow(exampleLakeRow({ order_total: '12.3' }, 1))).toThrow('got "12.3"');
  });

  it('agrees with every column schema for generated rows (property)', () => {
    const columnArbitrary = fc.record({
      order_total: fc.integer({ min: 0, max: 99_999_999_99 }).map((cents) => (cents / 100).toFixed(2)),
      version: fc.integer({ min: 1, max: 2 ** 40 }),
      is_deleted: fc.boolean(),
      coupon_code: fc.option(fc.string({ minLength: 1 }), { nil: null }),
      discount_total: fc.option(
        fc.integer({ min: 0, max: 99_999_999_99 }).map((cents) => (cents / 100).toFixed(2)),
        { nil: null },
      ),
    });
    fc.assert(
      fc.property(columnArbitrary, (partial) => {
        const row = exampleLakeRow(partial);
        expect(LakeRowSchema.safeParse(row).success).toBe(true);
        for (const name of LAKE_COLUMN_NAMES) {
          const value = (row as Record<string, unknown>)[name];
          expect((LAKE_COLUMNS[name].schema as z.ZodType).safeParse(value).success).toBe(true);
        }
      }),
    );
  });

  it('derives partition keys in UTC from the ISO timestamp', () => {
    expect(partitionKeysOf('2026-11-25T03:59:59.999Z')).toEqual({ dt: '2026-11-25', hour: '03' });
  });
});
