import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { exampleLakeRow } from '@org/order-schema/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { CurrentStateTable, currentTablePath } from '../../../src/lake/current-state-table';
import { sqlString } from '../../../src/lake/sql-text';

const root = mkdtempSync(join(tmpdir(), 'cdc-local-state-unit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes one GZIP JSON lake object holding a change of `orderId` at `eventTime`; returns what landed. */
function landObject(outDir: string, orderId: string, version: number, eventTime: string) {
  const prefix = `lake/orders_changes/dt=${eventTime.slice(0, 10)}/hour=${eventTime.slice(11, 13)}/`;
  mkdirSync(join(outDir, prefix), { recursive: true });
  const path = join(outDir, prefix, `${orderId}-v${version}.gz`);
  const row = exampleLakeRow({
    event_id: `${orderId}-v${version}`,
    change_type: version === 1 ? 'insert' : 'update',
    event_time: eventTime,
    ingest_time: eventTime,
    order_id: orderId,
    version,
  });
  writeFileSync(path, gzipSync(`${JSON.stringify(row)}\n`));
  return { prefix, path };
}

async function tableRows(outDir: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const result = await connection.runAndReadAll(
      `SELECT order_id, CAST(version AS INTEGER) FROM read_parquet(${sqlString(currentTablePath(outDir))}) ORDER BY order_id`,
    );
    return result.getRows();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** One Firehose delivery: the change its object holds (none: it landed no object), then the clock after it. */
interface Delivery {
  lands?: [orderId: string, version: number, eventTime: string];
  at: string;
}

/** Feeds `deliveries` to a new table, one after the other with no wait, and finishes it. */
async function runDeliveries(name: string, deliveries: readonly Delivery[]) {
  const outDir = join(root, name);
  const table = await CurrentStateTable.open({ outDir, format: 'json', windowHours: 3, mixedLayouts: false });
  try {
    for (const { lands, at } of deliveries) {
      if (lands) table.objectLanded(landObject(outDir, ...lands));
      table.afterDelivery(Date.parse(at));
    }
    await table.finish();
    return { stats: table.stats, files: readdirSync(join(outDir, 'current')), rows: await tableRows(outDir) };
  } finally {
    await table.close();
  }
}

describe('CurrentStateTable refreshes beside the stream', () => {
  it('folds the deliveries that waited in one refresh, over the window of the earliest of them', async () => {
    const { stats, rows } = await runDeliveries('coalesced', [
      { lands: ['ord-a', 1, '2026-01-05T10:05:00.000Z'], at: '2026-01-05T10:10:00.000Z' },
      // Two deliveries land while the first refresh runs: both wait for the next one.
      { lands: ['ord-a', 2, '2026-01-05T11:00:00.000Z'], at: '2026-01-05T11:05:00.000Z' },
      { lands: ['ord-b', 1, '2026-01-05T15:00:00.000Z'], at: '2026-01-05T15:10:00.000Z' },
    ]);

    // At 15:10 the window would start at 12:00 and miss ord-a's version 2; at 11:05 it starts at 08:00.
    expect(stats).toMatchObject({ deliveries: 3, refreshes: 2, refreshedRows: 3, fullPassRows: 0 });
    expect(rows).toEqual([
      ['ord-a', 2],
      ['ord-b', 1],
    ]);
  });

  it('leaves what landed outside every window to the full pass, and a delivery without objects alone', async () => {
    const { stats, files, rows } = await runDeliveries('late', [
      { at: '2026-01-05T09:00:00.000Z' },
      { lands: ['ord-c', 1, '2026-01-05T10:00:00.000Z'], at: '2026-01-05T10:30:00.000Z' },
      // A change that lands a day after its event time (a replayed error record): no window holds it.
      { lands: ['ord-c', 2, '2026-01-04T10:00:00.000Z'], at: '2026-01-05T11:00:00.000Z' },
    ]);

    expect(stats).toMatchObject({ deliveries: 2, refreshes: 2, refreshedRows: 1, fullPassRows: 1 });
    expect(files).toEqual(['orders.parquet']);
    expect(rows).toEqual([['ord-c', 2]]);
  });

  it('keeps the error of a refresh that failed beside the stream, and finish rejects with it', async () => {
    const outDir = join(root, 'broken');
    const table = await CurrentStateTable.open({
      outDir,
      format: 'json',
      windowHours: 3,
      mixedLayouts: false,
    });
    try {
      const landed = landObject(outDir, 'ord-d', 1, '2026-01-05T10:00:00.000Z');
      writeFileSync(landed.path, 'not gzip');
      table.objectLanded(landed);
      expect(() => table.afterDelivery(Date.parse('2026-01-05T10:30:00.000Z'))).not.toThrow();
      await expect(table.finish()).rejects.toThrow(/ord-d-v1\.gz/);
    } finally {
      await table.close();
    }
  });
});
