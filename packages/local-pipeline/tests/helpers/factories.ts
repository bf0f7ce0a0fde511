import type { ShardRecord } from '../../src/capture/kinesis-stream';
import { SeededRandom } from '../../src/random';
import { EmbeddedOrderTable } from '../../src/source/embedded-order-table';
import type { TableChange } from '../../src/source/table-change';

/** An embedded table that records its changes. */
export function recordingTable(streamEnabled = true): { table: EmbeddedOrderTable; changes: TableChange[] } {
  const changes: TableChange[] = [];
  const table = new EmbeddedOrderTable({
    origin: {
      region: 'eu-west-1',
      accountId: '000000000000',
      tableName: 'OrdersRawTable',
      streamLabel: '2026-11-25T10:00:00.000',
    },
    sink: async (change) => {
      changes.push(change);
    },
    clock: (order) => (order ? Date.parse(order.updatedAt) : Date.parse('2026-11-26T00:00:00.000Z')),
    random: new SeededRandom(1),
    streamEnabled,
  });
  return { table, changes };
}

/** A shard record carrying `payload`. */
export function aShardRecord(
  payload: string | Buffer,
  index = 0,
  arrivalMs = Date.parse('2026-11-25T10:15:31.000Z'),
): ShardRecord {
  return {
    shardId: 'shardId-000000000000',
    partitionKey: `ord-${index}`,
    sequenceNumber: `4900000${String(index).padStart(49, '0')}`,
    approximateArrivalTimestamp: arrivalMs,
    data: Buffer.isBuffer(payload) ? payload : Buffer.from(payload),
  };
}
