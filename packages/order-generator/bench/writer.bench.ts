import { afterAll, beforeAll, bench } from 'vitest';
import {
  createOrdersTable,
  DynamoDBOrderTable,
  type InsertMode,
  type OrderOperation,
  OrderWriter,
} from '../src/index';
import { type DynamoDBLocal, startDynamoDBLocal } from '../tests/helpers/dynamodb-local';
import { putLoop, WriteMeter, workloads } from './write-meter';

/**
 * Operations per second of the writer against DynamoDB Local, next to the original approach — one
 * PutItem (or DeleteItem) after the other — on the same instance in the same run. Every iteration
 * writes fresh order ids, so conditional inserts never collide with an earlier one. The figures are
 * the printed table (totals over all rounds); vitest's own table times each scenario as a whole.
 */
const LIFECYCLE_ORDERS = 250; // about 1,000 operations
const BULK_ORDERS = 1_000;
const CONCURRENCY = 16; // the CLI's default
const TABLE = 'BenchOrders';

let local: DynamoDBLocal;
let meter: WriteMeter;
const nextOperations = workloads('bench');

async function writerRun(
  operations: readonly OrderOperation[],
  insertMode: InsertMode,
  concurrency = CONCURRENCY,
  transactionSize = 1,
): Promise<void> {
  const target = new DynamoDBOrderTable(local.connection.client, TABLE);
  const summary = await new OrderWriter(target, { concurrency, insertMode, transactionSize }).write(
    operations,
  );
  if (summary.failed > 0)
    throw new Error(`${summary.failed} operations failed: ${summary.failures[0]?.reason}`);
}

const timed = (name: string, operations: readonly OrderOperation[], write: () => Promise<void>) =>
  meter.timed(name, operations.length, write);
const loop = (operations: readonly OrderOperation[]) => putLoop(local.connection.client, TABLE, operations);

beforeAll(async () => {
  // Steady-state numbers: let the JVM use its optimising compiler (the test helper defaults to C1 only).
  process.env.JAVA_TOOL_OPTIONS ??= '';
  local = await startDynamoDBLocal();
  meter = new WriteMeter(local.pid);
  await createOrdersTable(local.connection.client, TABLE, { pollIntervalMs: 100 });
  // Warm the JVM and the HTTP connections before anything is timed.
  await writerRun(nextOperations(500, 'all'), 'batch');
  await loop(nextOperations(200, 'all'));
}, 300_000);

afterAll(async () => {
  await local?.stop();
  const ratio = (a: string, b: string) => meter.ratio(a, b).toFixed(1);
  const bulk = 'bulk load: OrderWriter, batch inserts';
  const bulkLoop = 'bulk load: sequential PutItem loop';
  const bound = meter.bound(bulk);
  console.log(
    [
      'DynamoDB Local, operations per second (all timed iterations):',
      ...meter.rateLines(),
      `  ratio, lifecycle mix, writer (conditional) / sequential PutItem loop: ${ratio('lifecycle: OrderWriter, conditional inserts', 'lifecycle: sequential PutItem loop')}x`,
      `  ratio, lifecycle mix, writer (batch inserts) / sequential PutItem loop: ${ratio('lifecycle: OrderWriter, batch inserts', 'lifecycle: sequential PutItem loop')}x`,
      `  ratio, lifecycle mix, writer (batch inserts, transactions of 100) / sequential PutItem loop: ${ratio('lifecycle: OrderWriter, batch inserts, transactions of 100', 'lifecycle: sequential PutItem loop')}x`,
      `  ratio, lifecycle mix, writer concurrency ${CONCURRENCY} / concurrency 1 (both conditional): ${ratio('lifecycle: OrderWriter, conditional inserts', 'lifecycle: OrderWriter, conditional, concurrency 1')}x`,
      `  ratio, bulk load, writer (batch inserts) / sequential PutItem loop: ${ratio(bulk, bulkLoop)}x (goal >= 10x)`,
      'CPU per operation (all timed iterations):',
      ...meter.cpuLines(),
      `  bound, bulk load, writer with all ${meter.cores} cores busy on it: ${Math.round(bound)} operations/s = ${(bound / meter.rate(bulkLoop)).toFixed(1)}x the sequential PutItem loop`,
    ].join('\n'),
  );
});

// Variants alternate round by round, so that a noisy neighbour slows all of them alike.
const ROUNDS = 3;
const once = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0, throws: true };

bench(
  `lifecycle mix (~${LIFECYCLE_ORDERS * 4} inserts, updates, deletes per round): writer vs sequential PutItem loop`,
  async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const conditional = nextOperations(LIFECYCLE_ORDERS, 'all');
      await timed('lifecycle: OrderWriter, conditional inserts', conditional, () =>
        writerRun(conditional, 'conditional'),
      );
      const batch = nextOperations(LIFECYCLE_ORDERS, 'all');
      await timed('lifecycle: OrderWriter, batch inserts', batch, () => writerRun(batch, 'batch'));
      const together = nextOperations(LIFECYCLE_ORDERS, 'all');
      await timed('lifecycle: OrderWriter, batch inserts, transactions of 100', together, () =>
        writerRun(together, 'batch', CONCURRENCY, 100),
      );
      const sequential = nextOperations(LIFECYCLE_ORDERS, 'all');
      await timed('lifecycle: sequential PutItem loop', sequential, () => loop(sequential));
      // The same conditional writes one at a time: what concurrency alone adds on this machine.
      const serial = nextOperations(LIFECYCLE_ORDERS, 'all');
      await timed('lifecycle: OrderWriter, conditional, concurrency 1', serial, () =>
        writerRun(serial, 'conditional', 1),
      );
    }
  },
  once,
);

bench(
  `bulk load of a fresh table (${BULK_ORDERS} inserts per round): writer vs sequential PutItem loop`,
  async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const batch = nextOperations(BULK_ORDERS, 'only');
      await timed('bulk load: OrderWriter, batch inserts', batch, () => writerRun(batch, 'batch'));
      const sequential = nextOperations(BULK_ORDERS, 'only');
      await timed('bulk load: sequential PutItem loop', sequential, () => loop(sequential));
    }
  },
  once,
);
