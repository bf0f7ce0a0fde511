import type { Context } from 'aws-lambda';

/** A Lambda context for one invocation, as the runtime passes it to a handler. */
export function lambdaContext(functionArn: string, requestId: string, timeoutMs = 300_000): Context {
  const deadline = Date.now() + timeoutMs;
  const functionName = functionArn.split(':').at(-1) ?? 'transformer';
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${requestId.replaceAll('-', '')}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
