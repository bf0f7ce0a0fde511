import { availableParallelism } from 'node:os';
import type { FirehoseTransformationEvent, LambdaContext } from '@org/cdc-transformer';
import { startHandlerPool } from '../src/firehose/handler-pool';
import { realTransformationHandler } from '../src/firehose/transformation-handler';
import { runLocalPipeline } from '../src/run-local-pipeline';

/** What the real handler alone can do on this machine: the upper bound of any end-to-end run. */
export interface HandlerCeiling {
  /** Change records in the recorded Firehose events. */
  records: number;
  invocations: number;
  /** Mean base64 bytes of one record's data. */
  meanRecordBytes: number;
  /** Worker threads that ran the handler side by side: one per core. */
  workers: number;
  /** Records per second through the handler alone with every core busy (best of the rounds). */
  recordsPerSecond: number;
  /** Records per second through one handler worker (best of the rounds). */
  oneWorkerRecordsPerSecond: number;
  /** Handler microseconds per record with one worker, from the same rounds. */
  microsPerRecordOnOneCore: number;
}

interface RecordedInvocation {
  event: FirehoseTransformationEvent;
  context: LambdaContext;
}

/** Runs the pipeline once with the handler in this thread and keeps every event the handler received. */
async function recordEvents(orders: number, outDir: string): Promise<RecordedInvocation[]> {
  const real = await realTransformationHandler();
  const recorded: RecordedInvocation[] = [];
  await runLocalPipeline({
    orders,
    outDir,
    handler: async (event, context) => {
      recorded.push({ event, context });
      return real(event, context);
    },
  });
  return recorded;
}

/** Sends every invocation to a pool of `threads` handler workers and resolves with the wall time. */
async function runOnThreads(
  invocations: readonly RecordedInvocation[],
  threads: number,
): Promise<{ wallMs: number; busyMs: number }> {
  const pool = startHandlerPool(threads);
  const invoke = ({ event, context }: RecordedInvocation) => pool.handler(event, context);
  try {
    // A warm-up invocation per worker loads the handler module before the clock starts.
    await Promise.all(Array.from({ length: threads }, (_, index) => invoke(invocations[index]!)));
    const warmUpMs = pool.busyMs();
    // Every invocation is queued at once, so that a worker never waits for the next one.
    const started = performance.now();
    await Promise.all(invocations.map(invoke));
    return { wallMs: performance.now() - started, busyMs: pool.busyMs() - warmUpMs };
  } finally {
    await pool.stop();
  }
}

/**
 * The real handler's throughput on this machine with nothing else running: the events of one run are
 * recorded, then replayed through one handler worker per core. No end-to-end run can pass more change
 * events per second than this, because every change goes through the handler once.
 */
export async function measureHandlerCeiling(
  orders: number,
  outDir: string,
  rounds = 3,
): Promise<HandlerCeiling> {
  const invocations = await recordEvents(orders, outDir);
  const records = invocations.reduce((sum, { event }) => sum + event.records.length, 0);
  const bytes = invocations.reduce(
    (sum, { event }) => sum + event.records.reduce((total, record) => total + record.data.length, 0),
    0,
  );
  const workers = availableParallelism();
  const bestOf = async (threads: number) => {
    let best = { wallMs: Number.POSITIVE_INFINITY, busyMs: 0 };
    for (let round = 0; round < rounds; round++) {
      const timing = await runOnThreads(invocations, threads);
      if (timing.wallMs < best.wallMs) best = timing;
    }
    return best;
  };
  const one = await bestOf(1);
  const best = await bestOf(workers);
  return {
    records,
    invocations: invocations.length,
    meanRecordBytes: Math.round(bytes / records),
    workers,
    recordsPerSecond: Math.round((records * 1000) / best.wallMs),
    oneWorkerRecordsPerSecond: Math.round((records * 1000) / one.wallMs),
    microsPerRecordOnOneCore: Number(((one.busyMs * 1000) / records).toFixed(1)),
  };
}
