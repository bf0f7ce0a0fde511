import { join } from 'node:path';
import { DEFAULTS } from '../constants';
import type { SeededRandom } from '../random';
import { type BackfillCounts, runBackfill, type SnapshotSink, timed } from './backfill';
import type { EmbeddedOrderTable } from './embedded-order-table';
import { type ExportLocation, readExportFiles, writeExportFiles } from './export-files';
import type { Workload } from './workload';

/** How a run backfills the orders that exist before its stream. */
export interface BackfillPlan {
  /** Where the export's file set is written (the export bucket's root). */
  exportDir: string;
  /** Replays of the same export: 2 shows that a second backfill adds nothing to the current state. */
  passes: number;
  sink: SnapshotSink;
  counts: BackfillCounts;
}

/** Data files an export of the embedded table is split into (a real one writes one or more per partition). */
const EXPORT_DATA_FILES = 4;

/** An export id as DynamoDB makes them: epoch milliseconds, a dash and 8 hex digits. */
export function exportIdAt(exportMs: number, random: SeededRandom): string {
  return `${String(exportMs).padStart(14, '0')}-${random.hex(8)}`;
}

/**
 * The embedded table's backfill, as it runs on AWS: the pre-existing orders are written while the
 * stream is off; the stream is turned on and the table exported at that instant (the file set
 * DynamoDB writes); then the export is read back file by file into snapshot records while the
 * workload's live changes keep flowing, touching some of the same orders.
 */
export async function runEmbeddedBackfill(
  table: EmbeddedOrderTable,
  workload: Workload,
  /** The export's point in time (epoch ms), asked once the pre-existing orders are written. */
  exportMs: () => number,
  random: SeededRandom,
  plan: BackfillPlan,
): Promise<number> {
  const durations = plan.counts.durationsMs;
  await timed(durations, 'preexistingWrites', async () => workload.runBeforeStream?.(table));
  table.enableStream();
  // Whole seconds: a live change's time (DynamoDB Streams' seconds, rounded down) is then never before
  // the snapshot's, so per order event_time still never decreases as version grows.
  const at = Math.floor(exportMs() / 1000) * 1000;
  const { region, accountId, tableName } = DEFAULTS;
  const location: ExportLocation = {
    prefix: plan.exportDir,
    exportId: exportIdAt(at, random),
    exportTime: new Date(at).toISOString(),
  };
  await timed(durations, 'export', () =>
    writeExportFiles(table.scanItems(), {
      ...location,
      tableArn: `arn:aws:dynamodb:${region}:${accountId}:table/${tableName}`,
      itemsPerFile: Math.max(1, Math.ceil(table.size / EXPORT_DATA_FILES)),
    }),
  );
  const backfill = async () => {
    for (let pass = 0; pass < plan.passes; pass++) {
      const items = readExportFiles(location, () => plan.counts.badLines++);
      await runBackfill(
        { items, exportId: location.exportId, exportTime: location.exportTime },
        plan.sink,
        plan.counts,
      );
    }
  };
  const [applied] = await Promise.all([workload.run(table), timed(durations, 'backfill', backfill)]);
  return applied;
}

/** The folder of a run's export file set. */
export const exportDirectory = (outDir: string): string => join(outDir, 'export');
