import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { KinesisClient, PutRecordsCommand, type PutRecordsCommandInput } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { snapshotEventId } from '@org/cdc-transformer';
import { type AttributeMap, SnapshotChangeRecordSchema } from '@org/order-schema';
import { exampleOrder, storedImage } from '@org/order-schema/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PUT_RECORDS_MAX_BYTES,
  PUT_RECORDS_MAX_ENTRIES,
  SnapshotWriter,
} from '../../src/backfill-handler/snapshot-writer';
import { writeExportFile } from '../../src/backfill-handler/write-export-file';
import { type ExportFileTask, ExportFileUnreadableError, StreamWriteError } from '../../src/index';

const s3 = mockClient(S3Client);
const kinesis = mockClient(KinesisClient);
beforeEach(() => {
  s3.reset();
  kinesis.reset();
});
afterEach(() => {
  s3.reset();
  kinesis.reset();
});

const BUCKET = 'sales-lake';
const STREAM_ARN = 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders-changes';
const EXPORT_ID = '01795600000000-2d8752fd';
const KEY = `exports/AWSDynamoDB/${EXPORT_ID}/data/bafybeiczss3yxay3o4abnabbb.json.gz`;
const TASK: ExportFileTask = {
  dataFileS3Key: KEY,
  exportId: EXPORT_ID,
  exportTime: '2026-11-25T10:00:00.000Z',
};

const item = (n: number, extra: AttributeMap = {}) =>
  storedImage(exampleOrder({ orderId: `ord-${String(n).padStart(6, '0')}`, version: (n % 5) + 1 }), extra);
/** An export data file as DynamoDB writes it: gzip of `{"Item": …}` lines. */
const exportFile = (lines: string[]) => gzipSync(`${lines.join('\n')}\n`);
const itemLines = (count: number, extra: AttributeMap = {}) =>
  Array.from({ length: count }, (_, index) => JSON.stringify({ Item: item(index + 1, extra) }));

function serveFile(bytes: Buffer, chunk = 1024) {
  s3.on(GetObjectCommand, { Bucket: BUCKET, Key: KEY }).callsFake(() => {
    const chunks = Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, index) =>
      bytes.subarray(index * chunk, (index + 1) * chunk),
    );
    return { Body: Readable.from(chunks) };
  });
}

/** Every PutRecords call's entries, decoded. */
function putCalls() {
  return kinesis.commandCalls(PutRecordsCommand).map((call) => {
    const input = call.args[0].input as PutRecordsCommandInput;
    return {
      streamArn: input.StreamARN,
      entries: (input.Records ?? []).map((entry) => ({
        partitionKey: entry.PartitionKey!,
        record: JSON.parse(Buffer.from(entry.Data!).toString('utf8')),
        bytes: entry.Data!.length + Buffer.byteLength(entry.PartitionKey!),
      })),
    };
  });
}

/** A writer and deps whose clock and sleeps are recorded, never waited on. */
function setup(
  options: {
    remainingMs?: () => number;
    maxAttempts?: number;
    recordsPerSecond?: number;
    mayWait?: (ms: number) => boolean;
  } = {},
) {
  let clock = 0;
  const sleeps: number[] = [];
  const logs: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const writer = new SnapshotWriter({
    client: new KinesisClient({ region: 'eu-west-1' }),
    streamArn: STREAM_ARN,
    maxAttempts: options.maxAttempts,
    mayWait: options.mayWait,
    recordsPerSecond: options.recordsPerSecond,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    random: () => 1,
  });
  const deps = {
    s3: new S3Client({ region: 'eu-west-1' }),
    writer,
    bucket: BUCKET,
    streamArn: STREAM_ARN,
    tableName: 'OrdersRawTable',
    remainingMs: options.remainingMs ?? (() => 600_000),
    stopWhenRemainingMs: 180_000,
    log: (level: 'info' | 'warn', message: string, fields: Record<string, unknown>) =>
      logs.push({ level, message, fields }),
  };
  return { writer, deps, sleeps, logs };
}

const allWritten = () =>
  kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => ({
    FailedRecordCount: 0,
    Records: (input.Records ?? []).map((_, index) => ({
      SequenceNumber: String(index),
      ShardId: 'shardId-0',
    })),
  }));

describe('writeExportFile', () => {
  it('writes every item of the file as a snapshot record keyed by its order id, in batches of at most 500', async () => {
    serveFile(exportFile(itemLines(1_203)));
    allWritten();
    const { deps } = setup();
    const result = await writeExportFile(TASK, deps);

    expect(result).toMatchObject({
      ...TASK,
      complete: true,
      afterLine: 1_203,
      totals: { itemsRead: 1_203, recordsWritten: 1_203, retries: 0, failedEntries: 0, badLines: 0 },
    });
    const calls = putCalls();
    expect(calls.map((call) => call.entries.length)).toEqual([500, 500, 203]);
    expect(new Set(calls.map((call) => call.streamArn))).toEqual(new Set([STREAM_ARN]));
    const entries = calls.flatMap((call) => call.entries);
    expect(entries.map((entry) => entry.partitionKey)).toEqual(
      Array.from({ length: 1_203 }, (_, index) => `ord-${String(index + 1).padStart(6, '0')}`),
    );
    for (const { record, partitionKey } of entries.slice(0, 50)) {
      const snapshot = SnapshotChangeRecordSchema.parse(record);
      expect(snapshot.dynamodb.Keys).toEqual({ orderId: { S: partitionKey } });
      expect(snapshot.eventID).toBe(
        snapshotEventId(
          EXPORT_ID,
          partitionKey,
          Number((snapshot.dynamodb.NewImage['version'] as { N: string }).N),
        ),
      );
      expect(snapshot.dynamodb.ApproximateCreationDateTime).toBe(Date.parse(TASK.exportTime));
    }
  });

  it('keeps every PutRecords request within 5 MiB, partition keys included', async () => {
    // ~300 KB items: a batch fills by bytes long before 500 records.
    serveFile(exportFile(itemLines(40, { note: { S: 'x'.repeat(300_000) } })));
    allWritten();
    const result = await writeExportFile(TASK, setup().deps);
    const calls = putCalls();
    expect(calls.length).toBeGreaterThan(2);
    for (const call of calls) {
      expect(call.entries.reduce((sum, entry) => sum + entry.bytes, 0)).toBeLessThanOrEqual(
        PUT_RECORDS_MAX_BYTES,
      );
      expect(call.entries.length).toBeLessThanOrEqual(PUT_RECORDS_MAX_ENTRIES);
    }
    expect(result.totals.recordsWritten).toBe(40);
  });

  it('counts bad lines and unusable items, logs why (never the line), and writes the rest', async () => {
    const lines = itemLines(3);
    const noVersion = item(9);
    delete noVersion['version'];
    serveFile(
      exportFile([
        lines[0]!,
        '{"Item":{"customerEmail":{"S":"ada@example.com"}',
        JSON.stringify({ Item: noVersion }),
        lines[1]!,
        'null',
        lines[2]!,
      ]),
    );
    allWritten();
    const { deps, logs } = setup();
    const result = await writeExportFile(TASK, deps);
    expect(result.totals).toMatchObject({ itemsRead: 3, recordsWritten: 3, badLines: 3 });
    const warnings = logs.filter((log) => log.message === 'bad line').map((log) => log.fields);
    expect(warnings).toEqual([
      { key: KEY, line: 2, reason: 'not JSON' },
      { key: KEY, line: 3, reason: expect.stringContaining('Item.version: expected') },
      { key: KEY, line: 5, reason: 'not an object with an "Item" attribute map' },
    ]);
    expect(JSON.stringify(logs)).not.toContain('ada@example.com');
  });

  it('sends again only the entries Kinesis refused, with backoff, until every one is written', async () => {
    serveFile(exportFile(itemLines(10)));
    let call = 0;
    kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => {
      call++;
      const records = input.Records ?? [];
      // First call: entries 2, 5 and 7 throttled and 8 an internal failure; second: the first of those again.
      const refuse = (index: number) =>
        call === 1 ? [2, 5, 7, 8].includes(index) : call === 2 ? index === 0 : false;
      return {
        FailedRecordCount: records.filter((_, index) => refuse(index)).length,
        Records: records.map((_, index) =>
          refuse(index)
            ? {
                ErrorCode: index === 8 ? 'InternalFailure' : 'ProvisionedThroughputExceededException',
                ErrorMessage: 'Rate exceeded for shard shardId-000000000001',
              }
            : { SequenceNumber: `${call}${index}`, ShardId: 'shardId-000000000001' },
        ),
      };
    });
    const { deps, sleeps } = setup();
    const result = await writeExportFile(TASK, deps);
    const calls = putCalls();
    expect(calls.map((c) => c.entries.map((entry) => entry.partitionKey))).toEqual([
      itemLines(10).map((_, index) => `ord-${String(index + 1).padStart(6, '0')}`),
      ['ord-000003', 'ord-000006', 'ord-000008', 'ord-000009'],
      ['ord-000003'],
    ]);
    expect(result.totals).toMatchObject({ itemsRead: 10, recordsWritten: 10, retries: 5, failedEntries: 0 });
    expect(sleeps).toEqual([100, 200]);
  });

  it('retries a throttled call as a whole and, out of attempts, stops where the file must go on', async () => {
    serveFile(exportFile(itemLines(4)));
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ProvisionedThroughputExceededException',
    });
    kinesis.on(PutRecordsCommand).rejects(throttled);
    const { deps, sleeps, logs } = setup({ maxAttempts: 4 });
    const result = await writeExportFile(TASK, deps);
    expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(4);
    expect(sleeps).toEqual([100, 200, 400]);
    // Nothing is given up on: the next invocation starts again at line 1.
    expect(result).toMatchObject({
      complete: false,
      afterLine: 0,
      stalledInvocations: 1,
      totals: { itemsRead: 0, recordsWritten: 0, retries: 12, failedEntries: 0 },
    });
    expect(logs.at(-1)?.fields['failureCodes']).toEqual({ ProvisionedThroughputExceededException: 16 });
  });

  it('fails the file, naming it, after three invocations in a row that wrote nothing', async () => {
    serveFile(exportFile(itemLines(4)));
    kinesis
      .on(PutRecordsCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' }));
    const second = await writeExportFile(
      await writeExportFile(TASK, setup({ maxAttempts: 2 }).deps),
      setup({ maxAttempts: 2 }).deps,
    );
    expect(second).toMatchObject({ complete: false, afterLine: 0, stalledInvocations: 2 });
    const third = writeExportFile(second, setup({ maxAttempts: 2 }).deps);
    await expect(third).rejects.toThrow(StreamWriteError);
    await expect(writeExportFile(second, setup({ maxAttempts: 2 }).deps)).rejects.toThrow(
      `${KEY}: no record written from line 1 in 3 invocations (ProvisionedThroughputExceededException ×8)`,
    );
  });

  it('when time runs out with entries refused, goes on from the first of them next time, counting nothing twice', async () => {
    serveFile(exportFile(itemLines(1_203)));
    let call = 0;
    // The second batch (lines 501-1000) keeps lines 503 and 507 refused for the whole first invocation.
    kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => {
      call++;
      const records = input.Records ?? [];
      const refuse = (key: string) => call <= 3 && ['ord-000503', 'ord-000507'].includes(key);
      return {
        FailedRecordCount: records.filter((entry) => refuse(entry.PartitionKey!)).length,
        Records: records.map((entry, index) =>
          refuse(entry.PartitionKey!)
            ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded' }
            : { SequenceNumber: `${call}-${index}`, ShardId: 'shardId-000000000000' },
        ),
      };
    });
    let waits = 0;
    const first = await writeExportFile(TASK, setup({ mayWait: () => ++waits < 2 }).deps);
    expect(first).toMatchObject({
      complete: false,
      afterLine: 502,
      totals: { itemsRead: 502, recordsWritten: 502, retries: 2, failedEntries: 0 },
    });
    const second = await writeExportFile(first, setup().deps);
    expect(second).toMatchObject({
      complete: true,
      afterLine: 1_203,
      totals: { itemsRead: 1_203, recordsWritten: 1_203, failedEntries: 0 },
    });
    const written = new Set(
      kinesis.commandCalls(PutRecordsCommand).flatMap((c) => {
        const input = c.args[0].input as PutRecordsCommandInput;
        return (input.Records ?? []).map((entry) => entry.PartitionKey!);
      }),
    );
    expect(written.size).toBe(1_203);
  });

  it('counts a record over the 1 MiB Kinesis limit as a failed entry and writes the rest', async () => {
    const huge = JSON.stringify({ Item: item(2, { note: { S: 'x'.repeat(1_100_000) } }) });
    const lines = itemLines(3);
    serveFile(exportFile([lines[0]!, huge, lines[2]!]));
    allWritten();
    const result = await writeExportFile(TASK, setup().deps);
    expect(result.totals).toMatchObject({ itemsRead: 3, recordsWritten: 2, failedEntries: 1 });
    expect(putCalls().flatMap((c) => c.entries.map((entry) => entry.partitionKey))).toEqual([
      'ord-000001',
      'ord-000003',
    ]);
  });

  it('stops at a refusal no retry cures, naming the stream', async () => {
    serveFile(exportFile(itemLines(4)));
    kinesis.on(PutRecordsCommand).rejects(
      Object.assign(new Error('not authorized to perform kinesis:PutRecords'), {
        name: 'AccessDeniedException',
      }),
    );
    const write = writeExportFile(TASK, setup().deps);
    await expect(write).rejects.toThrow(StreamWriteError);
    await expect(writeExportFile(TASK, setup().deps)).rejects.toThrow(
      `cannot write to ${STREAM_ARN}: AccessDeniedException: not authorized`,
    );
  });

  it.each([
    [
      'a file that is not there',
      () =>
        s3
          .on(GetObjectCommand)
          .rejects(Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' })),
      'NoSuchKey',
    ],
    ['a file that is not gzip', () => serveFile(Buffer.from('{"Item":{}}\n')), 'incorrect header check'],
    [
      'a file cut short',
      () => serveFile(exportFile(itemLines(50)).subarray(0, 300)),
      'unexpected end of file',
    ],
  ])('reports %s by its name', async (_, serve, reason) => {
    serve();
    allWritten();
    const write = writeExportFile(TASK, setup().deps);
    await expect(write).rejects.toThrow(ExportFileUnreadableError);
    await expect(writeExportFile(TASK, setup().deps)).rejects.toThrow(
      `s3://${BUCKET}/${KEY} cannot be read: `,
    );
    await expect(writeExportFile(TASK, setup().deps)).rejects.toThrow(reason);
  });

  it('stops near the end of its time and goes on from there in the next invocation, sending nothing twice', async () => {
    serveFile(exportFile(itemLines(1_100)));
    allWritten();
    let checks = 0;
    // Time runs out after the 700th item of the first invocation.
    const first = await writeExportFile(
      TASK,
      setup({ remainingMs: () => (++checks >= 700 ? 1_000 : 600_000) }).deps,
    );
    expect(first).toMatchObject({
      complete: false,
      afterLine: 700,
      totals: { itemsRead: 700, recordsWritten: 700 },
    });
    const second = await writeExportFile(first, setup().deps);
    expect(second).toMatchObject({
      complete: true,
      afterLine: 1_100,
      totals: { itemsRead: 1_100, recordsWritten: 1_100, retries: 0, failedEntries: 0, badLines: 0 },
    });
    const keys = putCalls().flatMap((call) => call.entries.map((entry) => entry.partitionKey));
    expect(keys).toHaveLength(1_100);
    expect(new Set(keys).size).toBe(1_100);
  });

  it('paces its writes to its share of the stream budget', async () => {
    serveFile(exportFile(itemLines(1_500)));
    allWritten();
    const { deps, sleeps } = setup({ recordsPerSecond: 250 });
    await writeExportFile(TASK, deps);
    // Three batches of 500 at 250 records/s: the second waits 2 s, the third 2 s more.
    expect(sleeps).toEqual([2_000, 2_000]);
  });
});
