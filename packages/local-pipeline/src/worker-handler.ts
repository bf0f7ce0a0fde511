import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerInvocation } from './handler-worker';
import type { FirehoseTransformationHandler, FirehoseTransformationResult } from './types';
import { type PackedResult, packEvent, unpackResult } from './worker-message';

/** The real handler running in a worker thread, as a Lambda runs beside Firehose, plus a way to stop it. */
export interface WorkerHandler {
  handler: FirehoseTransformationHandler;
  /** Time the handler itself ran, summed over invocations. */
  busyMs(): number;
  stop(): Promise<void>;
}

/** Where the built worker entry lives: beside this module in `dist/`. */
function workerFile(): string | undefined {
  const path = fileURLToPath(new URL('./handler-worker.js', import.meta.url));
  return existsSync(path) ? path : undefined;
}

/**
 * Starts the real transformation handler in a worker thread, so that the transformation runs on its
 * own core while the source, capture and stream keep producing. Returns undefined when the built
 * worker entry is not there (running from source); the caller then invokes in-process.
 */
export function startWorkerHandler(): WorkerHandler | undefined {
  const file = workerFile();
  if (!file) return undefined;
  const worker = new Worker(file);
  worker.unref();
  const waiting = new Map<
    number,
    { resolve: (r: FirehoseTransformationResult) => void; reject: (e: Error) => void }
  >();
  let nextId = 0;
  let busyMs = 0;
  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  type Reply = {
    id: number;
    result?: FirehoseTransformationResult;
    packed?: PackedResult;
    error?: string;
    durationMs: number;
  };
  worker.on('message', (message: Reply) => {
    busyMs += message.durationMs;
    const pending = waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id);
    if (message.error !== undefined) pending.reject(new Error(message.error));
    else pending.resolve(message.packed ? unpackResult(message.packed) : message.result!);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the handler worker exited with code ${code}`)));
  return {
    handler: (event, context) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        worker.ref();
        const invocation: WorkerInvocation = {
          id,
          event: packEvent(event),
          functionArn: context.invokedFunctionArn,
          requestId: context.awsRequestId,
        };
        worker.postMessage(invocation);
      }).finally(() => {
        if (waiting.size === 0) worker.unref();
      }) as Promise<FirehoseTransformationResult>,
    busyMs: () => busyMs,
    stop: async () => {
      await worker.terminate();
    },
  };
}
