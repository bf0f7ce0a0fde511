import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  dynamoDBError,
  dynamoDBResponse,
  splitBatchWrite,
  type WireResponse,
  withUnprocessed,
} from './dynamodb-wire';
import { ListenError } from './errors';
import { emptyFaultCounts, type FaultCounts } from './fault-counts';
import { type FaultProxyOptions, type ResolvedFaultOptions, resolveFaultOptions } from './fault-options';
import { SeededRandom } from './seeded-random';

/** `GET` on this path answers the counts as JSON instead of forwarding. */
export const FAULTS_PATH = '/__faults';

/** A running proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: point the DynamoDB client's endpoint here. */
  readonly url: string;
  readonly port: number;
  readonly options: ResolvedFaultOptions;
  /** A copy of the counts so far. */
  counts(): FaultCounts;
  /** Stops listening and drops every open connection. */
  stop(): Promise<void>;
}

type Decision = 'forward' | 'throttle' | 'error5xx' | 'resetBefore' | 'resetAfterCommit';

// Headers that belong to one hop, not to the request (RFC 9110, 7.6.1).
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'content-length',
]);
// Share of injected throttles answered as ThrottlingException rather than ProvisionedThroughputExceededException.
const THROTTLING_EXCEPTION_SHARE = 0.25;

class BodyTooLargeError extends Error {}

/**
 * Starts the proxy on 127.0.0.1 (never another interface): every request is read whole (at most
 * `maxBodyBytes`), delayed by the latency, then either answered with an injected fault or forwarded to
 * the target, and the target's answer passed back (or cut, or dropped). Decisions come from one seeded
 * source, drawn in the order requests arrive.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const resolved = resolveFaultOptions(options);
  const counts = emptyFaultCounts();
  // Requests seen so far, per operation: the n-th request of an operation draws from its own seeded
  // source, so the same seed makes the same decisions for it however requests interleave.
  const ordinals = new Map<string, number>();
  const randomFor = (operation: string): SeededRandom => {
    const ordinal = (ordinals.get(operation) ?? 0) + 1;
    ordinals.set(operation, ordinal);
    return new SeededRandom(`${resolved.seed}\u0000${operation}\u0000${ordinal}`);
  };
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  let stopped = false;

  const decide = (random: SeededRandom): Decision => {
    const roll = random.next();
    let edge = 0;
    for (const fault of ['throttle', 'error5xx', 'resetBefore', 'resetAfterCommit'] as const) {
      edge += resolved[fault];
      if (roll < edge) return fault;
    }
    return 'forward';
  };

  const delayMs = (random: SeededRandom): number => {
    const { latencyMs, latencyJitterMs } = resolved;
    if (latencyJitterMs === 0) return latencyMs;
    return Math.max(0, latencyMs + (random.next() * 2 - 1) * latencyJitterMs);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method === 'GET' && request.url === FAULTS_PATH) {
      reply(response, {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(`${JSON.stringify(counts)}\n`),
      });
      return;
    }
    counts.requests += 1;
    let body: Buffer;
    try {
      body = await readBody(request, resolved.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      counts.rejected += 1;
      response.shouldKeepAlive = false;
      reply(response, {
        status: 413,
        headers: { 'content-type': 'text/plain' },
        body: Buffer.from('request too large\n'),
      });
      return;
    }
    const operation = String(request.headers['x-amz-target'] ?? '')
      .split('.')
      .at(-1);
    const random = randomFor(operation ?? '');
    const delay = delayMs(random);
    if (delay > 0) {
      counts.latency += 1;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    if (stopped) return;
    const decision = decide(random);
    if (decision === 'throttle') {
      counts.throttle += 1;
      const exception = random.next() < THROTTLING_EXCEPTION_SHARE;
      if (exception) counts.throttlingException += 1;
      reply(response, dynamoDBError(exception ? 'throttling' : 'provisionedThroughputExceeded'));
      return;
    }
    if (decision === 'error5xx') {
      counts.error5xx += 1;
      reply(response, dynamoDBError('internalServerError'));
      return;
    }
    if (decision === 'resetBefore') {
      counts.resetBefore += 1;
      request.socket.destroy();
      return;
    }
    const split =
      operation === 'BatchWriteItem' && resolved.unprocessed > 0 && random.next() < resolved.unprocessed
        ? splitBatchWrite(body, () => random.next())
        : undefined;
    let answer: WireResponse;
    try {
      answer = await forward(request, split?.forward ?? body);
      counts.forwarded += 1;
    } catch (error) {
      counts.upstreamErrors += 1;
      const timedOut = error instanceof Error && error.message === 'upstream timeout';
      reply(response, upstreamFailure(timedOut ? 504 : 502, error));
      return;
    }
    if (split !== undefined && answer.status === 200) {
      counts.unprocessed += 1;
      counts.unprocessedItems += split.heldBackCount;
      answer = withUnprocessed(answer, split.heldBack);
    }
    if (decision === 'resetAfterCommit') {
      counts.resetAfterCommit += 1;
      request.socket.destroy();
      return;
    }
    reply(response, answer);
  };

  const forward = (request: IncomingMessage, body: Buffer): Promise<WireResponse> =>
    new Promise((resolve, reject) => {
      const upstream = httpRequest(
        {
          host: resolved.targetUrl.hostname,
          port: resolved.targetUrl.port || 80,
          method: request.method,
          path: request.url,
          headers: { ...endToEnd(request.headers), 'content-length': String(body.length) },
          agent,
          timeout: resolved.upstreamTimeoutMs,
        },
        (answer) => {
          readBody(answer, resolved.maxBodyBytes).then(
            (answerBody) =>
              resolve({
                status: answer.statusCode ?? 502,
                headers: { ...endToEnd(answer.headers), 'content-length': String(answerBody.length) },
                body: answerBody,
              }),
            reject,
          );
        },
      );
      upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
      upstream.on('error', reject);
      upstream.end(body);
    });

  const server = createServer(
    { requestTimeout: 60_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 },
    (request, response) => {
      handle(request, response).catch(() => request.socket.destroy());
    },
  );
  server.maxConnections = 512;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new ListenError(resolved.port, error.code ?? error.message, { cause: error })),
    );
    server.listen(resolved.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    options: resolved,
    counts: () => ({ ...counts }),
    stop: () =>
      new Promise<void>((resolve) => {
        stopped = true;
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  }
  return kept;
}

function reply(response: ServerResponse, answer: WireResponse): void {
  response.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
  response.end(answer.body);
}

function upstreamFailure(status: 502 | 504, error: unknown): WireResponse {
  const detail = error instanceof Error ? error.message : String(error);
  const body = Buffer.from(
    JSON.stringify({
      __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
      message: `fault-proxy: the target did not answer: ${detail}`,
    }),
  );
  return dynamoDBResponse(status, body);
}

function readBody(stream: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(stream.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      stream.resume();
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stream.destroy();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
