import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

type Item = Record<string, unknown>;

/** What the network does with one HTTP request, in the order the requests are sent. */
export type ScriptStep =
  | { readonly answer: 200; readonly body?: unknown }
  | { readonly answer: 400; readonly error: string; readonly item?: Item; readonly reasons?: unknown[] }
  | { readonly answer: 500 }
  /** No answer: the connection was reset, or the request timed out. */
  | { readonly lost: 'reset' | 'timeout' };

export interface ScriptedRequest {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  readonly headers: Record<string, string>;
}

/**
 * A real `DynamoDBClient` whose HTTP handler follows a script instead of a network, so the SDK's own
 * retry strategy and error parsing run as they do against DynamoDB. Each request sent takes the next
 * step; a request beyond the script fails the test.
 */
export function scriptedDynamoDB(script: readonly ScriptStep[], maxAttempts = 3) {
  const requests: ScriptedRequest[] = [];
  const handle = async (request: { headers: Record<string, string>; body?: unknown }) => {
    const operation =
      String(request.headers['x-amz-target'] ?? '')
        .split('.')
        .at(-1) ?? '';
    requests.push({
      operation,
      input: JSON.parse(String(request.body ?? '{}')),
      headers: { ...request.headers },
    });
    const step = script[requests.length - 1];
    if (step === undefined) throw new Error(`request ${requests.length} (${operation}) is beyond the script`);
    if ('lost' in step) {
      throw step.lost === 'reset'
        ? Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
        : Object.assign(new Error('Connection timed out after 30000 ms'), { name: 'TimeoutError' });
    }
    const body =
      step.answer === 200
        ? (step.body ?? {})
        : step.answer === 500
          ? {
              __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
              message: 'Internal server error',
            }
          : {
              __type: `com.amazonaws.dynamodb.v20120810#${step.error}`,
              message:
                step.error === 'ConditionalCheckFailedException'
                  ? 'The conditional request failed'
                  : step.error,
              ...(step.item === undefined ? {} : { Item: step.item }),
              ...(step.reasons === undefined ? {} : { CancellationReasons: step.reasons }),
            };
    return {
      response: {
        statusCode: step.answer,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': `request-${requests.length}`,
        },
        body: new TextEncoder().encode(JSON.stringify(body)),
      },
    };
  };
  const client = new DynamoDBClient({
    region: 'eu-west-1',
    endpoint: 'http://dynamodb.scripted',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts,
    requestHandler: {
      handle,
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
      destroy: () => undefined,
    } as never,
  });
  return { client, requests };
}
