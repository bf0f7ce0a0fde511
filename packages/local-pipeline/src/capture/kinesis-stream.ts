import * as crypto from 'node:crypto';
import type { SeededRandom } from '../random';

/** A record in a Kinesis-like shard. */
export interface ShardRecord {
  shardId: string;
  partitionKey: string;
  sequenceNumber: string;
  /** Epoch milliseconds on the run's clock. */
  approximateArrivalTimestamp: number;
  data: Buffer;
}

export interface KinesisStreamOptions {
  shardCount: number;
  /** The consumer (Firehose) reads about this many records per poll of all shards. */
  readBatchRecords: number;
  /** Receives records read from the shards, shard by shard; awaiting it is back-pressure. */
  consumer: (records: ShardRecord[]) => Promise<void>;
  /** With chaos: shards are read in a random order and one shard at a time lags a poll behind. */
  chaos?: SeededRandom;
}

/** The top 32 bits of the MD5 hash of a partition key (one-shot `crypto.hash` where Node has it: a third of the cost). */
const md5Top32: (key: string) => number =
  typeof crypto.hash === 'function'
    ? (key) => Number.parseInt(crypto.hash('md5', key, 'hex').slice(0, 8), 16)
    : (key) => crypto.createHash('md5').update(key).digest().readUInt32BE(0);

/**
 * A Kinesis data stream in one process: shards own equal ranges of the 128-bit MD5 hash of the
 * partition key, each record gets a per-shard increasing sequence number and an arrival timestamp.
 * Within a shard order is kept; across shards the consumer sees no particular order.
 */
export class KinesisStream {
  private readonly shards: { id: string; records: ShardRecord[]; counter: bigint; lastArrival: number }[];
  private readonly options: KinesisStreamOptions;
  private buffered = 0;
  private lagging: number | undefined;

  public constructor(options: KinesisStreamOptions) {
    this.options = options;
    this.shards = Array.from({ length: options.shardCount }, (_, index) => ({
      id: `shardId-${String(index).padStart(12, '0')}`,
      records: [],
      counter: 0n,
      lastArrival: 0,
    }));
  }

  /** The shard ids, in hash-key order. */
  public get shardIds(): string[] {
    return this.shards.map((shard) => shard.id);
  }

  /** The shard a partition key hashes to. */
  public shardIndexOf(partitionKey: string): number {
    // The top 32 bits of the 128-bit hash decide the range as exactly as all 128 would, but for ties.
    const top = md5Top32(partitionKey);
    return Math.floor((top * this.shards.length) / 2 ** 32);
  }

  /** PutRecord: stores the bytes on the partition key's shard at `arrivalMs` (never earlier than the shard's last). */
  public async put(partitionKey: string, data: Buffer, arrivalMs: number): Promise<void> {
    const index = this.shardIndexOf(partitionKey);
    const shard = this.shards[index]!;
    shard.counter += 1n;
    shard.lastArrival = Math.max(shard.lastArrival, arrivalMs);
    shard.records.push({
      shardId: shard.id,
      partitionKey,
      sequenceNumber: `49${String(index).padStart(4, '0')}${shard.counter.toString().padStart(50, '0')}`,
      approximateArrivalTimestamp: shard.lastArrival,
      data,
    });
    this.buffered++;
    if (this.buffered >= this.options.readBatchRecords) await this.poll(false);
  }

  /** Delivers everything still in the shards. */
  public async drain(): Promise<void> {
    await this.poll(true);
  }

  private async poll(final: boolean): Promise<void> {
    const order = this.shards.map((_, index) => index);
    const chaos = this.options.chaos;
    let lagging: number | undefined;
    if (chaos && !final) {
      chaos.shuffle(order);
      // A shard whose reader lags keeps its records for one more poll: its records then arrive after
      // newer records of other shards.
      lagging = this.lagging === undefined ? chaos.int(0, this.shards.length - 1) : undefined;
    }
    this.lagging = lagging;
    for (const index of order) {
      if (index === lagging) continue;
      const shard = this.shards[index]!;
      if (shard.records.length === 0) continue;
      const records = shard.records;
      shard.records = [];
      this.buffered -= records.length;
      await this.options.consumer(records);
    }
  }
}
