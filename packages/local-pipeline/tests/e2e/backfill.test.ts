import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExportManifestFiles } from '@org/cdc-transformer';
import { attributeMapToOrder, type LakeRow, parseLakeRow } from '@org/order-schema';
import { afterAll, describe, expect, it } from 'vitest';
import { runLocalPipeline } from '../../src/run-local-pipeline';
import type { RunSummary } from '../../src/run-summary';
import { readExportFiles, readExportTime } from '../../src/source/export-files';
import { filesUnder, jsonLines } from '../helpers/lake-files';

const root = mkdtempSync(join(tmpdir(), 'cdc-local-backfill-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PREEXISTING = 500;
const ORDERS = 100;

function lakeRows(outDir: string): LakeRow[] {
  return filesUnder(join(outDir, 'lake', 'orders_changes')).flatMap((file) =>
    jsonLines<Record<string, unknown>>(file).map((row) => parseLakeRow(row)),
  );
}

function exportLocation(outDir: string) {
  const prefix = join(outDir, 'export');
  const [exportId] = readdirSync(join(prefix, 'AWSDynamoDB'));
  return { prefix, exportId: exportId! };
}

describe('--preexisting 500 --chaos', () => {
  const outDir = join(root, 'chaos');
  let summary: RunSummary;
  let rows: LakeRow[];

  it('reconciles with no difference and counts the snapshot rows', async () => {
    summary = await runLocalPipeline({
      orders: ORDERS,
      preexisting: PREEXISTING,
      seed: 3,
      outDir,
      chaos: true,
    });
    expect(summary.reconciliation).toMatchObject({ missing: 0, extra: 0, mismatched: 0, differences: 0 });
    expect(summary.stream.duplicates).toBeGreaterThan(0);
    rows = lakeRows(outDir);
    const snapshots = rows.filter((row) => row.change_type === 'snapshot');
    // Chaos delivers some snapshot records twice: the copies are counted and dropped.
    const ids = new Set(snapshots.map((row) => row.event_id));
    expect(summary.backfill).toMatchObject({
      items: ids.size,
      badLines: 0,
      snapshotRows: snapshots.length,
      duplicatesDropped: snapshots.length - ids.size,
    });
    expect(summary.backfill?.duplicatesDropped).toBeGreaterThan(0);
    const { preexistingWrites, export: exportMs, backfill } = summary.backfill!.durationsMs;
    expect(preexistingWrites).toBeGreaterThan(0);
    expect(exportMs).toBeGreaterThan(0);
    expect(backfill).toBeGreaterThan(0);
    expect(preexistingWrites + exportMs + backfill).toBeLessThanOrEqual(summary.durationsMs.streaming);
    // Every pre-existing order still in the table at the export has one snapshot, and only those.
    const orders = new Set(snapshots.map((row) => row.order_id));
    expect(orders.size).toBe(ids.size);
    expect(orders.size).toBeGreaterThan(PREEXISTING * 0.9);
    expect(orders.size).toBeLessThanOrEqual(PREEXISTING);
    expect([...orders].every((id) => Number(id.slice(4)) <= PREEXISTING)).toBe(true);
    const report = readFileSync(join(outDir, 'report.html'), 'utf8');
    expect(report).toContain(
      `snapshot rows (duplicates dropped)<b>${snapshots.length} (${snapshots.length - ids.size})</b>`,
    );
  });

  it('sees no insert of a pre-existing order on the stream, but live updates of many of them', () => {
    const preexisting = new Set(
      rows.filter((row) => row.change_type === 'snapshot').map((row) => row.order_id),
    );
    const live = rows.filter((row) => row.change_type !== 'snapshot' && preexisting.has(row.order_id));
    expect(live.some((row) => row.change_type === 'insert')).toBe(false);
    const touched = new Set(live.map((row) => row.order_id));
    expect(touched.size).toBeGreaterThan(preexisting.size / 2);
  });

  it('exercises the version rule: snapshots arrive after newer changes of their order, and lose to them', () => {
    const snapshotOf = new Map(
      rows.filter((row) => row.change_type === 'snapshot').map((row) => [row.order_id, row]),
    );
    const overtaken = rows.filter((row) => {
      const snapshot = snapshotOf.get(row.order_id);
      return (
        snapshot !== undefined &&
        row.change_type !== 'snapshot' &&
        Number(row.version) > Number(snapshot.version) &&
        row.ingest_time <= snapshot.ingest_time
      );
    });
    expect(overtaken.length).toBeGreaterThan(0);
  });

  it('writes the export file set DynamoDB writes, which the transformer reader reads back', async () => {
    const location = exportLocation(outDir);
    const folder = join(location.prefix, 'AWSDynamoDB', location.exportId);
    expect(location.exportId).toMatch(/^\d{14}-[0-9a-f]{8}$/);
    const manifestSummary = JSON.parse(readFileSync(join(folder, 'manifest-summary.json'), 'utf8'));
    const files = parseExportManifestFiles(readFileSync(join(folder, 'manifest-files.json'), 'utf8'));
    expect(files.length).toBeGreaterThan(1);
    for (const file of files)
      expect(file.dataFileS3Key).toMatch(/^AWSDynamoDB\/[\da-f-]+\/data\/[^/]+\.json\.gz$/);
    expect(manifestSummary).toMatchObject({
      outputFormat: 'DYNAMODB_JSON',
      itemCount: summary.backfill!.items,
      exportArn: expect.stringMatching(`:table/OrdersRawTable/export/${location.exportId}$`),
    });
    expect(files.reduce((sum, file) => sum + file.itemCount, 0)).toBe(summary.backfill!.items);
    const exportTime = await readExportTime(location);
    const snapshots = rows.filter((row) => row.change_type === 'snapshot');
    expect(new Set(snapshots.map((row) => row.event_time))).toEqual(new Set([exportTime]));
    const byOrder = new Map(snapshots.map((row) => [row.order_id, row]));
    let items = 0;
    for await (const item of readExportFiles(location)) {
      items++;
      const order = attributeMapToOrder(item);
      const row = byOrder.get(order.orderId);
      expect(row).toMatchObject({ version: order.version, status: order.status });
      expect(row?.order_total).toBe(order.orderTotal);
    }
    expect(items).toBe(summary.backfill!.items);
  });
});

describe('--backfill-twice', () => {
  it('replays the same export: every second snapshot is a copy, and the current state does not change', async () => {
    const outDir = join(root, 'twice');
    const summary = await runLocalPipeline({
      orders: 40,
      preexisting: 200,
      seed: 5,
      outDir,
      backfillTwice: true,
    });
    expect(summary.reconciliation.differences).toBe(0);
    const backfill = summary.backfill!;
    expect(backfill.items % 2).toBe(0);
    expect(backfill.snapshotRows).toBe(backfill.items);
    expect(backfill.duplicatesDropped).toBe(backfill.items / 2);
    expect(summary.reconciliation.lakeOrders).toBe(summary.reconciliation.sourceOrders);
  });
});
