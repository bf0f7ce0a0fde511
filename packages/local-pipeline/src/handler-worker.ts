import { parentPort } from 'node:worker_threads';
import { lambdaContext } from './lambda-context';
import { loadTransformationHandler } from './transformation-handler';
import type { FirehoseTransformationEvent } from './types';

/** A request to the worker: one invocation of the handler. */
export interface WorkerInvocation {
  id: number;
  event: FirehoseTransformationEvent;
  functionArn: string;
  requestId: string;
}

// The worker plays the Lambda runtime: it loads the real handler once and runs one invocation per message.
const handler = loadTransformationHandler();
parentPort?.on('message', async (message: WorkerInvocation) => {
  const run = await handler;
  const started = performance.now();
  try {
    const result = await run(message.event, lambdaContext(message.functionArn, message.requestId));
    parentPort?.postMessage({ id: message.id, result, durationMs: performance.now() - started });
  } catch (error) {
    const durationMs = performance.now() - started;
    parentPort?.postMessage({ id: message.id, error: String((error as Error)?.stack ?? error), durationMs });
  }
});
