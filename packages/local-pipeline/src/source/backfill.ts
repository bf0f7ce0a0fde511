import { InvalidSnapshotItemError, snapshotRecord } from '@org/cdc-transformer';
import { type AttributeMap, ORDER_KEY_ATTRIBUTE, type SnapshotChangeRecord } from '@org/order-schema';

/** Where a backfill's items come from: one export (or one Scan), its id and point in time. */
export interface BackfillSource {
  readonly items: AsyncIterable<AttributeMap>;
  readonly exportId: string;
  /** ISO 8601 UTC: the `event_time` of every snapshot row. */
  readonly exportTime: string;
}

/** Puts one snapshot record on the change stream (partition key: its order id); awaiting it is back-pressure. */
export type SnapshotSink = (orderId: string, record: SnapshotChangeRecord) => Promise<void>;

export interface BackfillCounts {
  /** Items read from the export or the Scan, over every pass. */
  items: number;
  /** Export lines that were not items, and items without a key or version (never sent). */
  badLines: number;
  /**
   * Wall time of writing the orders that exist before the stream, of writing the export (0 for a
   * Scan), and of the backfill itself: from its first item read to its last record accepted.
   */
  durationsMs: { preexistingWrites: number; export: number; backfill: number };
}

/** A backfill's counts before it starts. */
export function emptyBackfillCounts(): BackfillCounts {
  return { items: 0, badLines: 0, durationsMs: { preexistingWrites: 0, export: 0, backfill: 0 } };
}

/** Runs `step` and adds its wall time to `durations[key]`. */
export async function timed<T>(
  durations: BackfillCounts['durationsMs'],
  key: keyof BackfillCounts['durationsMs'],
  step: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    return await step();
  } finally {
    durations[key] += Math.round(performance.now() - started);
  }
}

/**
 * The backfill: every item of `source` becomes a snapshot record through the transformer's own
 * `snapshotRecord` and goes to `sink`, one at a time, so memory holds one item whatever the table's
 * size. The records then take the same capture, stream and Firehose path as live changes.
 */
export async function runBackfill(
  source: BackfillSource,
  sink: SnapshotSink,
  counts: BackfillCounts,
): Promise<void> {
  const options = { exportId: source.exportId, exportTime: source.exportTime };
  for await (const item of source.items) {
    counts.items++;
    let record: ReturnType<typeof snapshotRecord>;
    try {
      record = snapshotRecord(item, options);
    } catch (error) {
      // One bad item is counted (reconciliation then names its order) and never stops the others.
      if (!(error instanceof InvalidSnapshotItemError)) throw error;
      counts.badLines++;
      continue;
    }
    await sink((record.dynamodb.Keys[ORDER_KEY_ATTRIBUTE] as { S: string }).S, record);
  }
}
