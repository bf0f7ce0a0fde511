import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planReplayChunks, waitBetweenChunksMs } from '../../src/replay-chunks';

const HOUR = 3_600_000;
/** A record as the replay reads it: its hour is its partition; unreadable records have neither. */
const record = (id: number, eventTimeMillis: number | undefined) => ({
  id,
  eventTimeMillis,
  partition: eventTimeMillis === undefined ? undefined : `hour-${Math.floor(eventTimeMillis / HOUR)}`,
});
const records = fc
  .array(fc.option(fc.integer({ min: 0, max: 40 * HOUR }), { nil: undefined }), { maxLength: 200 })
  .map((times) => times.map((time, id) => record(id, time)));

describe('planReplayChunks', () => {
  it('keeps every record once, in event-time order (stable), unreadable ones last', () => {
    fc.assert(
      fc.property(records, fc.integer({ min: 1, max: 12 }), (input, max) => {
        const sent = planReplayChunks(input, max).flatMap((chunk) => chunk.records);
        const expected = [
          ...input
            .filter((r) => r.eventTimeMillis !== undefined)
            .sort((a, b) => a.eventTimeMillis! - b.eventTimeMillis! || a.id - b.id),
          ...input.filter((r) => r.eventTimeMillis === undefined),
        ];
        expect(sent.map((r) => r.id)).toEqual(expected.map((r) => r.id));
      }),
    );
  });

  it('never puts more than the limit of partitions in a chunk, nor a partition in two chunks, nor a chunk too many', () => {
    fc.assert(
      fc.property(records, fc.integer({ min: 1, max: 12 }), (input, max) => {
        const chunks = planReplayChunks(input, max);
        const seen = new Set<string>();
        for (const chunk of chunks) {
          const partitions = new Set(chunk.records.map((r) => r.partition ?? 'unreadable'));
          expect(chunk.partitions).toBe(partitions.size);
          expect(partitions.size).toBeLessThanOrEqual(max);
          for (const partition of partitions) {
            expect(seen.has(partition)).toBe(false);
            seen.add(partition);
          }
        }
        expect(chunks).toHaveLength(Math.ceil(seen.size / max));
      }),
    );
  });

  it('cuts a backlog of 1000 hours into chunks of 400, 400 and 200 partitions', () => {
    const backlog = Array.from({ length: 3000 }, (_, id) => record(id, (id % 1000) * HOUR));
    expect(planReplayChunks(backlog, 400).map((chunk) => [chunk.records.length, chunk.partitions])).toEqual([
      [1200, 400],
      [1200, 400],
      [600, 200],
    ]);
    expect(planReplayChunks([], 400)).toEqual([]);
  });
});

describe('waitBetweenChunksMs', () => {
  it('waits 1.5 buffering intervals plus the transformer buffering interval', () => {
    expect(waitBetweenChunksMs(300, 60)).toBe(510_000);
    expect(waitBetweenChunksMs(61, 0)).toBe(92_000);
  });
});
