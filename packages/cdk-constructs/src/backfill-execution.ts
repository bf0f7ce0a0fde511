/**
 * What the backfill's state machine is started with and what it leaves behind, shared by the construct's
 * Lambda and the operator command that starts it (`pnpm run backfill`). Types and plain helpers only:
 * no AWS SDK here.
 */

/** The execution input: which export to write, and where its files manifest is (in the lake bucket). */
export interface BackfillExecutionInput {
  /** The export's id, the last part of its ARN: part of every snapshot record's event id. */
  readonly exportId: string;
  /** The export's point in time, ISO 8601: the event time of every snapshot row. */
  readonly exportTime: string;
  /** Key of the export's `manifest-files.json` in the lake bucket, under the backfill's export prefix. */
  readonly manifestFilesS3Key: string;
}

/** What the backfill did with one data file (summed over the invocations it took). */
export interface BackfillCounts {
  /** Items that became snapshot records. */
  itemsRead: number;
  /** Of those, records Kinesis accepted. */
  recordsWritten: number;
  /** Entries sent again after Kinesis refused them (each time counted). */
  retries: number;
  /** Records that can never be written (over Kinesis's 1 MiB record limit): not in the stream. */
  failedEntries: number;
  /** Lines that were not an item, or an item without a usable orderId or version. */
  badLines: number;
}

/** The counts of a backfill that has read nothing yet. */
export const NO_BACKFILL_COUNTS: Readonly<BackfillCounts> = Object.freeze({
  itemsRead: 0,
  recordsWritten: 0,
  retries: 0,
  failedEntries: 0,
  badLines: 0,
});

/** Two counts added field by field (files summed into a backfill's totals). */
export function addBackfillCounts(sum: BackfillCounts, counts: BackfillCounts): BackfillCounts {
  return {
    itemsRead: sum.itemsRead + counts.itemsRead,
    recordsWritten: sum.recordsWritten + counts.recordsWritten,
    retries: sum.retries + counts.retries,
    failedEntries: sum.failedEntries + counts.failedEntries,
    badLines: sum.badLines + counts.badLines,
  };
}

/**
 * One data file of an export, as the state machine's map hands it to the Lambda (`manifest-files.json`
 * gives `dataFileS3Key` and `itemCount`; the execution input gives the export). A file that takes more
 * than one invocation comes back with the result of the previous one: `afterLine` and `totals`.
 */
export interface ExportFileTask {
  readonly dataFileS3Key: string;
  readonly exportId: string;
  readonly exportTime: string;
  readonly itemCount?: number;
  /** Lines of the file already written. @default 0 */
  readonly afterLine?: number;
  readonly totals?: BackfillCounts;
  /** Invocations in a row that Kinesis let write nothing (they stop the file at three). */
  readonly stalledInvocations?: number;
}

/**
 * The Lambda's result for a file: `complete`, or where the next invocation goes on (`afterLine`), with the
 * counts. The last one is the output of the file's child execution in the map's results.
 */
export interface ExportFileResult extends ExportFileTask {
  readonly complete: boolean;
  readonly afterLine: number;
  readonly totals: BackfillCounts;
}
