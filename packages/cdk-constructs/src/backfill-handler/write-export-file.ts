import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { InvalidSnapshotItemError, readExportItems, snapshotRecord } from '@org/cdc-transformer';
import { ORDER_KEY_ATTRIBUTE } from '@org/order-schema';
import { ExportFileUnreadableError, StreamWriteError } from '../backfill-errors';
import {
  addBackfillCounts,
  type ExportFileResult,
  type ExportFileTask,
  NO_BACKFILL_COUNTS,
} from '../backfill-execution';
import type { SnapshotWriter } from './snapshot-writer';

export interface WriteExportFileDeps {
  readonly s3: S3Client;
  readonly writer: SnapshotWriter;
  /** The bucket the export is in. */
  readonly bucket: string;
  /** The stream written to, named when it keeps refusing. */
  readonly streamArn: string;
  /** `tableName` of the snapshot records. */
  readonly tableName: string;
  /** Milliseconds left in this invocation. */
  readonly remainingMs: () => number;
  /** Stop reading new items when less than this is left, so the last batch and its retries fit. */
  readonly stopWhenRemainingMs: number;
  readonly log: (level: 'info' | 'warn', message: string, fields: Record<string, unknown>) => void;
}

/** The file's items; a failure of the file itself (not gzip, cut short, connection lost) names it. */
async function* itemsOf(
  body: AsyncIterable<Uint8Array>,
  bucket: string,
  key: string,
  afterLine: number,
  bad: (line: number, reason: string) => void,
) {
  try {
    yield* readExportItems(body, { afterLine, onBadLine: ({ line, reason }) => bad(line, reason) });
  } catch (error) {
    throw new ExportFileUnreadableError(bucket, key, error);
  }
}

/**
 * Invocations in a row that wrote nothing because Kinesis refused every attempt: then the file fails
 * (`StreamWriteError`), is reported by name, and the backfill can be run again. Each one retries for
 * most of 15 minutes, so this is the better part of an hour of refusals.
 */
export const MAX_STALLED_INVOCATIONS = 3;

/** Bad lines logged one by one per invocation; the rest are only counted. */
const MAX_LOGGED_BAD_LINES = 20;

/**
 * Streams one export data file from S3, turns each item into a snapshot record with the transformer's
 * `snapshotRecord` and puts it on the stream with the order id as partition key (as the capture does,
 * so an order's records stay on one shard). A bad line is counted and logged (its number and why,
 * never its content) and the file goes on. When the invocation is close to its end the writer is
 * flushed and the result says where to go on; a file that cannot be read throws
 * `ExportFileUnreadableError` naming it, after flushing what was already read.
 */
export async function writeExportFile(
  task: ExportFileTask,
  deps: WriteExportFileDeps,
): Promise<ExportFileResult> {
  const { bucket, writer, log } = deps;
  const key = task.dataFileS3Key;
  const before = { ...writer.counts };
  const counts = { itemsRead: 0 };
  // Line numbers of this invocation's bad lines: those from a stall on are read (and counted) again.
  const badLines: number[] = [];
  let afterLine = task.afterLine ?? 0;
  let complete = true;
  const bad = (line: number, reason: string) => {
    badLines.push(line);
    // Counted once: a later invocation of the same file starts after it.
    afterLine = line;
    if (badLines.length <= MAX_LOGGED_BAD_LINES) log('warn', 'bad line', { key, line, reason });
  };

  let body: AsyncIterable<Uint8Array>;
  try {
    const object = await deps.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    body = object.Body as AsyncIterable<Uint8Array>;
    if (!body) throw new Error('the object has no body');
  } catch (error) {
    throw new ExportFileUnreadableError(bucket, key, error);
  }

  try {
    for await (const { item, line } of itemsOf(body, bucket, key, afterLine, bad)) {
      let data: Uint8Array;
      try {
        const record = snapshotRecord(item, {
          exportId: task.exportId,
          exportTime: task.exportTime,
          tableName: deps.tableName,
        });
        data = Buffer.from(JSON.stringify(record), 'utf8');
      } catch (error) {
        if (!(error instanceof InvalidSnapshotItemError)) throw error;
        bad(line, error.message);
        afterLine = line;
        continue;
      }
      if (!(await writer.add((item[ORDER_KEY_ATTRIBUTE] as { S: string }).S, data, line))) break;
      counts.itemsRead++;
      afterLine = line;
      if (deps.remainingMs() < deps.stopWhenRemainingMs) {
        complete = false;
        break;
      }
    }
  } catch (error) {
    // What was read before the file broke off still goes out; the file fails, and a retry resends it.
    if (error instanceof ExportFileUnreadableError) await writer.flush();
    throw error;
  }
  await writer.flush();

  const stall = writer.stall;
  let stalledInvocations = 0;
  if (stall) {
    // Kinesis kept refusing: the next invocation goes on from the first line not written.
    complete = false;
    afterLine = stall.line - 1;
    counts.itemsRead -= stall.takenFromLine;
    stalledInvocations = afterLine > (task.afterLine ?? 0) ? 1 : (task.stalledInvocations ?? 0) + 1;
    if (stalledInvocations >= MAX_STALLED_INVOCATIONS) {
      throw new StreamWriteError(
        deps.streamArn,
        new Error(
          `${key}: no record written from line ${stall.line} in ${stalledInvocations} invocations (${codesOf(writer)})`,
        ),
      );
    }
  }
  // What this invocation did, added to what the file's earlier invocations did.
  const totals = addBackfillCounts(task.totals ?? NO_BACKFILL_COUNTS, {
    itemsRead: counts.itemsRead,
    recordsWritten: writer.counts.recordsWritten - before.recordsWritten,
    retries: writer.counts.retries - before.retries,
    failedEntries: writer.counts.failedEntries - before.failedEntries,
    badLines: badLines.filter((line) => line <= afterLine).length,
  });
  log(complete ? 'info' : 'warn', complete ? 'file written' : 'file continues in the next invocation', {
    key,
    afterLine,
    ...totals,
    ...(Object.keys(writer.counts.failureCodes).length > 0
      ? { failureCodes: writer.counts.failureCodes }
      : {}),
  });
  return { ...task, afterLine, complete, totals, ...(stall ? { stalledInvocations } : {}) };
}

function codesOf(writer: SnapshotWriter): string {
  return Object.entries(writer.counts.failureCodes)
    .map(([code, entries]) => `${code} ×${entries}`)
    .join(', ');
}
