import { parentPort } from 'node:worker_threads';
import { lambdaContext } from './lambda-context';
import { loadTransformationHandler } from './transformation-handler';
import { type PackedEvent, packResult, unpackEvent } from './worker-message';

/** A request to the worker: one invocation of the handler. */
export interface WorkerInvocation {
  id: number;
  event: PackedEvent;
  functionArn: string;
  requestId: string;
}

// The worker plays the Lambda runtime: it loads the real handler once and runs one invocation per message.
const handler = loadTransformationHandler();
parentPort?.on('message', async (message: WorkerInvocation) => {
  const run = await handler;
  let started = performance.now();
  try {
    const event = unpackEvent(message.event);
    started = performance.now();
    const result = await run(event, lambdaContext(message.functionArn, message.requestId));
    const durationMs = performance.now() - started;
    const packed = packResult(result);
    parentPort?.postMessage(
      packed ? { id: message.id, packed, durationMs } : { id: message.id, result, durationMs },
    );
  } catch (error) {
    const durationMs = performance.now() - started;
    parentPort?.postMessage({ id: message.id, error: String((error as Error)?.stack ?? error), durationMs });
  }
});
