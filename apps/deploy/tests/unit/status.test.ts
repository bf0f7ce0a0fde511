import { AthenaClient, GetTableMetadataCommand, MetadataException } from '@aws-sdk/client-athena';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeKinesisStreamingDestinationCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DescribeDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runStatus } from '../../src/commands/status';
import { StackOutputsError } from '../../src/errors';
import { REPLAY_MARKER_KEY } from '../../src/replay-marker';
import { runCli } from '../../src/run-cli';
import { type FakeObject, fakeLakeBucket } from '../helpers/lake-bucket';
import { describeStacksResponse, recordingReporter, STACK, stackOutputs, textSink } from '../helpers/outputs';

const athena = mockClient(AthenaClient);
const cloudFormation = mockClient(CloudFormationClient);
const dynamodb = mockClient(DynamoDBClient);
const firehose = mockClient(FirehoseClient);
const kinesis = mockClient(KinesisClient);
const s3 = mockClient(S3Client);
const clients = () => ({
  s3: new S3Client({ region: 'eu-west-1' }),
  athena: new AthenaClient({ region: 'eu-west-1' }),
  cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
  dynamodb: new DynamoDBClient({ region: 'eu-west-1' }),
  firehose: new FirehoseClient({ region: 'eu-west-1' }),
  kinesis: new KinesisClient({ region: 'eu-west-1' }),
  sfn: new SFNClient({ region: 'eu-west-1' }),
});

const NOW = new Date('2026-11-25T12:00:00.000Z');
const OPTIONS = { stackName: STACK, region: 'eu-west-1', now: () => NOW };
const REPLAY_COMMAND = 'pnpm run replay-errors -- --stack-name CdcSales-test --region eu-west-1';
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);
const marker = (replayedBefore: Date): FakeObject => ({
  key: REPLAY_MARKER_KEY,
  body: Buffer.from(
    JSON.stringify({
      replayedBefore: replayedBefore.toISOString(),
      finishedAt: replayedBefore.toISOString(),
      stackName: STACK,
      records: 3,
      chunks: 1,
    }),
  ),
});
const errorObject = (key: string, bytes: number, lastModified: Date): FakeObject => ({
  key,
  body: new Uint8Array(bytes),
  lastModified,
});

/** The table's Kinesis destination to the stage's change stream, ACTIVE, with that precision setting. */
function activeKinesisDestination(
  outputs: ReturnType<typeof stackOutputs>,
  precision: 'MILLISECOND' | 'MICROSECOND' | undefined,
) {
  dynamodb.on(DescribeKinesisStreamingDestinationCommand, { TableName: outputs.ordersTableName }).resolves({
    KinesisDataStreamDestinations: [
      {
        StreamArn: `arn:aws:kinesis:eu-west-1:123456789012:stream/${outputs.changeStreamName}`,
        DestinationStatus: 'ACTIVE',
        ...(precision === undefined ? {} : { ApproximateCreationDateTimePrecision: precision }),
      },
    ],
  });
}

function healthyStage(outputs = stackOutputs(), lake: readonly FakeObject[] = []) {
  fakeLakeBucket(s3, lake);
  cloudFormation.on(DescribeStacksCommand, { StackName: STACK }).resolves(describeStacksResponse(outputs));
  dynamodb.on(DescribeTableCommand, { TableName: outputs.ordersTableName }).resolves({
    Table: {
      TableStatus: 'ACTIVE',
      ItemCount: 1234,
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    },
  });
  kinesis.on(DescribeStreamSummaryCommand, { StreamName: outputs.changeStreamName }).resolves({
    StreamDescriptionSummary: {
      StreamName: outputs.changeStreamName,
      StreamARN: 'arn',
      StreamStatus: 'ACTIVE',
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      OpenShardCount: 4,
      RetentionPeriodHours: 24,
      StreamCreationTimestamp: new Date(0),
      EnhancedMonitoring: [],
    },
  });
  firehose.on(DescribeDeliveryStreamCommand, { DeliveryStreamName: outputs.deliveryStreamName }).resolves({
    DeliveryStreamDescription: {
      DeliveryStreamName: outputs.deliveryStreamName,
      DeliveryStreamARN: 'arn',
      DeliveryStreamStatus: 'ACTIVE',
      DeliveryStreamType: 'KinesisStreamAsSource',
      VersionId: '1',
      Destinations: [],
      HasMoreDestinations: false,
    },
  });
  athena
    .on(GetTableMetadataCommand, {
      CatalogName: 'AwsDataCatalog',
      DatabaseName: outputs.glueDatabaseName,
      TableName: outputs.currentStateViewName,
    })
    .resolves({ TableMetadata: { Name: outputs.currentStateViewName, TableType: 'VIRTUAL_VIEW' } });
}

beforeEach(() => {
  for (const mock of [athena, cloudFormation, dynamodb, firehose, kinesis, s3]) mock.reset();
});

describe('status', () => {
  it('reports a healthy stage from the stack outputs and each service', async () => {
    healthyStage();
    const recorded = recordingReporter();
    const report = await runStatus(clients(), OPTIONS, recorded.reporter);
    expect(report).toEqual({
      stackName: STACK,
      alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:CdcSales-test-AlarmTopic',
      healthy: true,
      table: { name: 'OrdersRawTable-test', status: 'ACTIVE', itemCount: 1234, streamEnabled: true },
      changeStream: {
        name: 'CdcSales-test-ChangeStream',
        status: 'ACTIVE',
        mode: 'ON_DEMAND',
        openShards: 4,
      },
      deliveryStream: { name: 'CdcSales-test-DeliveryStream', status: 'ACTIVE', failure: undefined },
      currentStateView: { name: 'orders_current', exists: true },
      errorOutput: { bucket: 'cdcsales-test-lake', prefix: 'errors/', lastReplay: undefined, types: [] },
      problems: [],
    });
    expect(recorded.lines).toContain(
      'alarm topic      arn:aws:sns:eu-west-1:123456789012:CdcSales-test-AlarmTopic',
    );
    expect(recorded.lines.at(-1)).toBe('healthy');
    expect(recorded.summaries).toEqual([report]);
    expect(dynamodb.commandCalls(DescribeKinesisStreamingDestinationCommand)).toHaveLength(0);
  });

  it('names each problem: a missing view (with the fix), a stream still creating, a failing delivery stream', async () => {
    healthyStage();
    athena
      .on(GetTableMetadataCommand)
      .rejects(new MetadataException({ message: 'Entity Not Found', $metadata: {} }));
    kinesis.on(DescribeStreamSummaryCommand).resolves({
      StreamDescriptionSummary: {
        StreamName: 's',
        StreamARN: 'arn',
        StreamStatus: 'CREATING',
        RetentionPeriodHours: 24,
        StreamCreationTimestamp: new Date(0),
        EnhancedMonitoring: [],
        OpenShardCount: 0,
      },
    });
    firehose.on(DescribeDeliveryStreamCommand).resolves({
      DeliveryStreamDescription: {
        DeliveryStreamName: 'd',
        DeliveryStreamARN: 'arn',
        DeliveryStreamStatus: 'CREATING_FAILED',
        FailureDescription: { Type: 'INVALID_KMS_KEY', Details: 'key disabled' },
        DeliveryStreamType: 'KinesisStreamAsSource',
        VersionId: '1',
        Destinations: [],
        HasMoreDestinations: false,
      },
    });
    const recorded = recordingReporter();
    const report = await runStatus(clients(), OPTIONS, recorded.reporter);
    expect(report.healthy).toBe(false);
    expect(report.problems).toEqual([
      'stream CdcSales-test-ChangeStream is CREATING',
      'delivery stream CdcSales-test-DeliveryStream is CREATING_FAILED',
      'view cdc_sales_test.orders_current does not exist: run the named query "Create the current-state view" in workgroup cdc-sales-test',
    ]);
    expect(report.deliveryStream.failure).toBe('key disabled');
    expect(recorded.lines.at(-1)).toBe('3 problem(s)');
  });

  it("checks the table's Kinesis destination in kinesis-destination mode", async () => {
    const outputs = stackOutputs({ captureMode: 'kinesis-destination', deadLetterQueueUrl: undefined });
    healthyStage(outputs);
    activeKinesisDestination(outputs, 'MILLISECOND');
    const recorded = recordingReporter();
    const report = await runStatus(clients(), OPTIONS, recorded.reporter);
    expect(report.kinesisDestination).toEqual({ status: 'ACTIVE', precision: 'MILLISECOND' });
    expect(recorded.lines).toContain('kinesis dest.    ACTIVE, precision MILLISECOND');
    expect(report.healthy).toBe(true);
  });

  it('reports a Kinesis destination without a precision setting as dated by magnitude, not as microseconds', async () => {
    const outputs = stackOutputs({ captureMode: 'kinesis-destination', deadLetterQueueUrl: undefined });
    healthyStage(outputs);
    // A destination enabled before the precision setting existed: DynamoDB reports no precision.
    activeKinesisDestination(outputs, undefined);
    const recorded = recordingReporter();
    const report = await runStatus(clients(), OPTIONS, recorded.reporter);
    expect(report.kinesisDestination).toEqual({ status: 'ACTIVE', precision: undefined });
    const line = recorded.lines.find((candidate) => candidate.startsWith('kinesis dest.'));
    expect(line).toBe(
      'kinesis dest.    ACTIVE, precision not set (records carry no precision field; the transformer ' +
        'infers the unit by magnitude: milliseconds in [9.5e11, 4.1e12), microseconds in [9.5e14, 4.1e15))',
    );
    expect(line).not.toContain('MICROSECOND');
    expect(report.healthy).toBe(true);
  });

  it('fails with the stack name when the stack is not deployed, and with the output name when one is missing', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(new Error('Stack with id CdcSales-test does not exist'));
    await expect(runStatus(clients(), OPTIONS, recordingReporter().reporter)).rejects.toThrow(
      StackOutputsError,
    );
    await expect(runStatus(clients(), OPTIONS, recordingReporter().reporter)).rejects.toThrow(
      'cannot read the outputs of stack CdcSales-test: Stack with id CdcSales-test does not exist',
    );
    const outputs = describeStacksResponse(stackOutputs());
    outputs.Stacks[0]!.Outputs = outputs.Stacks[0]!.Outputs.filter(
      (output) => output.OutputKey !== 'WorkgroupName',
    );
    cloudFormation.on(DescribeStacksCommand).resolves(outputs);
    await expect(runStatus(clients(), OPTIONS, recordingReporter().reporter)).rejects.toThrow(
      'stack CdcSales-test has no output WorkgroupName: deploy it with `pnpm run deploy` first',
    );
  });

  it('counts, sizes and dates each errors/<type>/ prefix; objects older than the last replay are fine', async () => {
    healthyStage(stackOutputs(), [
      marker(hoursAgo(2)),
      errorObject('errors/processing-failed/2026/11/24/a', 1000, hoursAgo(30)),
      errorObject('errors/processing-failed/2026/11/25/b', 2000, hoursAgo(3)),
      errorObject('errors/processing-failed/2026/11/25/c', 72, hoursAgo(5)),
      errorObject('errors/format-conversion-failed/2026/11/20/d', 4096, hoursAgo(120)),
      // Archived by a replay: newer than the marker, and still no problem.
      errorObject('errors/replayed/processing-failed/2026/11/25/e', 10, hoursAgo(1)),
      // Data and other prefixes are not error output.
      errorObject('orders_changes/dt=2026-11-25/hour=11/f.parquet', 5000, hoursAgo(0.5)),
    ]);
    const recorded = recordingReporter();
    const report = await runStatus(clients(), OPTIONS, recorded.reporter);
    expect(report.errorOutput).toEqual({
      bucket: 'cdcsales-test-lake',
      prefix: 'errors/',
      lastReplay: hoursAgo(2).toISOString(),
      types: [
        {
          type: 'format-conversion-failed',
          objects: 1,
          bytes: 4096,
          newest: hoursAgo(120).toISOString(),
          newestAgeMs: 120 * 3_600_000,
          sinceLastReplay: 0,
        },
        {
          type: 'processing-failed',
          objects: 3,
          bytes: 3072,
          newest: hoursAgo(3).toISOString(),
          newestAgeMs: 3 * 3_600_000,
          sinceLastReplay: 0,
        },
        {
          type: 'replayed',
          objects: 1,
          bytes: 10,
          newest: hoursAgo(1).toISOString(),
          newestAgeMs: 3_600_000,
          sinceLastReplay: 0,
        },
      ],
    });
    expect(report.healthy).toBe(true);
    expect(report.replayCommand).toBeUndefined();
    expect(recorded.lines).toContain(
      '  processing-failed          3 objects, 3.0 KiB, newest 3 h ago, 0 since the last replay',
    );
    expect(recorded.lines).toContain(
      '  replayed                   1 object, 10 B, newest 1 h ago (already replayed)',
    );
  });

  it('fails on any error object newer than the last replay-errors run and names the replay command', async () => {
    healthyStage(stackOutputs(), [
      marker(hoursAgo(2)),
      errorObject('errors/processing-failed/2026/11/25/a', 100, hoursAgo(3)),
      errorObject('errors/processing-failed/2026/11/25/b', 100, hoursAgo(1)),
      errorObject('errors/processing-failed/2026/11/25/c', 100, hoursAgo(0.25)),
      errorObject('errors/activePartitionExceeded/2026/11/25/d', 100, hoursAgo(1)),
    ]);
    const recorded = recordingReporter();
    const report = await runStatus(clients(), OPTIONS, recorded.reporter);
    expect(report.healthy).toBe(false);
    expect(report.replayCommand).toBe(REPLAY_COMMAND);
    const since = hoursAgo(2).toISOString();
    expect(report.problems).toEqual([
      `1 object(s) under errors/activePartitionExceeded/ arrived after the last replay-errors run (${since}): ` +
        'rows the transformer produced that Firehose could not deliver, not replayable; ' +
        `see "Error output" in apps/deploy/README.md, then run: ${REPLAY_COMMAND}`,
      `2 object(s) under errors/processing-failed/ arrived after the last replay-errors run (${since}): ` +
        `records the transformer rejected; once it is fixed, run: ${REPLAY_COMMAND}`,
    ]);
    expect(recorded.lines.at(-1)).toBe('2 problem(s)');
  });

  it('counts every error object as new when replay-errors never ran, across listing pages', async () => {
    const objects = Array.from({ length: 7 }, (_, index) =>
      errorObject(`errors/processing-failed/2026/11/25/${index}`, 10, hoursAgo(index + 1)),
    );
    healthyStage(stackOutputs(), objects);
    const report = await runStatus(clients(), OPTIONS, recordingReporter().reporter);
    expect(report.errorOutput.lastReplay).toBeUndefined();
    expect(report.errorOutput.types).toMatchObject([
      { type: 'processing-failed', objects: 7, bytes: 70, sinceLastReplay: 7 },
    ]);
    expect(report.problems).toEqual([
      '7 object(s) under errors/processing-failed/ arrived after the last replay-errors run (none yet): ' +
        `records the transformer rejected; once it is fixed, run: ${REPLAY_COMMAND}`,
    ]);
  });
});

describe('pnpm run status (runCli)', () => {
  const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });

  it('exits 1 and prints the replay command when new error objects wait, 0 when none do', async () => {
    healthyStage(stackOutputs(), [errorObject('errors/processing-failed/2026/11/25/a', 100, hoursAgo(1))]);
    const stdout = textSink();
    const stderr = textSink();
    const argv = ['status', '--stack-name', STACK, '--region', 'eu-west-1'];
    expect(await runCli(argv, { credentials, stdout: stdout.stream, stderr: stderr.stream })).toBe(1);
    expect(stdout.text()).toContain(`once it is fixed, run: ${REPLAY_COMMAND}\n`);

    healthyStage(stackOutputs(), [
      marker(hoursAgo(0.5)),
      errorObject('errors/processing-failed/x', 1, hoursAgo(1)),
    ]);
    expect(await runCli(argv, { credentials, stdout: textSink().stream, stderr: textSink().stream })).toBe(0);
  });

  it('ends with one line naming credentials, and exit 1, when there are none', async () => {
    const stderr = textSink();
    const code = await runCli(['status'], {
      credentials: async () => {
        throw new Error('Could not load credentials from any providers');
      },
      stdout: textSink().stream,
      stderr: stderr.stream,
    });
    expect(code).toBe(1);
    expect(stderr.text()).toBe(
      'status: no AWS credentials found (set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run aws sso login)\n',
    );
    expect(cloudFormation.calls()).toHaveLength(0);
  });
});
