import { type KinesisClient, PutRecordsCommand, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { StreamWriteError } from '../backfill-errors';

// PutRecords takes at most 500 records and 5 MiB per request, partition keys included, and at most
// 1 MiB per record (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html).
export const PUT_RECORDS_MAX_ENTRIES = 500;
export const PUT_RECORDS_MAX_BYTES = 5 * 1024 * 1024;
export const RECORD_MAX_BYTES = 1024 * 1024;

/**
 * Errors of a whole PutRecords call that no retry can cure: the stream, the permissions or the key are
 * wrong, so every later batch would fail the same way.
 */
const PERMANENT_ERRORS = new Set([
  'AccessDeniedException',
  'ResourceNotFoundException',
  'ValidationException',
  'InvalidArgumentException',
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSInvalidStateException',
  'KMSNotFoundException',
  'KMSOptInRequired',
]);

/** What a writer did: entries written, entries sent again after a failure, and entries given up on. */
export interface WriteCounts {
  recordsWritten: number;
  retries: number;
  failedEntries: number;
  /** Why entries were given up on, by Kinesis error code. */
  failureCodes: Record<string, number>;
}

export interface SnapshotWriterOptions {
  readonly client: KinesisClient;
  readonly streamArn: string;
  /**
   * Attempts per entry, the first included; an entry still refused after them is counted as failed.
   * @default 10
   */
  readonly maxAttempts?: number;
  /** First backoff before a retry; it doubles per attempt, with full jitter. @default 100 */
  readonly baseBackoffMs?: number;
  /** @default 10_000 */
  readonly maxBackoffMs?: number;
  /** This writer's share of the stream's write budget. @default no limit */
  readonly recordsPerSecond?: number;
  /** @default no limit */
  readonly bytesPerSecond?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly random?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Puts records on a Kinesis stream in PutRecords batches of at most 500 records and 5 MiB. A batch is
 * retried with exponential backoff and full jitter, sending again only the entries Kinesis refused
 * (throttling, internal failure), until every entry is written or has used its attempts; nothing is
 * dropped without being counted. A call refused outright for a reason no retry cures (access, missing
 * stream, key) throws `StreamWriteError`. Writes are paced to `recordsPerSecond` and `bytesPerSecond`
 * (retries included), so that several writers together stay within the stream's budget. `add` waits
 * while a full batch is sent, so memory holds one batch.
 */
export class SnapshotWriter {
  readonly counts: WriteCounts = { recordsWritten: 0, retries: 0, failedEntries: 0, failureCodes: {} };
  private batch: PutRecordsRequestEntry[] = [];
  private batchBytes = 0;
  private nextSendAt = 0;
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: SnapshotWriterOptions) {
    this.maxAttempts = options.maxAttempts ?? 10;
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** Queues one record; sends the batch first when the record would not fit in it. */
  async add(partitionKey: string, data: Uint8Array): Promise<void> {
    const bytes = data.length + Buffer.byteLength(partitionKey, 'utf8');
    if (bytes > RECORD_MAX_BYTES) {
      this.giveUp(1, 'RecordTooLarge');
      return;
    }
    if (this.batch.length === PUT_RECORDS_MAX_ENTRIES || this.batchBytes + bytes > PUT_RECORDS_MAX_BYTES) {
      await this.flush();
    }
    this.batch.push({ PartitionKey: partitionKey, Data: data });
    this.batchBytes += bytes;
  }

  /** Sends whatever is queued, with its retries. */
  async flush(): Promise<void> {
    const entries = this.batch;
    if (entries.length === 0) return;
    this.batch = [];
    this.batchBytes = 0;
    await this.send(entries);
  }

  private async send(entries: PutRecordsRequestEntry[]): Promise<void> {
    let pending = entries;
    for (let attempt = 1; ; attempt++) {
      await this.pace(pending);
      // The entries Kinesis refused, and why; a failed call refuses them all.
      const refused: PutRecordsRequestEntry[] = [];
      const codes: string[] = [];
      try {
        const response = await this.options.client.send(
          new PutRecordsCommand({ StreamARN: this.options.streamArn, Records: pending }),
        );
        const results = response.Records ?? [];
        pending.forEach((entry, index) => {
          const code = results[index]?.ErrorCode;
          if (code !== undefined) {
            refused.push(entry);
            codes.push(code);
          }
        });
      } catch (error) {
        const name = error instanceof Error ? error.name : 'Error';
        if (PERMANENT_ERRORS.has(name)) throw new StreamWriteError(this.options.streamArn, error);
        refused.push(...pending);
        codes.push(...pending.map(() => name));
      }
      this.counts.recordsWritten += pending.length - refused.length;
      if (refused.length === 0) return;
      if (attempt >= this.maxAttempts) {
        for (const code of codes) this.giveUp(1, code);
        return;
      }
      this.counts.retries += refused.length;
      pending = refused;
      const ceiling = Math.min(
        this.options.maxBackoffMs ?? 10_000,
        (this.options.baseBackoffMs ?? 100) * 2 ** (attempt - 1),
      );
      await this.sleep(Math.round(this.random() * ceiling));
    }
  }

  /** Waits until sending `entries` keeps this writer within its budget; idle time is not saved up. */
  private async pace(entries: PutRecordsRequestEntry[]): Promise<void> {
    const { recordsPerSecond, bytesPerSecond } = this.options;
    if (!recordsPerSecond && !bytesPerSecond) return;
    const bytes = entries.reduce(
      (sum, entry) => sum + (entry.Data?.length ?? 0) + (entry.PartitionKey?.length ?? 0),
      0,
    );
    const seconds = Math.max(
      recordsPerSecond ? entries.length / recordsPerSecond : 0,
      bytesPerSecond ? bytes / bytesPerSecond : 0,
    );
    const now = this.now();
    const sendAt = Math.max(this.nextSendAt, now);
    this.nextSendAt = sendAt + seconds * 1000;
    if (sendAt > now) await this.sleep(sendAt - now);
  }

  private giveUp(entries: number, code: string): void {
    this.counts.failedEntries += entries;
    this.counts.failureCodes[code] = (this.counts.failureCodes[code] ?? 0) + entries;
  }
}
