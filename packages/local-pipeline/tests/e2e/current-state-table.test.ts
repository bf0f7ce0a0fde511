import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateOperations, OrderWriter } from '@org/order-generator';
import { DEFAULT_CURRENT_STATE_TABLE } from '@org/order-schema';
import { afterAll, describe, expect, it } from 'vitest';
import { reconcile } from '../../src/analytics/reconciliation';
import { currentTablePath } from '../../src/lake/current-state-table';
import { openLakeDatabase } from '../../src/lake/lake-database';
import { sqlString } from '../../src/lake/sql-text';
import { runLocalPipeline } from '../../src/run-local-pipeline';
import type { RunSummary } from '../../src/run-summary';
import type { Workload } from '../../src/source/workload';
import { sourceState } from '../helpers/lake-files';

const root = mkdtempSync(join(tmpdir(), 'cdc-local-state-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Small processor batches: several deliveries, so the windowed refreshes run during the stream. */
const RUN = { orders: 300, seed: 11, processorBufferBytes: 200 * 1024 } as const;

describe.each([
  { format: 'json', chaos: true },
  { format: 'parquet', chaos: true },
] as const)('current-state table, format $format, chaos $chaos', ({ format, chaos }) => {
  const outDir = join(root, `${format}-${chaos}`);
  let summary: RunSummary;

  it('keeps orders_state by windowed refreshes and a full pass; it equals the source, as the view does', async () => {
    summary = await runLocalPipeline({ ...RUN, outDir, format, chaos });

    expect(summary.reconciliation.differences).toBe(0);
    expect(summary.currentTable).toMatchObject({
      rows: summary.reconciliation.sourceOrders,
      matched: summary.reconciliation.sourceOrders,
      missing: 0,
      extra: 0,
      mismatched: 0,
      windowHours: 3,
    });
    // Refreshes run beside the stream: each delivery is folded by one, several by one when they waited.
    expect(summary.currentTable.deliveries).toBeGreaterThan(1);
    expect(summary.currentTable.refreshes).toBeGreaterThanOrEqual(1);
    expect(summary.currentTable.refreshes).toBeLessThanOrEqual(summary.currentTable.deliveries);
    expect(summary.currentTable.refreshedRows).toBeGreaterThan(0);
    expect(summary.ok).toBe(true);
    const written = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as RunSummary;
    expect(written.currentTable).toEqual(summary.currentTable);
  });

  it('reports both counts in report.html', () => {
    const html = readFileSync(join(outDir, 'report.html'), 'utf8');
    expect(html).toContain('Reconciliation of the view <code>orders_current</code>');
    expect(html).toContain(
      `Reconciliation of the table <code>orders_state</code> (${summary.currentTable.refreshes} windowed refreshes`,
    );
    expect(html).toContain(`${summary.currentTable.rows} rows, ${summary.currentTable.matched} matched`);
  });

  it('writes the table to current/orders.parquet; a corrupted row there is found as one mismatch', async () => {
    const database = await openLakeDatabase(':memory:');
    try {
      const { connection } = database;
      await connection.run(
        `CREATE TABLE ${DEFAULT_CURRENT_STATE_TABLE} AS SELECT * FROM read_parquet(${sqlString(currentTablePath(outDir))})`,
      );
      const source = new Map(sourceState(outDir).map((order) => [order.orderId, order]));
      const intact = await reconcile(database, source, DEFAULT_CURRENT_STATE_TABLE);
      expect(intact).toMatchObject({ matched: source.size, missing: 0, extra: 0, mismatched: 0 });

      const [orderId] = source.keys();
      await connection.run(
        `UPDATE ${DEFAULT_CURRENT_STATE_TABLE} SET order_total = order_total + 1 WHERE order_id = ${sqlString(orderId!)}`,
      );
      const corrupted = await reconcile(database, source, DEFAULT_CURRENT_STATE_TABLE);

      expect(corrupted).toMatchObject({ matched: source.size - 1, mismatched: 1, differences: 1 });
      expect(corrupted.fieldDifferences).toEqual([
        expect.objectContaining({ orderId, field: 'order_total' }),
      ]);
    } finally {
      database.close();
    }
  });
});

/** The first `count` operations of the generator's run: a busy stretch of a few simulated hours. */
function busyHours(count: number): Workload {
  return {
    async run(target) {
      const writer = new OrderWriter(target, { validate: false });
      const operations = generateOperations({ orders: 5000, seed: 3, validate: false });
      const summary = await writer.write(first(operations, count));
      return summary.inserts + summary.updates + summary.deletes;
    },
  };
}

function* first<T>(items: Iterable<T>, count: number): Generator<T> {
  if (count <= 0) return;
  let taken = 0;
  for (const item of items) {
    yield item;
    if (++taken === count) return;
  }
}

describe('current-state table when every change lands within the window', () => {
  it('the windowed refreshes alone reach the source: the full pass changes no row', async () => {
    const outDir = join(root, 'busy');
    const summary = await runLocalPipeline({
      outDir,
      seed: 5,
      chaos: true,
      workload: busyHours(900),
      processorBufferBytes: 200 * 1024,
      // Objects close a simulated minute after they open, so most deliveries land some.
      destinationBufferIntervalMs: 60_000,
    });

    expect(summary.reconciliation.differences).toBe(0);
    expect(summary.currentTable).toMatchObject({ missing: 0, extra: 0, mismatched: 0, fullPassRows: 0 });
    expect(summary.currentTable.deliveries).toBeGreaterThan(1);
    expect(summary.currentTable.refreshes).toBeGreaterThanOrEqual(1);
    expect(summary.currentTable.refreshedRows).toBeGreaterThanOrEqual(summary.currentTable.rows);
  });
});
