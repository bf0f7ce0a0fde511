import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateOperations } from '@org/order-generator';
import { afterAll, describe, expect, it } from 'vitest';
import { openLakeDatabase } from '../../src/lake/lake-database';
import { lakeObjectsSql } from '../../src/lake/lake-objects';
import { sqlString } from '../../src/lake/sql-text';
import { runLocalPipeline } from '../../src/run-local-pipeline';
import type { RunSummary } from '../../src/run-summary';
import { filesUnder, jsonLines, sourceState } from '../helpers/lake-files';

const root = mkdtempSync(join(tmpdir(), 'cdc-local-upgrade-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Small batches that close objects a simulated minute after they open: some land before the upgrade. */
const RUN = {
  orders: 600,
  seed: 9,
  couponShare: 0.3,
  couponFrom: 0.9,
  processorBufferBytes: 200 * 1024,
  destinationBufferIntervalMs: 60_000,
} as const;

/** Runs `sql` against a fresh DuckDB; its rows as JSON. */
async function query(sql: string): Promise<Record<string, unknown>[]> {
  const database = await openLakeDatabase(':memory:');
  try {
    return (await database.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    database.close();
  }
}

describe.each(['json', 'parquet'] as const)(
  '--coupon-share plays the upgrade to layout 2, format %s',
  (format) => {
    const outDir = join(root, format);
    let summary: RunSummary;

    it('reconciles the view and the table with 0 differences, coupons included', async () => {
      summary = await runLocalPipeline({ ...RUN, outDir, format, chaos: true });

      expect(summary.reconciliation).toMatchObject({ missing: 0, extra: 0, mismatched: 0 });
      expect(summary.currentTable).toMatchObject({ missing: 0, extra: 0, mismatched: 0 });
      expect(summary.ok).toBe(true);
      expect(summary.run).toMatchObject({ couponShare: 0.3, couponFrom: 0.9 });
      // The transformer was upgraded when order 541, the first that may carry a coupon, was placed.
      const inserts = [...generateOperations({ orders: RUN.orders, seed: RUN.seed })].filter(
        (operation) => operation.type === 'insert',
      );
      expect(summary.run.transformerUpgradedAt).toBe(inserts[540]?.order.createdAt);
    });

    it('writes layout 1 rows before the upgrade and layout 2 after it, into one lake', async () => {
      const upgradedAt = summary.run.transformerUpgradedAt!;
      const layouts = await query(
        `SELECT schema_version, count(*) AS rows, count(coupon_code) AS with_coupon,
         count(*) FILTER (WHERE coupon_code IS NOT NULL OR discount_total IS NOT NULL) AS with_new_columns,
         max(ingest_time) AS last_ingest, min(ingest_time) AS first_ingest
       FROM ${lakeObjectsSql(outDir, format)} GROUP BY 1 ORDER BY 1`,
      );

      expect(layouts.map((row) => row['schema_version'])).toEqual([1, 2]);
      const [v1, v2] = layouts;
      // Layout 1 rows read the new columns as null.
      expect(v1).toMatchObject({ with_coupon: '0', with_new_columns: '0' });
      expect(Number(v1!['rows'])).toBeGreaterThan(0);
      expect(Number(v2!['with_coupon'])).toBeGreaterThan(0);
      expect(String(v1!['first_ingest']) < upgradedAt).toBe(true);
      expect(String(v2!['last_ingest']) > upgradedAt).toBe(true);
    });

    it('keeps each layout as its own objects: layout 1 without the new columns', async () => {
      if (format === 'json') {
        const rows = filesUnder(join(outDir, 'lake', 'orders_changes')).flatMap((path) =>
          jsonLines<Record<string, unknown>>(path),
        );
        const v1 = rows.filter((row) => row['schema_version'] === 1);
        expect(v1.length).toBeGreaterThan(0);
        expect(v1.filter((row) => 'coupon_code' in row || 'discount_total' in row)).toEqual([]);
        expect(rows.filter((row) => row['schema_version'] === 2).every((row) => 'coupon_code' in row)).toBe(
          true,
        );
        return;
      }
      const glob = sqlString(join(outDir, 'lake', 'orders_changes', '**/*.parquet'));
      const [files] = await query(
        `SELECT count(DISTINCT file_name) AS files,
         count(DISTINCT file_name) FILTER (WHERE name = 'coupon_code') AS with_coupon_column
       FROM parquet_schema(${glob})`,
      );
      expect(Number(files!['with_coupon_column'])).toBeGreaterThan(0);
      expect(Number(files!['with_coupon_column'])).toBeLessThan(Number(files!['files']));
    });

    it('the current-state table holds the coupons of the source; the report has revenue after discounts', async () => {
      const withCoupon = sourceState(outDir).filter((order) => order.couponCode !== undefined);
      expect(withCoupon.length).toBeGreaterThan(0);
      const table = await query(
        `SELECT order_id, coupon_code, discount_total FROM read_parquet(${sqlString(join(outDir, 'current', 'orders.parquet'))}) WHERE coupon_code IS NOT NULL ORDER BY order_id`,
      );
      expect(table).toEqual(
        withCoupon
          .map((order) => ({
            order_id: order.orderId,
            coupon_code: order.couponCode,
            discount_total: order.discountTotal,
          }))
          .sort((a, b) => a.order_id.localeCompare(b.order_id)),
      );
      const html = readFileSync(join(outDir, 'report.html'), 'utf8');
      expect(html).toMatch(
        /Revenue after discounts: [A-Z]{3} \d+\.\d\d - \d+\.\d\d = \d+\.\d\d \(\d+ of \d+ orders/,
      );
    });
  },
);
