import { gzipSync } from 'node:zlib';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runReplayErrors } from '../../src/commands/replay-errors';
import { parseErrorObject, partitionKeyOf } from '../../src/error-records';
import { describeStacksResponse, recordingReporter, STACK, stackOutputs } from '../helpers/outputs';

const cloudFormation = mockClient(CloudFormationClient);
const kinesis = mockClient(KinesisClient);
const s3 = mockClient(S3Client);

/** A change record as the Pipe forwards it, for order `orderId`. */
const changeRecord = (orderId: string) =>
  JSON.stringify({
    eventID: `ev-${orderId}`,
    eventName: 'INSERT',
    dynamodb: {
      ApproximateCreationDateTime: 1795601730,
      Keys: { orderId: { S: orderId } },
      SequenceNumber: '1',
    },
  });
/** Firehose's error output line for a record the transformer marked ProcessingFailed. */
const errorLine = (data: string) =>
  JSON.stringify({
    attemptsMade: 1,
    arrivalTimestamp: 1795601730123,
    errorCode: 'Lambda.ProcessingFailedStatus',
    errorMessage: 'ProcessingFailed',
    attemptEndingTimestamp: 1795601790123,
    rawData: Buffer.from(data).toString('base64'),
    lambdaARN: 'arn:aws:lambda:eu-west-1:123456789012:function:transformer:$LATEST',
  });

const OBJECTS: Record<string, Uint8Array> = {
  // Newline-separated, as Firehose writes it.
  'errors/processing-failed/2026/11/25/10/a': Buffer.from(
    `${errorLine(changeRecord('ord-1'))}\n${errorLine(changeRecord('ord-2'))}\n`,
  ),
  // Gzipped (the JSON format compresses its error output too), objects back to back.
  'errors/processing-failed/2026/11/25/11/b': gzipSync(
    `${errorLine(changeRecord('ord-3'))}${errorLine('not json {')}`,
  ),
};
const body = (bytes: Uint8Array) => ({ transformToByteArray: async () => bytes }) as never;

const clients = () => ({
  cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
  kinesis: new KinesisClient({ region: 'eu-west-1' }),
  s3: new S3Client({ region: 'eu-west-1' }),
});

beforeEach(() => {
  for (const mock of [cloudFormation, kinesis, s3]) mock.reset();
  cloudFormation.on(DescribeStacksCommand).resolves(describeStacksResponse(stackOutputs()));
  const [first, second] = Object.keys(OBJECTS);
  s3.on(ListObjectsV2Command)
    .resolvesOnce({ Contents: [{ Key: first }], IsTruncated: true, NextContinuationToken: 'next' })
    .resolves({ Contents: [{ Key: second }], IsTruncated: false });
  for (const [key, bytes] of Object.entries(OBJECTS))
    s3.on(GetObjectCommand, { Key: key }).resolves({ Body: body(bytes) });
  s3.on(CopyObjectCommand).resolves({});
  s3.on(DeleteObjectCommand).resolves({});
});

describe('parseErrorObject and partitionKeyOf', () => {
  it('reads newline-separated, back-to-back and gzipped error records, braces in strings included', () => {
    const tricky = errorLine('{"a":"}{"}');
    expect(parseErrorObject(Buffer.from(`${tricky}${tricky}\n`)).map((record) => record.rawData)).toEqual([
      Buffer.from('{"a":"}{"}').toString('base64'),
      Buffer.from('{"a":"}{"}').toString('base64'),
    ]);
    expect(parseErrorObject(OBJECTS['errors/processing-failed/2026/11/25/11/b']!)).toHaveLength(2);
    expect(parseErrorObject(Buffer.from(''))).toEqual([]);
  });

  it('keys a change record by its orderId and anything else by a digest', () => {
    expect(partitionKeyOf(Buffer.from(changeRecord('ord-42')))).toBe('ord-42');
    expect(partitionKeyOf(Buffer.from('not json'))).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('replay-errors', () => {
  it('sends every processing-failed record back to the change stream with its order id, retrying refused ones', async () => {
    kinesis
      .on(PutRecordsCommand)
      .resolvesOnce({
        FailedRecordCount: 1,
        Records: [
          { SequenceNumber: '1', ShardId: 's' },
          { ErrorCode: 'ProvisionedThroughputExceededException' },
        ],
      })
      .resolves({
        FailedRecordCount: 0,
        Records: [
          { SequenceNumber: '2', ShardId: 's' },
          { SequenceNumber: '3', ShardId: 's' },
        ],
      });
    const sleeps: number[] = [];
    const recorded = recordingReporter();
    const report = await runReplayErrors(
      clients(),
      { stackName: STACK, dryRun: false, archive: true, sleep: async (ms) => void sleeps.push(ms) },
      recorded.reporter,
    );
    expect(report).toEqual({
      stackName: STACK,
      prefix: 'errors/processing-failed/',
      dryRun: false,
      objects: 2,
      records: 4,
      replayed: 4,
      failed: 0,
      archived: 2,
    });
    expect(s3.commandCalls(ListObjectsV2Command)[0]!.args[0].input).toEqual({
      Bucket: 'cdcsales-test-lake',
      Prefix: 'errors/processing-failed/',
      ContinuationToken: undefined,
    });
    const puts = kinesis.commandCalls(PutRecordsCommand).map((call) => call.args[0].input);
    expect(puts[0]!.StreamName).toBe('CdcSales-test-ChangeStream');
    expect(puts[0]!.Records!.map((record) => record.PartitionKey)).toEqual(['ord-1', 'ord-2']);
    // The refused record is sent again, alone, after a pause.
    expect(puts[1]!.Records!.map((record) => record.PartitionKey)).toEqual(['ord-2']);
    expect(Buffer.from(puts[1]!.Records![0]!.Data!).toString()).toBe(changeRecord('ord-2'));
    expect(sleeps).toHaveLength(1);
    expect(s3.commandCalls(CopyObjectCommand).map((call) => call.args[0].input.Key)).toEqual([
      'errors/replayed/processing-failed/2026/11/25/10/a',
      'errors/replayed/processing-failed/2026/11/25/11/b',
    ]);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(2);
  });

  it('keeps an object whose records Kinesis kept refusing, and counts them as failed', async () => {
    kinesis.on(PutRecordsCommand).resolves({
      FailedRecordCount: 2,
      Records: [{ ErrorCode: 'InternalFailure' }, { ErrorCode: 'InternalFailure' }],
    });
    const report = await runReplayErrors(
      clients(),
      { stackName: STACK, dryRun: false, archive: true, maxAttempts: 2, sleep: async () => {} },
      recordingReporter().reporter,
    );
    expect(report.failed).toBe(4);
    expect(report.replayed).toBe(0);
    expect(report.archived).toBe(0);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
  });

  it('only counts in a dry run, and limits the listing to one day', async () => {
    const report = await runReplayErrors(
      clients(),
      { stackName: STACK, day: '2026-11-25', dryRun: true, archive: true },
      recordingReporter().reporter,
    );
    expect(report).toMatchObject({
      prefix: 'errors/processing-failed/2026/11/25/',
      objects: 2,
      records: 4,
      replayed: 0,
    });
    expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(0);
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
  });
});
