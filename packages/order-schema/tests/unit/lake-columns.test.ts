import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  LAKE_COLUMN_NAMES,
  LAKE_COLUMNS,
  LakeRowSchema,
  OrderSchemaError,
  parseLakeRow,
  partitionKeysOf,
} from '../../src/index';
import { duckdbColumns, duckdbCreateTableSql, glueColumns, gluePartitionKeys } from '../../src/sql/index';
import { exampleLakeRow } from '../../src/testing/index';

describe('lake row schema and column list', () => {
  it('cannot drift apart: the Zod shape has exactly the columns, in order', () => {
    expect(Object.keys(LakeRowSchema.shape)).toEqual(LAKE_COLUMN_NAMES);
    expect(glueColumns().map((column) => column.name)).toEqual(LAKE_COLUMN_NAMES);
    expect(Object.keys(duckdbColumns())).toEqual(LAKE_COLUMN_NAMES);
  });

  it('pins the contract: column names and Glue types', () => {
    expect(glueColumns().map((column) => `${column.name} ${column.type}`)).toEqual([
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
    expect(gluePartitionKeys().map((key) => `${key.name} ${key.type}`)).toEqual(['dt string', 'hour string']);
  });

  it('marks exactly previous_status as nullable', () => {
    expect(LAKE_COLUMN_NAMES.filter((name) => LAKE_COLUMNS[name].nullable)).toEqual(['previous_status']);
    expect(duckdbCreateTableSql('t')).toContain('previous_status VARCHAR,');
    expect(duckdbCreateTableSql('t')).toContain('order_total DECIMAL(12,2) NOT NULL');
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

  it('names a bad field and its value', () => {
    expect(() => parseLakeRow(exampleLakeRow({ order_total: '12.3' }))).toThrow('order_total:');
    expect(() => parseLakeRow(exampleLakeRow({ order_total: '12.3' }))).toThrow('got "12.3"');
    expect(() => parseLakeRow(exampleLakeRow({ schema_version: 2 as 1 }))).toThrow('schema_version:');
  });

  it('agrees with every column schema for generated rows (property)', () => {
    const columnArbitrary = fc.record({
      order_total: fc.integer({ min: 0, max: 99_999_999_99 }).map((cents) => (cents / 100).toFixed(2)),
      version: fc.integer({ min: 1, max: 2 ** 40 }),
      is_deleted: fc.boolean(),
    });
    fc.assert(
      fc.property(columnArbitrary, (partial) => {
        const row = exampleLakeRow(partial);
        expect(LakeRowSchema.safeParse(row).success).toBe(true);
        for (const name of LAKE_COLUMN_NAMES) {
          expect((LAKE_COLUMNS[name].schema as z.ZodType).safeParse(row[name]).success).toBe(true);
        }
      }),
    );
  });

  it('derives partition keys in UTC from the ISO timestamp', () => {
    expect(partitionKeysOf('2026-11-25T03:59:59.999Z')).toEqual({ dt: '2026-11-25', hour: '03' });
  });
});
