import { crc32 } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FAULTS_PATH,
  type FaultProxy,
  type FaultProxyOptions,
  InvalidOptionError,
  ListenError,
  startFaultProxy,
} from '../../src/index';
import { getJson, post, startFakeTarget } from '../helpers/http';

let target: Awaited<ReturnType<typeof startFakeTarget>>;
let proxy: FaultProxy | undefined;

beforeAll(async () => {
  target = await startFakeTarget();
});

afterAll(async () => {
  await target.stop();
});

afterEach(async () => {
  await proxy?.stop();
  proxy = undefined;
  target.received.length = 0;
});

async function start(options: Omit<FaultProxyOptions, 'target'>): Promise<FaultProxy> {
  proxy = await startFaultProxy({ target: target.url, ...options });
  return proxy;
}

const item = (id: number) => ({ PutRequest: { Item: { orderId: { S: `ord-${id}` }, version: { N: '1' } } } });
const batch = (count: number) => ({
  RequestItems: { Orders: Array.from({ length: count }, (_, index) => item(index + 1)) },
});

describe('startFaultProxy', () => {
  it('listens on 127.0.0.1 only and forwards a request and its answer untouched when no fault is set', async () => {
    const { url, port } = await start({});
    expect(url).toBe(`http://127.0.0.1:${port}`);
    const answer = await post(url, 'PutItem', { TableName: 'Orders', Item: item(1).PutRequest.Item });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-amzn-requestid']).toBe('target-request-id');
    expect(target.received).toHaveLength(1);
    expect(JSON.parse(target.received[0]!.body)).toEqual({
      TableName: 'Orders',
      Item: item(1).PutRequest.Item,
    });
    expect(target.received[0]!.headers['x-amz-target']).toBe('DynamoDB_20120810.PutItem');
    expect(proxy!.counts()).toMatchObject({ requests: 1, forwarded: 1, throttle: 0, resetAfterCommit: 0 });
  });

  it('--throttle answers 400 ProvisionedThroughputExceededException or ThrottlingException without forwarding', async () => {
    const { url } = await start({ throttle: 1 });
    const answers = await Promise.all(Array.from({ length: 40 }, () => post(url, 'PutItem', {})));
    const types = answers.map((answer) => JSON.parse(answer.body).__type as string);
    expect(answers.every((answer) => answer.status === 400)).toBe(true);
    expect(answers.every((answer) => answer.headers['content-type'] === 'application/x-amz-json-1.0')).toBe(
      true,
    );
    expect(new Set(types)).toEqual(
      new Set([
        'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
        'com.amazon.coral.availability#ThrottlingException',
      ]),
    );
    expect(target.received).toHaveLength(0);
    const counts = proxy!.counts();
    expect(counts).toMatchObject({ requests: 40, forwarded: 0, throttle: 40 });
    expect(counts.throttlingException).toBe(
      types.filter((type) => type.endsWith('#ThrottlingException')).length,
    );
  });

  it('--error-5xx answers 500 InternalServerError without forwarding', async () => {
    const { url } = await start({ error5xx: 1 });
    const answer = await post(url, 'PutItem', {});
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body).__type).toBe('com.amazonaws.dynamodb.v20120810#InternalServerError');
    expect(answer.headers['x-amz-crc32']).toBe(String(crc32(Buffer.from(answer.body))));
    expect(target.received).toHaveLength(0);
    expect(proxy!.counts()).toMatchObject({ requests: 1, error5xx: 1, forwarded: 0 });
  });

  it('--reset-before drops the connection and the target never sees the request', async () => {
    const { url } = await start({ resetBefore: 1 });
    await expect(post(url, 'PutItem', {})).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(target.received).toHaveLength(0);
    expect(proxy!.counts()).toMatchObject({ requests: 1, resetBefore: 1, forwarded: 0 });
  });

  it('--reset-after-commit forwards, lets the target answer, then drops the connection', async () => {
    const { url } = await start({ resetAfterCommit: 1 });
    await expect(post(url, 'PutItem', { TableName: 'Orders' })).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    expect(target.received.map((request) => request.operation)).toEqual(['PutItem']);
    expect(proxy!.counts()).toMatchObject({ requests: 1, forwarded: 1, resetAfterCommit: 1 });
  });

  it('--unprocessed forwards part of a BatchWriteItem and returns the rest as UnprocessedItems', async () => {
    const { url } = await start({ unprocessed: 1 });
    const sent = batch(25);
    const answer = await post(url, 'BatchWriteItem', { ...sent, ReturnConsumedCapacity: 'NONE' });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-amz-crc32']).toBe(String(crc32(Buffer.from(answer.body))));
    expect(answer.headers['x-amzn-requestid']).toBe('target-request-id');
    const forwarded = JSON.parse(target.received[0]!.body);
    expect(forwarded.ReturnConsumedCapacity).toBe('NONE');
    const reached = forwarded.RequestItems.Orders as unknown[];
    const left = JSON.parse(answer.body).UnprocessedItems.Orders as unknown[];
    expect(reached.length).toBeGreaterThan(0);
    expect(left.length).toBeGreaterThan(0);
    // Every write exactly once: either it reached the target or it came back unprocessed.
    expect([...reached, ...left].map((w) => JSON.stringify(w)).sort()).toEqual(
      sent.RequestItems.Orders.map((w) => JSON.stringify(w)).sort(),
    );
    expect(proxy!.counts()).toMatchObject({ unprocessed: 1, unprocessedItems: left.length });
  });

  it('--unprocessed keeps the target’s own unprocessed writes, and leaves other operations and single writes alone', async () => {
    await target.stop();
    const own = item(99);
    target = await startFakeTarget((request) =>
      request.operation === 'BatchWriteItem' ? { UnprocessedItems: { Orders: [own] } } : { Attributes: {} },
    );
    const { url } = await start({ unprocessed: 1 });
    const answer = JSON.parse((await post(url, 'BatchWriteItem', batch(3))).body);
    expect(answer.UnprocessedItems.Orders).toContainEqual(own);
    expect(answer.UnprocessedItems.Orders.length).toBeGreaterThan(1);
    expect(JSON.parse((await post(url, 'BatchWriteItem', batch(1))).body)).toEqual({
      UnprocessedItems: { Orders: [own] },
    });
    expect(JSON.parse((await post(url, 'PutItem', {})).body)).toEqual({ Attributes: {} });
    expect(proxy!.counts()).toMatchObject({ requests: 3, forwarded: 3, unprocessed: 1 });
  });

  it('--latency-ms delays every request, and the decisions follow the seed', async () => {
    const run = async (seed: string) => {
      const { url } = await start({ seed, latencyMs: 2, latencyJitterMs: 1, throttle: 0.3, error5xx: 0.3 });
      // One after the other, so that the requests reach the proxy in the same order every time.
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await post(url, 'PutItem', {})).status);
      const counts = proxy!.counts();
      await proxy!.stop();
      proxy = undefined;
      return { statuses, counts };
    };
    const first = await run('a');
    expect(first.counts.latency).toBe(30);
    expect(first.counts.throttle).toBeGreaterThan(0);
    expect(first.counts.error5xx).toBeGreaterThan(0);
    expect(await run('a')).toEqual(first);
    expect((await run('b')).statuses).not.toEqual(first.statuses);
  });

  it('gives the n-th request of an operation the same decision however requests of other operations interleave', async () => {
    const run = async (operations: readonly string[]) => {
      const { url } = await start({ seed: 'interleaved', throttle: 0.5 });
      const statuses = new Map<string, number[]>();
      for (const operation of operations) {
        const status = (await post(url, operation, {})).status;
        statuses.set(operation, [...(statuses.get(operation) ?? []), status]);
      }
      await proxy!.stop();
      proxy = undefined;
      return statuses;
    };
    const puts = Array.from({ length: 12 }, () => 'PutItem');
    const deletes = Array.from({ length: 12 }, () => 'DeleteItem');
    const apart = await run([...puts, ...deletes]);
    const mixed = await run(puts.flatMap((put, index) => [put, deletes[index]!]));
    expect(mixed).toEqual(apart);
    expect(apart.get('PutItem')).toContain(400);
    expect(apart.get('PutItem')).toContain(200);
  });

  it('answers its counts at GET /__faults without counting that request', async () => {
    const { url } = await start({ throttle: 1 });
    await post(url, 'PutItem', {});
    expect(await getJson(`${url}${FAULTS_PATH}`)).toMatchObject({ requests: 1, throttle: 1 });
  });

  it('refuses a body over maxBodyBytes with 413, without forwarding it', async () => {
    const { url } = await start({ maxBodyBytes: 1_000 });
    const answer = await post(url, 'PutItem', 'x'.repeat(1_001));
    expect(answer.status).toBe(413);
    expect(target.received).toHaveLength(0);
    expect(proxy!.counts()).toMatchObject({ requests: 1, rejected: 1 });
  });

  it('answers 502 when the target is unreachable', async () => {
    proxy = await startFaultProxy({ target: 'http://127.0.0.1:9' });
    const answer = await post(proxy.url, 'PutItem', {});
    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.body).message).toMatch(
      /^fault-proxy: the target did not answer: .*ECONNREFUSED/,
    );
    expect(proxy.counts()).toMatchObject({ requests: 1, forwarded: 0, upstreamErrors: 1 });
  });

  it.each([
    [
      { target: 'localhost:8000' },
      'invalid target: expected an http URL such as http://127.0.0.1:8000, got "localhost:8000"',
    ],
    [{ target: 'https://dynamodb.eu-west-1.amazonaws.com' }, 'invalid target: expected an http URL'],
    [
      { target: 'http://127.0.0.1:8000', throttle: 1.5 },
      'invalid throttle: expected a probability from 0 to 1',
    ],
    [
      { target: 'http://127.0.0.1:8000', throttle: 0.6, resetAfterCommit: 0.5 },
      'invalid throttle + error5xx + resetBefore + resetAfterCommit: expected a sum of at most 1',
    ],
    [
      { target: 'http://127.0.0.1:8000', port: 70_000 },
      'invalid port: expected a whole number from 0 to 65535',
    ],
  ])('refuses %o', async (options, message) => {
    await expect(startFaultProxy(options)).rejects.toThrow(InvalidOptionError);
    await expect(startFaultProxy(options)).rejects.toThrow(message);
  });

  it('names a port that is taken', async () => {
    const { port } = await start({});
    await expect(startFaultProxy({ target: target.url, port })).rejects.toThrow(ListenError);
    await expect(startFaultProxy({ target: target.url, port })).rejects.toThrow(
      `cannot listen on 127.0.0.1:${port}: EADDRINUSE`,
    );
  });
});
