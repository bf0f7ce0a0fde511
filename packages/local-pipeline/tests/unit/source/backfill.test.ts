import { snapshotEventId } from '@org/cdc-transformer';
import { type AttributeMap, orderToAttributeMap, type SnapshotChangeRecord } from '@org/order-schema';
import { exampleOrder } from '@org/order-schema/testing';
import { describe, expect, it } from 'vitest';
import { emptyBackfillCounts, runBackfill } from '../../../src/source/backfill';

async function* fromArray(items: AttributeMap[]) {
  yield* items;
}

const source = (items: AttributeMap[]) => ({
  items: fromArray(items),
  exportId: '01767225600000-0badcafe',
  exportTime: '2026-01-01T00:00:00.000Z',
});

describe('runBackfill', () => {
  it("sends each item as the transformer's snapshot record, keyed by its order id; a bad item is counted and skipped", async () => {
    const sent: [string, SnapshotChangeRecord][] = [];
    const counts = emptyBackfillCounts();
    const good = orderToAttributeMap(exampleOrder({ orderId: 'ord-000007', version: 3 }));
    const { version: _, ...noVersion } = orderToAttributeMap(exampleOrder({ orderId: 'ord-000008' }));
    await runBackfill(
      source([good, noVersion, good]),
      async (key, record) => void sent.push([key, record]),
      counts,
    );
    expect(counts).toMatchObject({ items: 3, badLines: 1 });
    expect(sent.map(([key]) => key)).toEqual(['ord-000007', 'ord-000007']);
    const [, record] = sent[0]!;
    expect(record).toMatchObject({
      eventName: 'SNAPSHOT',
      eventID: snapshotEventId('01767225600000-0badcafe', 'ord-000007', 3),
      dynamodb: { ApproximateCreationDateTime: Date.parse('2026-01-01T00:00:00.000Z'), NewImage: good },
    });
    // A replay of the same export makes the same ids: the lake's de-duplication drops it.
    expect(sent[1]![1].eventID).toBe(record.eventID);
  });
});
