import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FirehoseTransformationEvent } from '@org/cdc-transformer';
import type { FirehoseTransformationHandler } from '@org/cdc-transformer/lambda';
import { exampleOrder, exampleStreamRecord } from '@org/order-schema/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { FirehoseEmulator } from '../../../src/firehose/firehose-emulator';
import { realTransformationHandler } from '../../../src/firehose/transformation-handler';
import { ObjectWriter } from '../../../src/lake/object-writer';
import { SeededRandom } from '../../../src/random';
import { aShardRecord } from '../../helpers/factories';
import { errorRecords, filesUnder, jsonLines } from '../../helpers/lake-files';

const root = mkdtempSync(join(tmpdir(), 'cdc-local-firehose-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let runs = 0;

function emulator(
  handler: FirehoseTransformationHandler,
  overrides: { bufferBytes?: number; failFirst?: number } = {},
) {
  const outDir = join(root, String(runs++));
  const writer = (seed: number) =>
    new ObjectWriter({
      root: outDir,
      deliveryStreamName: 'orders-cdc',
      encoding: 'gzip',
      bufferBytes: 64 * 1024 * 1024,
      bufferIntervalMs: 900_000,
      random: new SeededRandom(seed),
    });
  const firehose = new FirehoseEmulator({
    handler,
    deliveryStreamArn: 'arn:aws:firehose:eu-west-1:000000000000:deliverystream/orders-cdc',
    sourceKinesisStreamArn: 'arn:aws:kinesis:eu-west-1:000000000000:stream/orders-changes',
    lambdaArn: 'arn:aws:lambda:eu-west-1:000000000000:function:cdc-transformer',
    region: 'eu-west-1',
    lakeTable: 'orders_changes',
    bufferBytes: overrides.bufferBytes ?? 1024 * 1024,
    bufferIntervalMs: 60_000,
    retries: 3,
    lake: writer(1),
    errors: writer(2),
    random: new SeededRandom(3),
    failFirstAttemptOfInvocation: overrides.failFirst,
  });
  return { firehose, outDir };
}

/** The JSON of `count` inserts, as an EventBridge Pipe puts them on the stream. */
function changeRecords(count: number): string[] {
  return Array.from({ length: count }, (_, index) =>
    JSON.stringify(
      exampleStreamRecord({ order: exampleOrder({ orderId: `ord-${String(index + 1).padStart(6, '0')}` }) }),
    ),
  );
}

describe('FirehoseEmulator with the real handler', () => {
  it('buffers by size, sends the real event shape and writes Ok rows by partition key', async () => {
    const handler = await realTransformationHandler();
    const events: FirehoseTransformationEvent[] = [];
    const { firehose, outDir } = emulator(
      async (event, context) => {
        events.push(structuredClone(event));
        return handler(event, context);
      },
      { bufferBytes: 200 * 1024 },
    );
    const records = changeRecords(300);
    await firehose.accept(records.map((payload, index) => aShardRecord(payload, index)));
    await firehose.finish();
    expect(events.length).toBeGreaterThan(1);
    const first = events[0]!;
    expect(first).toMatchObject({
      deliveryStreamArn: 'arn:aws:firehose:eu-west-1:000000000000:deliverystream/orders-cdc',
      sourceKinesisStreamArn: 'arn:aws:kinesis:eu-west-1:000000000000:stream/orders-changes',
      region: 'eu-west-1',
    });
    expect(first.invocationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.records[0]).toMatchObject({
      approximateArrivalTimestamp: Date.parse('2026-11-25T10:15:31.000Z'),
      kinesisRecordMetadata: { shardId: 'shardId-000000000000', partitionKey: 'ord-0', subsequenceNumber: 0 },
    });
    expect(Buffer.from(first.records[0]!.data, 'base64').toString()).toBe(records[0]);
    for (const event of events) expect(JSON.stringify(event).length).toBeLessThanOrEqual(6 * 1024 * 1024);
    expect(firehose.stats).toMatchObject({ recordsIn: 300, ok: 300, processingFailed: 0, lakeRows: 300 });
    const files = filesUnder(join(outDir, 'lake'));
    expect(files.every((file) => file.includes('/lake/orders_changes/dt=2026-11-25/hour=10/'))).toBe(true);
    const rows = files.flatMap((file) => jsonLines<{ order_id: string }>(file));
    expect(rows.map((row) => row.order_id).sort()).toEqual(
      Array.from({ length: 300 }, (_, i) => `ord-${String(i + 1).padStart(6, '0')}`),
    );
  });

  it('sends ProcessingFailed records to errors/processing-failed with their original bytes', async () => {
    const { firehose, outDir } = emulator(await realTransformationHandler());
    const garbage = Buffer.from([0x00, 0xff, 0x7b, 0x22]);
    const [good] = changeRecords(1);
    await firehose.accept([
      aShardRecord(good!, 0),
      aShardRecord(garbage, 1),
      aShardRecord('{"eventName":"UPSERT"}', 2),
    ]);
    await firehose.finish();
    const failed = errorRecords(outDir);
    expect(failed.map((r) => Buffer.from(r.rawData, 'base64'))).toEqual([
      garbage,
      Buffer.from('{"eventName":"UPSERT"}'),
    ]);
    expect(failed[0]).toMatchObject({
      attemptsMade: 1,
      errorCode: 'Lambda.ProcessingFailedStatus',
      arrivalTimestamp: Date.parse('2026-11-25T10:15:31.000Z'),
      lambdaArn: 'arn:aws:lambda:eu-west-1:000000000000:function:cdc-transformer',
    });
    expect(filesUnder(join(outDir, 'errors', 'processing-failed'))[0]).toMatch(
      /errors\/processing-failed\/2026\/11\/25\/10\/orders-cdc-1-.*\.gz$/,
    );
    expect(firehose.stats).toMatchObject({ ok: 1, processingFailed: 2 });
  });

  it('retries a failed invocation with a new invocationId and the same recordIds', async () => {
    const real = await realTransformationHandler();
    const events: FirehoseTransformationEvent[] = [];
    const { firehose } = emulator(
      async (event, context) => {
        events.push(structuredClone(event));
        return real(event, context);
      },
      { failFirst: 1 },
    );
    await firehose.accept(changeRecords(3).map((payload, index) => aShardRecord(payload, index)));
    await firehose.finish();
    expect(firehose.stats).toMatchObject({
      invocations: 1,
      attempts: 2,
      retries: 1,
      failedInvocations: 0,
      ok: 3,
    });
    expect(events).toHaveLength(1);
  });

  it.each([
    [
      'a handler that throws',
      'Lambda.FunctionError',
      (async () => {
        throw new Error('boom');
      }) as FirehoseTransformationHandler,
    ],
    [
      'a response missing a recordId',
      'Lambda.MissingRecordId',
      (async (event: FirehoseTransformationEvent) => ({
        records: event.records.slice(1).map((r) => ({ recordId: r.recordId, result: 'Ok', data: r.data })),
      })) as FirehoseTransformationHandler,
    ],
    [
      'a response with a duplicated recordId',
      'Lambda.DuplicatedRecordId',
      (async (event: FirehoseTransformationEvent) => ({
        records: [...event.records, event.records[0]!].map((r) => ({
          recordId: r.recordId,
          result: 'Ok',
          data: r.data,
        })),
      })) as FirehoseTransformationHandler,
    ],
  ])('after 3 retries of %s, writes the whole batch to the error prefix', async (_, errorCode, handler) => {
    let calls = 0;
    const { firehose, outDir } = emulator(async (event, context) => {
      calls++;
      return handler(event, context);
    });
    const records = changeRecords(2);
    await firehose.accept(records.map((payload, index) => aShardRecord(payload, index)));
    await firehose.finish();
    expect(calls).toBe(4);
    expect(firehose.stats).toMatchObject({
      attempts: 4,
      retries: 3,
      failedInvocations: 1,
      processingFailed: 2,
      ok: 0,
    });
    const failed = errorRecords(outDir);
    expect(failed.map((r) => Buffer.from(r.rawData, 'base64').toString())).toEqual(records);
    for (const record of failed) expect(record).toMatchObject({ attemptsMade: 4, errorCode });
  });
});
