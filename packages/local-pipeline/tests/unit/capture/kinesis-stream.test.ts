import { describe, expect, it } from 'vitest';
import { KinesisStream, type ShardRecord } from '../../../src/capture/kinesis-stream';
import { SeededRandom } from '../../../src/random';

function collect(chaos?: SeededRandom) {
  const read: ShardRecord[] = [];
  const stream = new KinesisStream({
    shardCount: 4,
    readBatchRecords: 50,
    consumer: async (records) => {
      read.push(...records);
    },
    chaos,
  });
  return { stream, read };
}

async function putAll(stream: KinesisStream, count: number) {
  for (let i = 0; i < count; i++) {
    await stream.put(`ord-${i % 40}`, Buffer.from(`record-${i}`), 1_000 + i);
  }
  await stream.drain();
}

describe('KinesisStream', () => {
  it('hashes a partition key to one shard, spreading keys over all shards', () => {
    const { stream } = collect();
    expect(stream.shardIndexOf('ord-000001')).toBe(stream.shardIndexOf('ord-000001'));
    const used = new Set(Array.from({ length: 200 }, (_, i) => stream.shardIndexOf(`ord-${i}`)));
    expect(used).toEqual(new Set([0, 1, 2, 3]));
  });

  it.each([
    ['in order', undefined],
    ['with chaos', new SeededRandom(9)],
  ])(
    'delivers every record once, %s, keeping order and increasing sequence numbers within a shard',
    async (_, chaos) => {
      const { stream, read } = collect(chaos);
      await putAll(stream, 1000);
      expect(read).toHaveLength(1000);
      expect(new Set(read.map((r) => r.data.toString())).size).toBe(1000);
      for (const shardId of stream.shardIds) {
        const inShard = read.filter((r) => r.shardId === shardId);
        const indexes = inShard.map((r) => Number(r.data.toString().slice(7)));
        expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
        const sequences = inShard.map((r) => BigInt(r.sequenceNumber));
        for (let i = 1; i < sequences.length; i++) expect(sequences[i]! > sequences[i - 1]!).toBe(true);
        for (const record of inShard) expect(record.sequenceNumber).toMatch(/^\d{56}$/);
      }
    },
  );

  it('with chaos, lets a lagging shard deliver a whole poll late; without, lateness stays within a poll', async () => {
    const lateness = async (chaos?: SeededRandom) => {
      const { stream, read } = collect(chaos);
      await putAll(stream, 1000);
      let newest = 0;
      let late = 0;
      for (const record of read) {
        newest = Math.max(newest, record.approximateArrivalTimestamp);
        late = Math.max(late, newest - record.approximateArrivalTimestamp);
      }
      return late;
    };
    // Records arrive 1 ms apart and a poll reads 50 of them.
    expect(await lateness()).toBeLessThan(50);
    expect(await lateness(new SeededRandom(9))).toBeGreaterThanOrEqual(50);
  });
});
