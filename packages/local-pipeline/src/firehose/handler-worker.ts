import { parentPort } from 'node:worker_threads';
import type { HandlerInvocation, HandlerReply } from './handler-pool';
import { lambdaContext } from './lambda-context';
import { realHandlersByLayout } from './transformation-handler';

// The worker plays the Lambda runtime: it loads the real handler once per row layout (one deployed
// version each) and runs one invocation per message.
const handlerOf = realHandlersByLayout();
parentPort?.on('message', async (message: HandlerInvocation) => {
  const run = handlerOf(message.schemaVersion);
  const started = performance.now();
  const reply = (outcome: { result: unknown } | { error: string }) =>
    parentPort?.postMessage({
      id: message.id,
      durationMs: performance.now() - started,
      ...outcome,
    } satisfies HandlerReply);
  try {
    reply({ result: await run(message.event, lambdaContext(message.functionArn, message.requestId)) });
  } catch (error) {
    reply({ error: String((error as Error)?.stack ?? error) });
  }
});
