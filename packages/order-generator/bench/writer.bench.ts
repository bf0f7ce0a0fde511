import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { orderKeyToAttributeMap, orderToAttributeMap } from '@org/order-schema';
import { afterAll, beforeAll, bench } from 'vitest';
import {
  createOrdersTable,
  DynamoDBOrderTable,
  generateOperations,
  type InsertMode,
  type OrderOperation,
  OrderWriter,
} from '../src/index';
import { type DynamoDBLocal, startDynamoDBLocal } from '../tests/helpers/dynamodb-local';

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
let workload = 0;
const totals = new Map<
  string,
  { operations: number; ms: number; serverCpuMs: number; clientCpuMs: number }
>();

// CPU time of DynamoDB Local's JVM (Linux /proc; NaN elsewhere), to tell what bounds the writer here.
let ticksPerSecond = Number.NaN;
function serverCpuMs(): number {
  try {
    if (Number.isNaN(ticksPerSecond))
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
    const fields = readFileSync(`/proc/${local.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}

function clientCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function nextOperations(orders: number, inserts: 'all' | 'only'): OrderOperation[] {
  workload += 1;
  const operations = [...generateOperations({ orders, seed: 'bench', orderIdPrefix: `w${workload}-` })];
  return inserts === 'only' ? operations.filter((operation) => operation.type === 'insert') : operations;
}

async function timed(name: string, operations: readonly OrderOperation[], write: () => Promise<void>) {
  const server = serverCpuMs();
  const client = clientCpuMs();
  const started = performance.now();
  await write();
  const total = totals.get(name) ?? { operations: 0, ms: 0, serverCpuMs: 0, clientCpuMs: 0 };
  total.operations += operations.length;
  total.ms += performance.now() - started;
  total.serverCpuMs += serverCpuMs() - server;
  total.clientCpuMs += clientCpuMs() - client;
  totals.set(name, total);
}

async function putLoop(operations: readonly OrderOperation[]): Promise<void> {
  const client = local.connection.client;
  for (const operation of operations) {
    if (operation.type === 'delete') {
      await client.send(
        new DeleteItemCommand({ TableName: TABLE, Key: orderKeyToAttributeMap(operation.orderId) as never }),
      );
    } else {
      await client.send(
        new PutItemCommand({ TableName: TABLE, Item: orderToAttributeMap(operation.order) as never }),
      );
    }
  }
}

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

beforeAll(async () => {
  // Steady-state numbers: let the JVM use its optimising compiler (the test helper defaults to C1 only).
  process.env.JAVA_TOOL_OPTIONS ??= '';
  local = await startDynamoDBLocal();
  await createOrdersTable(local.connection.client, TABLE, { pollIntervalMs: 100 });
  // Warm the JVM and the HTTP connections before anything is timed.
  await writerRun(nextOperations(500, 'all'), 'batch');
  await putLoop(nextOperations(200, 'all'));
}, 300_000);

afterAll(async () => {
  await local?.stop();
  const rate = (name: string) => {
    const total = totals.get(name);
    return total === undefined ? Number.NaN : (total.operations * 1000) / total.ms;
  };
  const lines = [...totals.keys()].map((name) => `  ${name}: ${Math.round(rate(name))} operations/s`);
  const ratio = (a: string, b: string) => (rate(a) / rate(b)).toFixed(1);
  const micros = (name: string, key: 'serverCpuMs' | 'clientCpuMs') => {
    const total = totals.get(name);
    return total === undefined ? Number.NaN : (total[key] * 1000) / total.operations;
  };
  // With every core busy on nothing but this, the writer could not go faster than this bound.
  const cores = availableParallelism();
  const bound = (name: string) => (cores * 1e6) / (micros(name, 'serverCpuMs') + micros(name, 'clientCpuMs'));
  const cpuLines = [...totals.keys()].map(
    (name) =>
      `  ${name}: DynamoDB Local ${Math.round(micros(name, 'serverCpuMs'))} µs, client ${Math.round(micros(name, 'clientCpuMs'))} µs`,
  );
  const bulk = 'bulk load: OrderWriter, batch inserts';
  const bulkLoop = 'bulk load: sequential PutItem loop';
  console.log(
    [
      'DynamoDB Local, operations per second (all timed iterations):',
      ...lines,
      `  ratio, lifecycle mix, writer (conditional) / sequential PutItem loop: ${ratio('lifecycle: OrderWriter, conditional inserts', 'lifecycle: sequential PutItem loop')}x`,
      `  ratio, lifecycle mix, writer (batch inserts) / sequential PutItem loop: ${ratio('lifecycle: OrderWriter, batch inserts', 'lifecycle: sequential PutItem loop')}x`,
      `  ratio, lifecycle mix, writer (batch inserts, transactions of 100) / sequential PutItem loop: ${ratio('lifecycle: OrderWriter, batch inserts, transactions of 100', 'lifecycle: sequential PutItem loop')}x`,
      `  ratio, lifecycle mix, writer concurrency ${CONCURRENCY} / concurrency 1 (both conditional): ${ratio('lifecycle: OrderWriter, conditional inserts', 'lifecycle: OrderWriter, conditional, concurrency 1')}x`,
      `  ratio, bulk load, writer (batch inserts) / sequential PutItem loop: ${ratio(bulk, bulkLoop)}x (goal >= 10x)`,
      'CPU per operation (all timed iterations):',
      ...cpuLines,
      `  bound, bulk load, writer with all ${cores} cores busy on it: ${Math.round(bound(bulk))} operations/s = ${(bound(bulk) / rate(bulkLoop)).toFixed(1)}x the sequential PutItem loop`,
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
      const loop = nextOperations(LIFECYCLE_ORDERS, 'all');
      await timed('lifecycle: sequential PutItem loop', loop, () => putLoop(loop));
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
      const loop = nextOperations(BULK_ORDERS, 'only');
      await timed('bulk load: sequential PutItem loop', loop, () => putLoop(loop));
    }
  },
  once,
);
