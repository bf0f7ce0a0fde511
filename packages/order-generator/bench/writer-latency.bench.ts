import { type FaultProxy, startFaultProxy } from '@org/fault-proxy';
import { afterAll, beforeAll, bench } from 'vitest';
import {
  connectDynamoDB,
  createOrdersTable,
  type DynamoDBConnection,
  DynamoDBOrderTable,
  type OrderOperation,
  OrderWriter,
  type OrderWriterOptions,
} from '../src/index';
import { type DynamoDBLocal, startDynamoDBLocal } from '../tests/helpers/dynamodb-local';
import { putLoop, WriteMeter, workloads } from './write-meter';

/**
 * The writer against DynamoDB Local behind the fault proxy adding a 10 ms round trip, as the real
 * service's network does, next to a sequential PutItem loop through the same proxy, in the same run,
 * in alternating rounds. A sequential loop waits one round trip per write; concurrency is what hides it.
 * The writer runs with its default settings (concurrency 16, conditional writes), with batch inserts
 * for the bulk load of a fresh table (what the CLI does for a table it created).
 *
 * Two ceilings are measured in the same rounds. The writer through a second proxy that adds no round
 * trip: as fast as DynamoDB Local's CPU lets it go on this machine right now, neighbours included, so a
 * writer that hides the latency fully reaches it. And, as the direct bench reports it, the bound: the
 * rate the writer could not pass even with every core busy on nothing but it, cores / (DynamoDB Local's
 * CPU + the client's CPU) per operation. The proxies run in this process, so their CPU counts as the
 * client's.
 */
const LATENCY_MS = 10;
const BULK_ORDERS = 2_000;
const LIFECYCLE_ORDERS = 150; // about 600 operations
// The loop waits a round trip per write, so fewer of them give as steady a rate (~2 s per round).
const LOOP_INSERTS = 150;
const LOOP_LIFECYCLE_ORDERS = 38; // about 150 operations
const TABLE = 'LatencyBenchOrders';
const GOALS = { bulk: 20, lifecycle: 8 };
const SHARE_OF_BOUND = 0.8;

const NAMES = {
  bulk: 'bulk load: OrderWriter defaults, batch inserts',
  bulkCeiling: 'bulk load: the same writer with no added round trip',
  bulkLoop: 'bulk load: sequential PutItem loop',
  lifecycle: 'lifecycle: OrderWriter defaults (conditional, concurrency 16)',
  lifecycleCeiling: 'lifecycle: the same writer with no added round trip',
  lifecycleBatch: 'lifecycle: OrderWriter, batch inserts',
  lifecycleLoop: 'lifecycle: sequential PutItem loop',
} as const;

let local: DynamoDBLocal;
let proxy: FaultProxy;
let direct: FaultProxy;
let connection: DynamoDBConnection;
let directConnection: DynamoDBConnection;
let meter: WriteMeter;
const nextOperations = workloads('latency-bench');

async function writerRun(
  operations: readonly OrderOperation[],
  options: OrderWriterOptions = {},
  through = connection,
) {
  const summary = await new OrderWriter(new DynamoDBOrderTable(through.client, TABLE), options).write(
    operations,
  );
  if (summary.failed > 0)
    throw new Error(`${summary.failed} operations failed: ${summary.failures[0]?.reason}`);
}

const timed = (name: string, operations: readonly OrderOperation[], write: () => Promise<void>) =>
  meter.timed(name, operations.length, write);
const loop = (operations: readonly OrderOperation[]) => putLoop(connection.client, TABLE, operations);

beforeAll(async () => {
  process.env.JAVA_TOOL_OPTIONS ??= '';
  local = await startDynamoDBLocal();
  meter = new WriteMeter(local.pid);
  await createOrdersTable(local.connection.client, TABLE, { pollIntervalMs: 100 });
  proxy = await startFaultProxy({ target: local.endpoint, latencyMs: LATENCY_MS });
  direct = await startFaultProxy({ target: local.endpoint });
  connection = connectDynamoDB({ endpoint: proxy.url, env: {} });
  directConnection = connectDynamoDB({ endpoint: direct.url, env: {} });
  // Warm the JVM (its optimising compiler works for a while) and the connections before timing.
  await writerRun(nextOperations(1_000, 'all'), { insertMode: 'batch' }, directConnection);
  await writerRun(nextOperations(500, 'all'), {}, directConnection);
  await writerRun(nextOperations(200, 'all'));
  await loop(nextOperations(50, 'all'));
}, 300_000);

afterAll(async () => {
  connection?.client.destroy();
  directConnection?.client.destroy();
  await proxy?.stop();
  await direct?.stop();
  await local?.stop();
  const verdict = (writer: string, ceiling: string, baseline: string, goal: number) => {
    const ratio = meter.ratio(writer, baseline);
    const ceilingRatio = meter.ratio(ceiling, baseline);
    const boundRatio = meter.bound(writer) / meter.rate(baseline);
    const target = Math.min(goal, SHARE_OF_BOUND * ceilingRatio);
    return [
      `  ${writer} / ${baseline}: ${ratio.toFixed(1)}x; goal >= ${goal}x, or >= ${SHARE_OF_BOUND * 100}% of the ceiling where that is lower: ${ratio >= target ? 'met' : 'MISSED'} (>= ${target.toFixed(1)}x)`,
      `    ceiling, no added round trip: ${Math.round(meter.rate(ceiling))} operations/s = ${ceilingRatio.toFixed(1)}x the loop; the writer reaches ${Math.round((100 * ratio) / ceilingRatio)}% of it`,
      `    bound, all ${meter.cores} cores on it: ${Math.round(meter.bound(writer))} operations/s = ${boundRatio.toFixed(1)}x the loop (DynamoDB Local ${Math.round(meter.micros(writer, 'server'))} µs + client ${Math.round(meter.micros(writer, 'client'))} µs of CPU per operation)`,
    ];
  };
  console.log(
    [
      `Through the fault proxy with --latency-ms ${LATENCY_MS}, operations per second (all timed rounds):`,
      ...meter.rateLines(),
      ...verdict(NAMES.bulk, NAMES.bulkCeiling, NAMES.bulkLoop, GOALS.bulk),
      ...verdict(NAMES.lifecycle, NAMES.lifecycleCeiling, NAMES.lifecycleLoop, GOALS.lifecycle),
      `  ${NAMES.lifecycleBatch} / ${NAMES.lifecycleLoop}: ${meter.ratio(NAMES.lifecycleBatch, NAMES.lifecycleLoop).toFixed(1)}x`,
      'CPU per operation (all timed rounds):',
      ...meter.cpuLines('DynamoDB Local', 'client (writer, SDK and proxy)'),
    ].join('\n'),
  );
});

// Variants alternate round by round, so that a noisy neighbour slows all of them alike.
const ROUNDS = 3;
const once = { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0, throws: true };

bench(
  `through a ${LATENCY_MS} ms round trip: writer defaults vs sequential PutItem loop, bulk load and lifecycle mix`,
  async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const bulk = nextOperations(BULK_ORDERS, 'only');
      await timed(NAMES.bulk, bulk, () => writerRun(bulk, { insertMode: 'batch' }));
      const bulkCeiling = nextOperations(BULK_ORDERS, 'only');
      await timed(NAMES.bulkCeiling, bulkCeiling, () =>
        writerRun(bulkCeiling, { insertMode: 'batch' }, directConnection),
      );
      const bulkLoop = nextOperations(LOOP_INSERTS, 'only');
      await timed(NAMES.bulkLoop, bulkLoop, () => loop(bulkLoop));
      const lifecycle = nextOperations(LIFECYCLE_ORDERS, 'all');
      await timed(NAMES.lifecycle, lifecycle, () => writerRun(lifecycle));
      const lifecycleCeiling = nextOperations(LIFECYCLE_ORDERS, 'all');
      await timed(NAMES.lifecycleCeiling, lifecycleCeiling, () =>
        writerRun(lifecycleCeiling, {}, directConnection),
      );
      const lifecycleBatch = nextOperations(LIFECYCLE_ORDERS, 'all');
      await timed(NAMES.lifecycleBatch, lifecycleBatch, () =>
        writerRun(lifecycleBatch, { insertMode: 'batch' }),
      );
      const lifecycleLoop = nextOperations(LOOP_LIFECYCLE_ORDERS, 'all');
      await timed(NAMES.lifecycleLoop, lifecycleLoop, () => loop(lifecycleLoop));
    }
  },
  once,
);
