import { gzipSync } from 'node:zlib';
import { AthenaClient, GetTableMetadataCommand } from '@aws-sdk/client-athena';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import {
  DescribeStreamSummaryCommand,
  KinesisClient,
  PutRecordsCommand,
  type PutRecordsCommandInput,
} from '@aws-sdk/client-kinesis';
import { CopyObjectCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runReplayErrors } from '../../src/commands/replay-errors';
import { runStatus } from '../../src/commands/status';
import { parseErrorObject, partitionKeyOf } from '../../src/error-records';
import { REPLAY_MARKER_KEY } from '../../src/replay-marker';
import { type FakeObject, fakeLakeBucket } from '../helpers/lake-bucket';
import { describeStacksResponse, recordingReporter, STACK, stackOutputs } from '../helpers/outputs';

const athena = mockClient(AthenaClient);
const cloudFormation = mockClient(CloudFormationClient);
const dynamodb = mockClient(DynamoDBClient);
const firehose = mockClient(FirehoseClient);
const kinesis = mockClient(KinesisClient);
const s3 = mockClient(S3Client);

const HOUR = 3600;
/** 2026-11-25T10:15:30Z in epoch seconds. */
const T0 = 1795601730;

/** A change record as the Pipe forwards it (epoch seconds), for order `orderId`, `hours` after T0. */
const pipeRecord = (orderId: string, hours = 0) =>
  JSON.stringify({
    eventID: `ev-${orderId}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    dynamodb: {
      ApproximateCreationDateTime: T0 + hours * HOUR,
      Keys: { orderId: { S: orderId } },
      SequenceNumber: '1',
    },
  });
/**
 * A Kinesis Data Streams for DynamoDB record in epoch milliseconds, with its precision field or, as from
 * a destination enabled without the setting, without it (the transformer then dates it by magnitude).
 */
const kinesisRecord = (orderId: string, hours = 0, precision: 'MILLISECOND' | 'absent' = 'MILLISECOND') =>
  JSON.stringify({
    awsRegion: 'eu-west-1',
    eventID: `ev-${orderId}`,
    eventName: 'INSERT',
    recordFormat: 'application/json',
    tableName: 'OrdersRawTable-test',
    dynamodb: {
      ApproximateCreationDateTime: (T0 + hours * HOUR) * 1000,
      ...(precision === 'absent' ? {} : { ApproximateCreationDateTimePrecision: precision }),
      Keys: { orderId: { S: orderId } },
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
const errorObject = (key: string, records: string[], lastModified = new Date('2026-11-25T11:00:00Z')) => ({
  key,
  body: Buffer.from(records.map((record) => `${errorLine(record)}\n`).join('')),
  lastModified,
});

const TWO_OBJECTS: FakeObject[] = [
  // Newline-separated, as Firehose writes it.
  errorObject('errors/processing-failed/2026/11/25/a', [pipeRecord('ord-1'), pipeRecord('ord-2')]),
  // Gzipped (the JSON format compresses its error output too), objects back to back.
  {
    key: 'errors/processing-failed/2026/11/25/b',
    body: gzipSync(`${errorLine(pipeRecord('ord-3'))}${errorLine('not json {')}`),
    lastModified: new Date('2026-11-25T11:00:00Z'),
  },
];

const clients = () => ({
  cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
  firehose: new FirehoseClient({ region: 'eu-west-1' }),
  kinesis: new KinesisClient({ region: 'eu-west-1' }),
  s3: new S3Client({ region: 'eu-west-1' }),
  sfn: new SFNClient({ region: 'eu-west-1' }),
});
/** The delivery stream the construct deploys: 300 s S3 buffering, 60 s transformer buffering. */
const deliveryStream = (bufferingSeconds = 300, processorSeconds = '60') => ({
  DeliveryStreamDescription: {
    DeliveryStreamName: 'CdcSales-test-DeliveryStream',
    DeliveryStreamARN: 'arn',
    DeliveryStreamStatus: 'ACTIVE' as const,
    DeliveryStreamType: 'KinesisStreamAsSource' as const,
    VersionId: '1',
    HasMoreDestinations: false,
    Destinations: [
      {
        DestinationId: 'destinationId-000000000001',
        ExtendedS3DestinationDescription: {
          RoleARN: 'arn',
          BucketARN: 'arn',
          BufferingHints: { IntervalInSeconds: bufferingSeconds, SizeInMBs: 128 },
          CompressionFormat: 'UNCOMPRESSED' as const,
          EncryptionConfiguration: {},
          ProcessingConfiguration: {
            Enabled: true,
            Processors: [
              {
                Type: 'Lambda' as const,
                Parameters: [
                  { ParameterName: 'LambdaArn' as const, ParameterValue: 'arn' },
                  { ParameterName: 'BufferIntervalInSeconds' as const, ParameterValue: processorSeconds },
                ],
              },
            ],
          },
        },
      },
    ],
  },
});
const accepted = (input: PutRecordsCommandInput) => ({
  FailedRecordCount: 0,
  Records: input.Records!.map((_, index) => ({ SequenceNumber: String(index), ShardId: 's' })),
});
const sentPartitionKeys = () =>
  kinesis
    .commandCalls(PutRecordsCommand)
    .map((call) => call.args[0].input.Records!.map((r) => r.PartitionKey));
/** Sleeps recorded instead of waited. */
const sleeps: number[] = [];
const sleep = async (ms: number) => void sleeps.push(ms);
const START = new Date('2026-11-25T12:00:00.000Z');
const now = () => START;

beforeEach(() => {
  for (const mock of [athena, cloudFormation, dynamodb, firehose, kinesis, s3]) mock.reset();
  sleeps.length = 0;
  cloudFormation.on(DescribeStacksCommand).resolves(describeStacksResponse(stackOutputs()));
  firehose.on(DescribeDeliveryStreamCommand).resolves(deliveryStream());
  kinesis.on(PutRecordsCommand).callsFake(accepted);
});

describe('parseErrorObject and partitionKeyOf', () => {
  it('reads newline-separated, back-to-back and gzipped error records, braces in strings included', () => {
    const tricky = errorLine('{"a":"}{"}');
    expect(parseErrorObject(Buffer.from(`${tricky}${tricky}\n`)).map((record) => record.rawData)).toEqual([
      Buffer.from('{"a":"}{"}').toString('base64'),
      Buffer.from('{"a":"}{"}').toString('base64'),
    ]);
    expect(parseErrorObject(TWO_OBJECTS[1]!.body!)).toHaveLength(2);
    expect(parseErrorObject(Buffer.from(''))).toEqual([]);
  });

  it('keys a change record by its orderId and anything else by a digest', () => {
    expect(partitionKeyOf(Buffer.from(pipeRecord('ord-42')))).toBe('ord-42');
    expect(partitionKeyOf(Buffer.from('not json'))).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('replay-errors', () => {
  it('sends every processing-failed record back to the change stream with its order id, retrying refused ones', async () => {
    const bucket = fakeLakeBucket(s3, TWO_OBJECTS);
    kinesis
      .on(PutRecordsCommand)
      .resolvesOnce({
        FailedRecordCount: 1,
        Records: [
          { SequenceNumber: '1', ShardId: 's' },
          { ErrorCode: 'ProvisionedThroughputExceededException' },
          { SequenceNumber: '2', ShardId: 's' },
          { SequenceNumber: '3', ShardId: 's' },
        ],
      })
      .callsFake(accepted);
    const report = await runReplayErrors(
      clients(),
      { stackName: STACK, dryRun: false, archive: true, sleep, now },
      recordingReporter().reporter,
    );
    expect(report).toMatchObject({
      stackName: STACK,
      prefix: 'errors/processing-failed/',
      dryRun: false,
      objects: 2,
      records: 4,
      unreadable: 1,
      replayed: 4,
      failed: 0,
      archived: 2,
      recorded: true,
    });
    const puts = kinesis.commandCalls(PutRecordsCommand).map((call) => call.args[0].input);
    expect(puts[0]!.StreamName).toBe('CdcSales-test-ChangeStream');
    // One chunk: the three records of the same instant in the order read, the unreadable one last.
    expect(sentPartitionKeys()[0]).toEqual([
      'ord-1',
      'ord-2',
      'ord-3',
      partitionKeyOf(Buffer.from('not json {')),
    ]);
    // The refused record is sent again, alone, after a pause.
    expect(sentPartitionKeys()[1]).toEqual(['ord-2']);
    expect(Buffer.from(puts[1]!.Records![0]!.Data!).toString()).toBe(pipeRecord('ord-2'));
    expect(sleeps).toEqual([200]);
    expect([...bucket.keys()].filter((key) => key.startsWith('errors/')).sort()).toEqual([
      'errors/replayed/processing-failed/2026/11/25/a',
      'errors/replayed/processing-failed/2026/11/25/b',
    ]);
  });

  it('sends in event-time order, in chunks under the partition limit, one Firehose buffering window apart', async () => {
    // Five hours of changes spread over objects in the wrong order, in both wire formats (one record
    // without the precision field).
    fakeLakeBucket(s3, [
      errorObject('errors/processing-failed/2026/11/25/a', [pipeRecord('h4', 4), kinesisRecord('h2', 2)]),
      errorObject('errors/processing-failed/2026/11/25/b', [pipeRecord('h0', 0), pipeRecord('h3', 3)]),
      errorObject('errors/processing-failed/2026/11/25/c', [
        'garbage',
        kinesisRecord('h1', 1, 'absent'),
        pipeRecord('h0b', 0.5),
      ]),
    ]);
    const recorded = recordingReporter();
    const report = await runReplayErrors(
      clients(),
      { stackName: STACK, dryRun: false, archive: false, maxPartitions: 2, sleep, now },
      recorded.reporter,
    );
    expect(sentPartitionKeys()).toEqual([
      ['h0', 'h0b', 'h1'],
      ['h2', 'h3'],
      ['h4', partitionKeyOf(Buffer.from('garbage'))],
    ]);
    // 1.5 × the 300 s buffering interval (multi-stage buffering) + the transformer's 60 s, between chunks only.
    expect(sleeps).toEqual([510_000, 510_000]);
    expect(report.waitBetweenChunksMs).toBe(510_000);
    expect(report.chunks).toEqual([
      { records: 3, partitions: 2, from: '2026-11-25T10:15:30.000Z', to: '2026-11-25T11:15:30.000Z' },
      { records: 2, partitions: 2, from: '2026-11-25T12:15:30.000Z', to: '2026-11-25T13:15:30.000Z' },
      { records: 2, partitions: 2, from: '2026-11-25T14:15:30.000Z', to: '2026-11-25T14:15:30.000Z' },
    ]);
    expect(recorded.lines).toContain(
      '3 chunk(s) in event-time order, at most 2 dt/hour partitions each (limit 2; Firehose allows 500 active), 8 min 30 s between chunks',
    );
    expect(recorded.lines).toContain(
      '  chunk 2: 2 records, 2 partitions, 2026-11-25T12:15:30.000Z … 2026-11-25T13:15:30.000Z',
    );
  });

  it('takes the wait from the delivery stream it replays into', async () => {
    firehose.on(DescribeDeliveryStreamCommand).resolves(deliveryStream(60, '0'));
    fakeLakeBucket(s3, [errorObject('errors/processing-failed/a', [pipeRecord('x', 0), pipeRecord('y', 1)])]);
    await runReplayErrors(
      clients(),
      { stackName: STACK, dryRun: false, archive: false, maxPartitions: 1, sleep, now },
      recordingReporter().reporter,
    );
    expect(sleeps).toEqual([90_000]);
  });

  it('records a complete run in the lake bucket, and status then counts only later error objects', async () => {
    const bucket = fakeLakeBucket(s3, [
      ...TWO_OBJECTS,
      errorObject('errors/format-conversion-failed/2026/11/25/c', [pipeRecord('row')]),
    ]);
    const recorded = recordingReporter();
    const report = await runReplayErrors(
      clients(),
      { stackName: STACK, dryRun: false, archive: false, sleep, now },
      recorded.reporter,
    );
    expect(report.recorded).toBe(true);
    expect(report.notReplayable).toEqual([{ type: 'format-conversion-failed', objects: 1 }]);
    expect(JSON.parse(Buffer.from(bucket.get(REPLAY_MARKER_KEY)!.body!).toString())).toEqual({
      replayedBefore: '2026-11-25T12:00:00.000Z',
      finishedAt: '2026-11-25T12:00:00.000Z',
      stackName: STACK,
      records: 4,
      chunks: 1,
    });
    expect(recorded.lines.at(-1)).toBe(
      'recorded in s3://cdcsales-test-lake/operations/replay-errors/last-run.json: status now counts error objects from this run on',
    );

    // What the replayed records bring back later (the transformer still refuses one) is new to status.
    bucket.set('errors/processing-failed/2026/11/25/z', {
      key: 'errors/processing-failed/2026/11/25/z',
      body: new Uint8Array(5),
      lastModified: new Date('2026-11-25T12:07:00Z'),
    });
    const status = await statusOfErrorOutput();
    expect(status.errorOutput.lastReplay).toBe('2026-11-25T12:00:00.000Z');
    expect(status.errorOutput.types.map((type) => [type.type, type.objects, type.sinceLastReplay])).toEqual([
      ['format-conversion-failed', 1, 0],
      ['processing-failed', 3, 1],
    ]);
  });

  it.each([
    ['one day only', { day: '2026-11-25' }, 'one --day only'],
    ['a dry run', { dryRun: true }, 'dry run'],
  ])('does not record %s as a complete replay', async (_, options, reason) => {
    fakeLakeBucket(s3, TWO_OBJECTS);
    const recorded = recordingReporter();
    const report = await runReplayErrors(
      clients(),
      { stackName: STACK, dryRun: false, archive: false, sleep, now, ...options },
      recorded.reporter,
    );
    expect(report.recorded).toBe(false);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(recorded.lines.at(-1)).toBe(
      `not recorded as a complete replay (${reason}): status still counts these objects`,
    );
  });

  it('keeps an object whose records Kinesis kept refusing, counts them as failed, records nothing', async () => {
    fakeLakeBucket(s3, TWO_OBJECTS);
    kinesis.on(PutRecordsCommand).callsFake((input: PutRecordsCommandInput) => ({
      FailedRecordCount: input.Records!.length,
      Records: input.Records!.map(() => ({ ErrorCode: 'InternalFailure' })),
    }));
    const report = await runReplayErrors(
      clients(),
      { stackName: STACK, dryRun: false, archive: true, maxAttempts: 2, sleep, now },
      recordingReporter().reporter,
    );
    expect(report).toMatchObject({ failed: 4, replayed: 0, archived: 0, recorded: false });
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('plans the chunks in a dry run, and limits the listing to one day', async () => {
    fakeLakeBucket(s3, [
      ...TWO_OBJECTS,
      errorObject('errors/processing-failed/2026/11/26/c', [pipeRecord('next-day', 24)]),
    ]);
    const report = await runReplayErrors(
      clients(),
      { stackName: STACK, day: '2026-11-25', dryRun: true, archive: true, maxPartitions: 1, sleep, now },
      recordingReporter().reporter,
    );
    expect(report).toMatchObject({
      prefix: 'errors/processing-failed/2026/11/25/',
      objects: 2,
      records: 4,
      replayed: 0,
      chunks: [
        { records: 3, partitions: 1 },
        { records: 1, partitions: 1 },
      ],
    });
    expect(kinesis.commandCalls(PutRecordsCommand)).toHaveLength(0);
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    expect(sleeps).toEqual([]);
  });
});

/** `status` of the stage whose lake the fake bucket holds; only its error output matters here. */
async function statusOfErrorOutput() {
  athena.on(GetTableMetadataCommand).resolves({ TableMetadata: { Name: 'orders_current' } });
  dynamodb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
  kinesis.on(DescribeStreamSummaryCommand).resolves({});
  return runStatus(
    {
      ...clients(),
      athena: new AthenaClient({ region: 'eu-west-1' }),
      dynamodb: new DynamoDBClient({ region: 'eu-west-1' }),
    },
    { stackName: STACK, region: 'eu-west-1', now: () => new Date('2026-11-25T12:10:00Z') },
    recordingReporter().reporter,
  );
}
