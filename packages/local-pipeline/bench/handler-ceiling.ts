import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerInvocation } from '../src/handler-worker';
import { runPipeline } from '../src/run-pipeline';
import { loadTransformationHandler } from '../src/transformation-handler';
import type { FirehoseTransformationEvent } from '../src/types';
import { type PackedEvent, packEvent } from '../src/worker-message';

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
  event: PackedEvent;
  functionArn: string;
  requestId: string;
}

/** Runs the pipeline once with the handler in-process and keeps every event the handler received. */
async function recordEvents(orders: number, outDir: string): Promise<RecordedInvocation[]> {
  const real = await loadTransformationHandler();
  const recorded: RecordedInvocation[] = [];
  await runPipeline({
    orders,
    outDir,
    handler: async (event: FirehoseTransformationEvent, context) => {
      recorded.push({
        event: packEvent(event),
        functionArn: context.invokedFunctionArn,
        requestId: context.awsRequestId,
      });
      return real(event, context);
    },
  });
  return recorded;
}

type Reply = { id: number; error?: string; durationMs: number };

/** A handler worker that resolves each invocation with the handler's own duration. */
function handlerThread(workerFile: string) {
  const thread = new Worker(workerFile);
  const waiting = new Map<number, { resolve: (ms: number) => void; reject: (error: Error) => void }>();
  thread.on('message', (reply: Reply) => {
    const pending = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error !== undefined) pending?.reject(new Error(reply.error));
    else pending?.resolve(reply.durationMs);
  });
  thread.on('error', (error) => {
    for (const pending of waiting.values()) pending.reject(error);
  });
  return {
    invoke(invocation: RecordedInvocation, id: number): Promise<number> {
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        const message: WorkerInvocation = { id, ...invocation };
        thread.postMessage(message);
      });
    },
    stop: () => thread.terminate(),
  };
}

/** Sends every invocation to `workers` handler workers (round robin) and resolves with the wall time. */
async function runOnWorkers(
  workerFile: string,
  invocations: readonly RecordedInvocation[],
  workers: number,
): Promise<{ wallMs: number; busyMs: number }> {
  const threads = Array.from({ length: workers }, () => handlerThread(workerFile));
  try {
    // A warm-up invocation per worker loads the handler module before the clock starts.
    await Promise.all(
      threads.map((thread, index) => thread.invoke(invocations[index % invocations.length]!, -1)),
    );
    // Every invocation is queued at once, so that a worker never waits for the next one.
    const started = performance.now();
    const durations = await Promise.all(
      invocations.map((invocation, at) => threads[at % workers]!.invoke(invocation, at)),
    );
    const wallMs = performance.now() - started;
    return { wallMs, busyMs: durations.reduce((sum, ms) => sum + ms, 0) };
  } finally {
    await Promise.all(threads.map((thread) => thread.stop()));
  }
}

/**
 * The real handler's throughput on this machine with nothing else running: the events of one run are
 * recorded, then replayed through one handler worker per core. No end-to-end run can pass more change
 * events per second than this, because every change goes through the handler once.
 */
export async function measureHandlerCeiling(
  distDir: string,
  orders: number,
  outDir: string,
  rounds = 3,
): Promise<HandlerCeiling> {
  const invocations = await recordEvents(orders, outDir);
  const records = invocations.reduce((sum, invocation) => sum + invocation.event.data.length, 0);
  const bytes = invocations.reduce(
    (sum, invocation) => sum + invocation.event.data.reduce((total, data) => total + data.length, 0),
    0,
  );
  const workers = availableParallelism();
  const bestOf = async (count: number) => {
    let best = { wallMs: Number.POSITIVE_INFINITY, busyMs: 0 };
    for (let round = 0; round < rounds; round++) {
      const timing = await runOnWorkers(join(distDir, 'handler-worker.js'), invocations, count);
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
