import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A DynamoDB-like request: POST with the JSON 1.0 target header, as the SDKs send it. */
export function post(url: string, operation: string, body: unknown): Promise<Answer> {
  const payload = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const call = request(
      `${url}/`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `DynamoDB_20120810.${operation}`,
          'content-length': String(payload.length),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    call.on('error', reject);
    call.end(payload);
  });
}

export function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    })
      .on('error', reject)
      .end();
  });
}

export interface ReceivedRequest {
  readonly operation: string;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

/**
 * A stand-in for DynamoDB that records what reaches it and answers every request with `answer`
 * (by default `{}`; a BatchWriteItem gets `{"UnprocessedItems":{}}` as DynamoDB answers it).
 */
export async function startFakeTarget(answer?: (request: ReceivedRequest) => unknown) {
  const received: ReceivedRequest[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const operation =
        String(incoming.headers['x-amz-target'] ?? '')
          .split('.')
          .at(-1) ?? '';
      const request = { operation, body: Buffer.concat(chunks).toString('utf8'), headers: incoming.headers };
      received.push(request);
      const output = answer?.(request) ?? (operation === 'BatchWriteItem' ? { UnprocessedItems: {} } : {});
      const body = Buffer.from(JSON.stringify(output));
      response.writeHead(200, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': String(body.length),
        'x-amzn-requestid': 'target-request-id',
      });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
