import { CHANGE_TYPE, DEFAULT_LAKE_TABLE } from '@org/order-schema';
import type { LakeDatabase } from '../lake/lake-database';

/** The backfill's rows in the lake. */
export interface BackfillRows {
  /** Rows with `change_type = 'snapshot'`, copies included. */
  snapshotRows: number;
  /** Snapshot rows whose `event_id` another row already has: the current state ignores them. */
  duplicatesDropped: number;
}

/** Counts the lake's snapshot rows and how many of them de-duplication on `event_id` drops. */
export async function countBackfillRows(database: LakeDatabase): Promise<BackfillRows> {
  const reader = await database.connection.runAndReadAll(
    `SELECT count(*) AS snapshot_rows, count(DISTINCT event_id) AS distinct_ids
FROM ${DEFAULT_LAKE_TABLE} WHERE change_type = '${CHANGE_TYPE.SNAPSHOT}'`,
  );
  const row = reader.getRowObjectsJson()[0] ?? {};
  const snapshotRows = Number(row['snapshot_rows'] ?? 0);
  return { snapshotRows, duplicatesDropped: snapshotRows - Number(row['distinct_ids'] ?? 0) };
}
