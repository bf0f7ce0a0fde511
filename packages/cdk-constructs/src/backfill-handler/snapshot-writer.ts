import { type KinesisClient, PutRecordsCommand, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { StreamWriteError } from '../backfill-errors';

// PutRecords takes at most 500 records and 5 MiB per request, partition keys included, and at most
// 1 MiB per record (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html).
export const PUT_RECORDS_MAX_ENTRIES = 500;
export const PUT_RECORDS_MAX_BYTES = 5 * 1024 * 1024;
export const RECORD_MAX_BYTES = 1024 * 1024;

/**
 * The stream's key cannot be used: no retry cures it, whether a whole call or one entry reports it.
 * Throttling (`ProvisionedThroughputExceededException`) and `InternalFailure` are worth retrying
 * (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html).
 */
const PERMANENT_ENTRY_ERRORS = new Set([
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSInvalidStateException',
  'KMSNotFoundException',
  'KMSOptInRequired',
]);

/**
 * Errors of a whole PutRecords call that no retry can cure: the stream, the permissions or the key are
 * wrong, so every later batch would fail the same way.
 */
const PERMANENT_ERRORS = new Set([
  'AccessDeniedException',
  'ResourceNotFoundException',
  'ValidationException',
  'InvalidArgumentException',
  ...PERMANENT_ENTRY_ERRORS,
]);

/** What a writer did: entries written, entries sent again after a refusal, and entries that can never be written. */
export interface WriteCounts {
  recordsWritten: number;
  retries: number;
  /** Records over Kinesis's 1 MiB limit: no attempt can write them. */
  failedEntries: number;
  /** Why entries were refused, by Kinesis error code (retried ones included). */
  failureCodes: Record<string, number>;
}

/**
 * Where a writer stopped because Kinesis kept refusing entries and its attempts or its time ran out:
 * the first line not known to be written. Everything before it is written; the file goes on from it.
 */
export interface WriteStall {
  /** The first line of the file whose record is not known to be written. */
  readonly line: number;
  /** Records already written from that line on (they will be sent again, and are not counted now). */
  readonly writtenFromLine: number;
  /** Records handed to the writer from that line on (read again next time). */
  readonly takenFromLine: number;
}

interface Pending {
  readonly entry: PutRecordsRequestEntry;
  readonly line: number;
}

export interface SnapshotWriterOptions {
  readonly client: KinesisClient;
  readonly streamArn: string;
  /**
   * Attempts per batch, the first included; entries still refused after them stall the writer (see
   * `stall`), they are never dropped.
   * @default 10
   */
  readonly maxAttempts?: number;
  /** Whether there is time to wait `ms` and try again; when not, the writer stalls. @default always */
  readonly mayWait?: (ms: number) => boolean;
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
 * (throttling, internal failure), until every entry is written. No entry is ever given up on: when the
 * attempts or the invocation's time run out first, the writer stalls at the first line not written
 * (`stall`), takes nothing more, and the file goes on from that line in the next invocation. A refusal
 * no retry cures (access, missing stream, key) throws `StreamWriteError`. Writes are paced to
 * `recordsPerSecond` and `bytesPerSecond` (retries included), so that several writers together stay
 * within the stream's budget. `add` waits while a full batch is sent, so memory holds one batch.
 */
export class SnapshotWriter {
  readonly counts: WriteCounts = { recordsWritten: 0, retries: 0, failedEntries: 0, failureCodes: {} };
  /** Set when Kinesis kept refusing entries: where the file must go on. */
  stall: WriteStall | undefined;
  private batch: Pending[] = [];
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

  /**
   * Queues the record of line `line`; sends the batch first when the record would not fit in it.
   * Returns false, taking nothing, once the writer has stalled.
   */
  async add(partitionKey: string, data: Uint8Array, line: number): Promise<boolean> {
    if (this.stall) return false;
    const bytes = data.length + Buffer.byteLength(partitionKey, 'utf8');
    if (bytes > RECORD_MAX_BYTES) {
      this.counts.failedEntries++;
      this.countCode('RecordTooLarge');
      return true;
    }
    if (this.batch.length === PUT_RECORDS_MAX_ENTRIES || this.batchBytes + bytes > PUT_RECORDS_MAX_BYTES) {
      await this.flush();
      if (this.stall) return false;
    }
    this.batch.push({ entry: { PartitionKey: partitionKey, Data: data }, line });
    this.batchBytes += bytes;
    return true;
  }

  /** Sends whatever is queued, with its retries. */
  async flush(): Promise<void> {
    const batch = this.batch;
    if (batch.length === 0 || this.stall) return;
    this.batch = [];
    this.batchBytes = 0;
    await this.send(batch);
  }

  private async send(batch: Pending[]): Promise<void> {
    let pending = batch;
    const written: Pending[] = [];
    for (let attempt = 1; ; attempt++) {
      await this.pace(pending);
      // The entries Kinesis refused; a failed call refuses them all.
      const refused: Pending[] = [];
      try {
        const response = await this.options.client.send(
          new PutRecordsCommand({
            StreamARN: this.options.streamArn,
            Records: pending.map(({ entry }) => entry),
          }),
        );
        const results = response.Records ?? [];
        pending.forEach((item, index) => {
          const code = results[index]?.ErrorCode;
          if (code === undefined) {
            written.push(item);
            return;
          }
          if (PERMANENT_ENTRY_ERRORS.has(code)) {
            throw new StreamWriteError(
              this.options.streamArn,
              new Error(`${code}: ${results[index]?.ErrorMessage}`),
            );
          }
          refused.push(item);
          this.countCode(code);
        });
      } catch (error) {
        if (error instanceof StreamWriteError) throw error;
        const name = error instanceof Error ? error.name : 'Error';
        if (PERMANENT_ERRORS.has(name)) throw new StreamWriteError(this.options.streamArn, error);
        refused.push(...pending);
        this.countCode(name, pending.length);
      }
      this.counts.recordsWritten += pending.length - refused.length;
      if (refused.length === 0) return;
      const ceiling = Math.min(
        this.options.maxBackoffMs ?? 10_000,
        (this.options.baseBackoffMs ?? 100) * 2 ** (attempt - 1),
      );
      const wait = Math.round(this.random() * ceiling);
      if (attempt >= this.maxAttempts || !(this.options.mayWait?.(wait) ?? true)) {
        this.stallAt(batch, refused, written);
        return;
      }
      this.counts.retries += refused.length;
      pending = refused;
      await this.sleep(wait);
    }
  }

  /** Stops at the first refused line: what was written from it on is sent again next time, so not counted now. */
  private stallAt(batch: Pending[], refused: Pending[], written: Pending[]): void {
    const line = Math.min(...refused.map((item) => item.line));
    const writtenFromLine = written.filter((item) => item.line >= line).length;
    this.counts.recordsWritten -= writtenFromLine;
    this.stall = {
      line,
      writtenFromLine,
      takenFromLine: batch.filter((item) => item.line >= line).length,
    };
  }

  /** Waits until sending `entries` keeps this writer within its budget; idle time is not saved up. */
  private async pace(entries: Pending[]): Promise<void> {
    const { recordsPerSecond, bytesPerSecond } = this.options;
    if (!recordsPerSecond && !bytesPerSecond) return;
    const bytes = entries.reduce(
      (sum, { entry }) => sum + (entry.Data?.length ?? 0) + (entry.PartitionKey?.length ?? 0),
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

  private countCode(code: string, entries = 1): void {
    this.counts.failureCodes[code] = (this.counts.failureCodes[code] ?? 0) + entries;
  }
}
