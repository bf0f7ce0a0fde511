import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type FaultCounts, type FaultProxyOptions, startFaultProxy } from '@org/fault-proxy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectDynamoDB,
  createOrdersTable,
  DynamoDBOrderTable,
  finalOrderState,
  generateOperations,
  type InsertMode,
  type OrderOperation,
  OrderWriter,
  orderIdOf,
} from '../../src/index';
import { type DynamoDBLocal, startDynamoDBLocal } from '../helpers/dynamodb-local';
import { scanOrders } from '../helpers/scan-orders';
import { readStreamChanges, type StreamChange } from '../helpers/stream-records';

/**
 * The writer against DynamoDB Local behind the fault proxy: each fault alone, then all of them at
 * realistic rates. Every run must leave exactly the final state the operations imply, a stream holding
 * exactly the changes they intend (one INSERT per order, versions stepping by one, nothing twice),
 * counts equal to the summary's, `failed: 0` — and the proxy's counts must show that what the run
 * injected did fire. The proxy's decisions are seeded per operation and request number, so the seeds
 * below fire every fault early in each run, whatever the timing.
 */
interface Scenario {
  readonly faults: Omit<FaultProxyOptions, 'target'>;
  readonly orders: number;
  readonly insertMode: InsertMode;
  readonly transactionSize?: number;
  /** The SDK client's own attempts per request; 1 leaves every retry to the writer. @default 3 */
  readonly sdkAttempts?: number;
}

const FAULT_COUNTS = {
  throttle: 'throttle',
  error5xx: 'error5xx',
  resetBefore: 'resetBefore',
  resetAfterCommit: 'resetAfterCommit',
  unprocessed: 'unprocessed',
} as const satisfies Partial<Record<keyof FaultProxyOptions, keyof FaultCounts>>;

const REALISTIC = {
  throttle: 0.05,
  error5xx: 0.02,
  resetBefore: 0.02,
  resetAfterCommit: 0.02,
  unprocessed: 0.1,
};

const SCENARIOS: Record<string, Scenario> = {
  'throttles alone': { faults: { seed: 'throttle-3', throttle: 0.1 }, orders: 40, insertMode: 'conditional' },
  '500s alone': { faults: { seed: 'error5xx-1', error5xx: 0.05 }, orders: 40, insertMode: 'conditional' },
  'resets before forwarding alone': {
    faults: { seed: 'resetBefore-5', resetBefore: 0.05 },
    orders: 40,
    insertMode: 'conditional',
  },
  'resets after the write committed alone': {
    faults: { seed: 'resetAfterCommit-3', resetAfterCommit: 0.05 },
    orders: 40,
    insertMode: 'conditional',
  },
  'partial batches alone': {
    faults: { seed: 'unprocessed-1', unprocessed: 0.3 },
    orders: 60,
    insertMode: 'batch',
  },
  'all together, as the CLI writes (SDK retries on)': {
    faults: { seed: 'faults-1939', ...REALISTIC },
    orders: 80,
    insertMode: 'batch',
  },
  'all together, transactions of 10, every retry left to the writer': {
    faults: { seed: 'faults-1939', ...REALISTIC },
    // Transactions need few requests: more orders keep every fault well inside the seeded sequence.
    orders: 120,
    insertMode: 'batch',
    transactionSize: 10,
    sdkAttempts: 1,
  },
};

let local: DynamoDBLocal;

beforeAll(async () => {
  local = await startDynamoDBLocal();
});

afterAll(async () => {
  await local?.stop();
});

/** The stream record each operation must leave, and nothing else. */
function intendedChange(operation: OrderOperation): StreamChange {
  if (operation.type === 'insert') {
    return { eventName: 'INSERT', orderId: orderIdOf(operation), oldVersion: undefined, newVersion: 1 };
  }
  if (operation.type === 'update') {
    return {
      eventName: 'MODIFY',
      orderId: orderIdOf(operation),
      oldVersion: operation.expectedVersion,
      newVersion: operation.expectedVersion + 1,
    };
  }
  return {
    eventName: 'REMOVE',
    orderId: operation.orderId,
    oldVersion: operation.expectedVersion,
    newVersion: undefined,
  };
}

const byOrder = (changes: readonly StreamChange[]) => {
  const orders = new Map<string, StreamChange[]>();
  for (const change of changes) orders.set(change.orderId, [...(orders.get(change.orderId) ?? []), change]);
  return new Map([...orders].sort());
};

describe.each(Object.entries(SCENARIOS))('the writer through the fault proxy: %s', (name, scenario) => {
  it('applies every operation exactly once: final state, stream and counts exact, failed 0', async () => {
    const tableName = `faults-${name.replace(/[^a-z0-9]+/gi, '-')}`;
    const table = await createOrdersTable(local.connection.client, tableName, { pollIntervalMs: 100 });
    const proxy = await startFaultProxy({ target: local.endpoint, ...scenario.faults });
    const client =
      scenario.sdkAttempts === undefined
        ? connectDynamoDB({ endpoint: proxy.url, env: {} }).client
        : new DynamoDBClient({
            endpoint: proxy.url,
            region: 'us-east-1',
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
            maxAttempts: scenario.sdkAttempts,
          });
    const operations = [...generateOperations({ orders: scenario.orders, seed: name, deleteRate: 0.1 })];
    let counts: FaultCounts;
    const summary = await (async () => {
      try {
        return await new OrderWriter(new DynamoDBOrderTable(client, tableName), {
          insertMode: scenario.insertMode,
          transactionSize: scenario.transactionSize ?? 1,
        }).write(operations);
      } finally {
        counts = proxy.counts();
        client.destroy();
        await proxy.stop();
      }
    })();

    // What was injected fired: a run that met none of its faults proves nothing.
    for (const [option, count] of Object.entries(FAULT_COUNTS)) {
      if ((scenario.faults[option as keyof typeof FAULT_COUNTS] ?? 0) > 0) {
        expect(counts![count], `${count} fired`).toBeGreaterThan(0);
      }
    }
    expect(summary.failures).toEqual([]);
    expect(summary).toMatchObject({ operations: operations.length, failed: 0 });
    // Only a write whose answer was lost after it committed can be resolved from the stored item (a
    // transaction carries up to transactionSize of them).
    expect(summary.ambiguousResolved).toBeLessThanOrEqual(
      counts!.resetAfterCommit * (scenario.transactionSize ?? 1),
    );
    if (
      counts!.resetAfterCommit > 0 &&
      scenario.sdkAttempts === undefined &&
      scenario.insertMode === 'conditional'
    ) {
      expect(summary.ambiguousResolved).toBeGreaterThan(0);
    }

    expect(await scanOrders(local.connection.client, tableName)).toEqual(
      new Map([...finalOrderState(operations)].sort()),
    );
    const changes = await readStreamChanges(local.endpoint, table.streamArn!);
    expect(byOrder(changes)).toEqual(byOrder(operations.map(intendedChange)));
    expect({
      inserts: changes.filter((change) => change.eventName === 'INSERT').length,
      updates: changes.filter((change) => change.eventName === 'MODIFY').length,
      deletes: changes.filter((change) => change.eventName === 'REMOVE').length,
    }).toEqual({ inserts: summary.inserts, updates: summary.updates, deletes: summary.deletes });
  });
});
