import { CAPTURE_MODE, type CaptureMode, CHANGE_TYPE, type SnapshotChangeRecord } from '@org/order-schema';
import type { KinesisPrecision } from '../constants';
import type { SeededRandom } from '../random';
import type { TableChange } from '../source/table-change';
import { toKinesisChangeRecord } from './kinesis-change-record';
import type { KinesisStream } from './kinesis-stream';

export interface ChaosOptions {
  random: SeededRandom;
  /** Share of records delivered twice (at-least-once). */
  duplicateRate: number;
  /** One garbage record per this many changes, and at least `minGarbage` in a run. */
  garbageEvery: number;
  minGarbage: number;
}

export interface CaptureOptions {
  mode: CaptureMode;
  /** How `kinesis-destination` records give their time. */
  kinesisPrecision: KinesisPrecision;
  stream: KinesisStream;
  tableName: string;
  /** Seeded randomness for delivery lag and Kinesis eventIDs. */
  random: SeededRandom;
  chaos?: ChaosOptions;
}

export interface CaptureCounts {
  changes: number;
  insert: number;
  update: number;
  delete: number;
  recordsPut: number;
  duplicates: number;
  garbage: number;
  /** Snapshot records a backfill put (not changes: they are counted apart). */
  snapshots: number;
}

/** Garbage a misbehaving producer could put on the stream: each must end in errors/ with its bytes. */
function garbagePayload(index: number, sample: string | undefined): Buffer {
  switch (index % 3) {
    case 0:
      return Buffer.from(`garbage-${index}: not a change record`);
    case 1:
      return Buffer.from(JSON.stringify({ garbage: index, eventName: 'UPSERT', dynamodb: {} }));
    default:
      // A change record cut in half, as a truncated write would leave it.
      return Buffer.from((sample ?? `{"eventID":"garbage-${index}"`).slice(0, 40));
  }
}

/**
 * The capture stage between the table's stream and the Kinesis data stream: an EventBridge Pipe
 * forwarding DynamoDB Streams records unchanged (`eventbridge-pipe`), or Kinesis Data Streams for
 * DynamoDB re-encoding them (`kinesis-destination`). Both use the orderId as the partition key. With chaos it also
 * delivers some records twice and puts a few garbage records.
 */
export class Capture {
  public readonly counts: CaptureCounts = {
    changes: 0,
    insert: 0,
    update: 0,
    delete: 0,
    recordsPut: 0,
    duplicates: 0,
    garbage: 0,
    snapshots: 0,
  };
  private readonly options: CaptureOptions;
  private pendingDuplicate: { partitionKey: string; data: Buffer; arrivalMs: number } | undefined;
  private lastPayload: string | undefined;
  private lastArrivalMs = 0;
  /** Puts leave one at a time: a backfill and the table's changes put concurrently. */
  private putting: Promise<void> = Promise.resolve();

  public constructor(options: CaptureOptions) {
    this.options = options;
  }

  /** Forwards one change to the stream. */
  public readonly accept = async (change: TableChange): Promise<void> => {
    const { mode, random, tableName, chaos, kinesisPrecision } = this.options;
    const payload = JSON.stringify(
      mode === CAPTURE_MODE.KINESIS_DESTINATION
        ? toKinesisChangeRecord(change, tableName, random.uuid(), kinesisPrecision)
        : change.record,
    );
    const partitionKey = change.orderId;
    // Pipes poll the stream and batch; Kinesis Data Streams for DynamoDB pushes within about a second.
    const arrivalMs =
      change.writtenAtMs + random.int(mode === CAPTURE_MODE.EVENTBRIDGE_PIPE ? 200 : 50, 1200);
    const data = Buffer.from(payload);
    this.counts.changes++;
    this.counts[CHANGE_TYPE[change.record.eventName]]++;
    this.lastPayload = payload;
    await this.put(partitionKey, data, arrivalMs);
    if (!chaos) return;
    await this.putPendingDuplicate(arrivalMs);
    if (chaos.random.next() < chaos.duplicateRate) this.pendingDuplicate = { partitionKey, data, arrivalMs };
    if (this.counts.changes % chaos.garbageEvery === 7 % chaos.garbageEvery) await this.putGarbage(arrivalMs);
  };

  /**
   * Puts one backfill snapshot record on the stream, partition key the order id as for a change; it
   * arrives at the latest arrival time seen so far, among the live changes that keep flowing.
   */
  public async acceptSnapshot(orderId: string, record: SnapshotChangeRecord): Promise<void> {
    const data = Buffer.from(JSON.stringify(record));
    const arrivalMs = this.lastArrivalMs;
    this.counts.snapshots++;
    await this.put(orderId, data, arrivalMs);
    const chaos = this.options.chaos;
    if (!chaos) return;
    // PutRecords retried after a lost answer delivers a snapshot twice, as a Pipe does a change.
    await this.putPendingDuplicate(arrivalMs);
    if (chaos.random.next() < chaos.duplicateRate)
      this.pendingDuplicate = { partitionKey: orderId, data, arrivalMs };
  }

  /** Puts what chaos still owes (a pending duplicate, the minimum number of garbage records). */
  public async finish(lastArrivalMs: number): Promise<void> {
    const chaos = this.options.chaos;
    if (!chaos) return;
    await this.putPendingDuplicate(lastArrivalMs);
    while (this.counts.garbage < chaos.minGarbage) await this.putGarbage(lastArrivalMs);
  }

  /** The copy arrives after a newer record: a retried batch re-delivering what already succeeded. */
  private async putPendingDuplicate(afterArrivalMs: number): Promise<void> {
    const copy = this.pendingDuplicate;
    if (!copy) return;
    this.pendingDuplicate = undefined;
    this.counts.duplicates++;
    await this.put(copy.partitionKey, copy.data, Math.max(copy.arrivalMs, afterArrivalMs) + 1);
  }

  private async putGarbage(arrivalMs: number): Promise<void> {
    const data = garbagePayload(this.counts.garbage, this.lastPayload);
    this.counts.garbage++;
    await this.put(`garbage-${this.counts.garbage}`, data, arrivalMs);
  }

  private put(partitionKey: string, data: Buffer, arrivalMs: number): Promise<void> {
    this.counts.recordsPut++;
    this.lastArrivalMs = Math.max(this.lastArrivalMs, arrivalMs);
    const stream = this.options.stream;
    this.putting = this.putting.then(() => stream.put(partitionKey, data, arrivalMs));
    return this.putting;
  }
}
