import type { FirehoseTransformationEvent } from '@org/cdc-transformer';
import { exampleOrder, exampleStreamRecord } from '@org/order-schema/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type HandlerRuntime,
  startHandlerPool,
  startTransformationHandler,
} from '../../../src/firehose/handler-pool';
import { lambdaContext } from '../../../src/firehose/lambda-context';
import { realTransformationHandler } from '../../../src/firehose/transformation-handler';

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:000000000000:function:cdc-transformer';

/** A transformation event carrying `count` inserts and one record that is no change record. */
function anEvent(count: number, invocation: number): FirehoseTransformationEvent {
  const inserts = Array.from({ length: count }, (_, index) =>
    exampleStreamRecord({ order: exampleOrder({ orderId: `ord-${invocation}-${index}` }) }),
  );
  const payloads = [...inserts.map((record) => JSON.stringify(record)), 'not a change record'];
  return {
    invocationId: `00000000-0000-4000-8000-${String(invocation).padStart(12, '0')}`,
    deliveryStreamArn: 'arn:aws:firehose:eu-west-1:000000000000:deliverystream/orders-cdc',
    sourceKinesisStreamArn: 'arn:aws:kinesis:eu-west-1:000000000000:stream/orders-changes',
    region: 'eu-west-1',
    records: payloads.map((payload, index) => ({
      recordId: `${invocation}-${index}`,
      approximateArrivalTimestamp: Date.parse('2026-11-25T10:15:31.000Z'),
      data: Buffer.from(payload).toString('base64'),
    })),
  };
}

const context = (requestId: string) => lambdaContext(FUNCTION_ARN, requestId);
let running: HandlerRuntime | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('the handler on worker threads', () => {
  it('answers each invocation as the handler in this thread does, and counts its time', async () => {
    const pool = startHandlerPool(2);
    running = pool;
    const real = await realTransformationHandler();
    const events = [1, 2, 3, 4].map((invocation) => anEvent(5, invocation));
    const answers = await Promise.all(
      events.map((event, index) => pool.handler(event, context(`r-${index}`))),
    );
    for (const [index, event] of events.entries()) {
      expect(answers[index]).toEqual(await real(event, context(`r-${index}`)));
      expect(answers[index]!.records.map((record) => record.result)).toEqual([
        ...Array(5).fill('Ok'),
        'ProcessingFailed',
      ]);
    }
    expect(pool.busyMs()).toBeGreaterThan(0);
  });

  it("rejects an invocation with the handler's error, and keeps answering the next ones", async () => {
    const pool = startHandlerPool(1);
    running = pool;
    const malformed = { invocationId: 'x', records: 'none' } as unknown as FirehoseTransformationEvent;
    await expect(pool.handler(malformed, context('bad'))).rejects.toThrow(/records/);
    const answer = await pool.handler(anEvent(1, 9), context('good'));
    expect(answer.records.map((record) => record.result)).toEqual(['Ok', 'ProcessingFailed']);
  });
});

describe('startTransformationHandler', () => {
  it('runs a given handler in this thread, timed', async () => {
    const seen: string[] = [];
    const runtime = await startTransformationHandler({
      handlerThreads: 0,
      handler: async (event) => {
        seen.push(event.invocationId);
        return { records: [] };
      },
    });
    running = runtime;
    const event = anEvent(1, 1);
    expect(await runtime.handler(event, context('a'))).toEqual({ records: [] });
    expect(seen).toEqual([event.invocationId]);
    expect(runtime.busyMs()).toBeGreaterThanOrEqual(0);
  });

  it('runs the real handler in this thread with 0 threads', async () => {
    const runtime = await startTransformationHandler({ handlerThreads: 0 });
    running = runtime;
    const answer = await runtime.handler(anEvent(2, 1), context('a'));
    expect(answer.records.map((record) => record.result)).toEqual(['Ok', 'Ok', 'ProcessingFailed']);
  });
});
