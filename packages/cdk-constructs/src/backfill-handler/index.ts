/**
 * The snapshot backfill's Lambda: one data file of a DynamoDB export per invocation (the state
 * machine's Distributed Map hands them out), its items written to the pipeline's Kinesis stream as
 * snapshot records. Bundled, with the AWS SDK clients and the transformer's `snapshotRecord`, to
 * `dist/backfill-handler/index.mjs` (handler `index.handler`).
 */
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import type { ExportFileResult, ExportFileTask } from '../backfill-execution';
import { BACKFILL_ENV } from './environment';
import { SnapshotWriter } from './snapshot-writer';
import { writeExportFile } from './write-export-file';

export type { BackfillCounts, ExportFileResult, ExportFileTask } from '../backfill-execution';
export { BACKFILL_ENV } from './environment';

/**
 * Stop reading new items when this much of the invocation is left: the last batch and its retries
 * must fit, and the state machine calls again for the rest.
 */
export const STOP_WHEN_REMAINING_MS = 3 * 60_000;

/**
 * Refused entries are retried for as long as the invocation lasts, less this: enough to return where
 * the file stands, so that the next invocation goes on from the first line not written.
 */
export const RETRY_RESERVE_MS = 30_000;

/** The part of the Lambda context the handler reads. */
export interface BackfillContext {
  getRemainingTimeInMillis(): number;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

function log(level: 'info' | 'warn', message: string, fields: Record<string, unknown>): void {
  console[level](JSON.stringify({ message, ...fields }));
}

let clients: { s3: S3Client; kinesis: KinesisClient } | undefined;

/** Writes one export data file (or the next part of it) to the stream. */
export async function handler(task: ExportFileTask, context: BackfillContext): Promise<ExportFileResult> {
  clients ??= { s3: new S3Client({}), kinesis: new KinesisClient({}) };
  const rate = (name: string) => {
    const value = Number(process.env[name]);
    return Number.isFinite(value) && value > 0 ? value : undefined;
  };
  const writer = new SnapshotWriter({
    client: clients.kinesis,
    streamArn: required(BACKFILL_ENV.STREAM_ARN),
    recordsPerSecond: rate(BACKFILL_ENV.RECORDS_PER_SECOND),
    bytesPerSecond: rate(BACKFILL_ENV.BYTES_PER_SECOND),
    // Bounded by time, not attempts: an on-demand stream may take minutes to scale up to the backfill.
    maxAttempts: Number.POSITIVE_INFINITY,
    mayWait: (ms) => context.getRemainingTimeInMillis() - ms > RETRY_RESERVE_MS,
  });
  return writeExportFile(task, {
    s3: clients.s3,
    writer,
    bucket: required(BACKFILL_ENV.BUCKET),
    streamArn: required(BACKFILL_ENV.STREAM_ARN),
    tableName: required(BACKFILL_ENV.TABLE_NAME),
    remainingMs: () => context.getRemainingTimeInMillis(),
    stopWhenRemainingMs: STOP_WHEN_REMAINING_MS,
    log,
  });
}
