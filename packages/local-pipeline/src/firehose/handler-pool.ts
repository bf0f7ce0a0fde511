import { Worker } from 'node:worker_threads';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from '@org/cdc-transformer';
import type { FirehoseTransformationHandler } from '@org/cdc-transformer/lambda';
import { SCHEMA_VERSION, type SchemaVersion } from '@org/order-schema';
import { realHandlersByLayout } from './transformation-handler';

/** The handler a run invokes, wherever it runs, with the time it spent and a way to stop it. */
export interface HandlerRuntime {
  /** The handler that writes the current row layout. */
  handler: FirehoseTransformationHandler;
  /** The handler deployed for a row layout (a staged upgrade runs two); a given handler serves all. */
  handlerOf(layout: SchemaVersion): FirehoseTransformationHandler;
  /** Time the handler itself ran, summed over invocations. */
  busyMs(): number;
  stop(): Promise<void>;
}

/** One invocation, as the pool posts it to a worker. */
export interface HandlerInvocation {
  id: number;
  /** The row layout of the handler version that runs it. */
  schemaVersion: SchemaVersion;
  event: FirehoseTransformationEvent;
  functionArn: string;
  requestId: string;
}

/** A worker's answer: what the handler returned (checked by the emulator as Firehose checks it), or its error. */
export type HandlerReply = { id: number; durationMs: number } & ({ result: unknown } | { error: string });

/**
 * The worker's entry beside this module: built, `handler-worker.js`; from the TypeScript source (tests,
 * tsx), the TypeScript entry through tsx.
 */
const WORKER_ENTRY = new URL(
  import.meta.url.endsWith('.ts') ? './handler-worker-from-source.mjs' : './handler-worker.js',
  import.meta.url,
);

/** One worker thread running the real handler: one Lambda instance. */
class HandlerThread {
  public busyMs = 0;
  private readonly worker = new Worker(WORKER_ENTRY);
  private readonly waiting = new Map<
    number,
    { resolve: (result: FirehoseTransformationResult) => void; reject: (error: Error) => void }
  >();

  public constructor() {
    // An idle worker does not keep the process alive.
    this.worker.unref();
    this.worker.on('message', (reply: HandlerReply) => {
      this.busyMs += reply.durationMs;
      const pending = this.waiting.get(reply.id);
      if (!pending) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) this.worker.unref();
      if ('error' in reply) pending.reject(new Error(reply.error));
      else pending.resolve(reply.result as FirehoseTransformationResult);
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`the handler worker exited with code ${code}`)));
  }

  public get pending(): number {
    return this.waiting.size;
  }

  public invoke(invocation: HandlerInvocation): Promise<FirehoseTransformationResult> {
    return new Promise((resolve, reject) => {
      this.waiting.set(invocation.id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage(invocation);
    });
  }

  public async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}

/**
 * The real transformation handler on `threads` worker threads, so that transformation runs on cores
 * of its own while the source, capture and stream keep producing. Each invocation goes to the thread
 * with the fewest invocations waiting.
 */
export function startHandlerPool(threads: number): HandlerRuntime {
  const pool = Array.from({ length: threads }, () => new HandlerThread());
  let nextId = 0;
  const handlerOf =
    (schemaVersion: SchemaVersion): FirehoseTransformationHandler =>
    (event, context) => {
      const thread = pool.reduce((least, candidate) =>
        candidate.pending < least.pending ? candidate : least,
      );
      return thread.invoke({
        id: nextId++,
        schemaVersion,
        event,
        functionArn: context.invokedFunctionArn,
        requestId: context.awsRequestId,
      });
    };
  return {
    handler: handlerOf(SCHEMA_VERSION),
    handlerOf,
    busyMs: () => pool.reduce((sum, thread) => sum + thread.busyMs, 0),
    stop: async () => {
      await Promise.all(pool.map((thread) => thread.stop()));
    },
  };
}

/** Handlers invoked in this thread, timed: `handlers` gives the one deployed for each row layout. */
export function inProcessHandler(
  handlers: (layout: SchemaVersion) => FirehoseTransformationHandler,
): HandlerRuntime {
  let busyMs = 0;
  const timed =
    (handler: FirehoseTransformationHandler): FirehoseTransformationHandler =>
    async (event, context) => {
      const started = performance.now();
      try {
        return await handler(event, context);
      } finally {
        busyMs += performance.now() - started;
      }
    };
  const handlerOf = (layout: SchemaVersion) => timed(handlers(layout));
  return {
    handler: handlerOf(SCHEMA_VERSION),
    handlerOf,
    busyMs: () => busyMs,
    stop: async () => undefined,
  };
}

/**
 * The handler of a run: a given handler in this thread; else the real one on `handlerThreads` worker
 * threads, or in this thread for 0.
 */
export async function startTransformationHandler(options: {
  handler?: FirehoseTransformationHandler;
  handlerThreads: number;
}): Promise<HandlerRuntime> {
  const { handler } = options;
  if (handler) return inProcessHandler(() => handler);
  if (options.handlerThreads === 0) return inProcessHandler(realHandlersByLayout());
  return startHandlerPool(options.handlerThreads);
}
