import { AthenaClient, GetTableMetadataCommand, MetadataException } from '@aws-sdk/client-athena';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeKinesisStreamingDestinationCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DescribeDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runStatus } from '../../src/commands/status';
import { StackOutputsError } from '../../src/errors';
import { describeStacksResponse, recordingReporter, STACK, stackOutputs } from '../helpers/outputs';

const athena = mockClient(AthenaClient);
const cloudFormation = mockClient(CloudFormationClient);
const dynamodb = mockClient(DynamoDBClient);
const firehose = mockClient(FirehoseClient);
const kinesis = mockClient(KinesisClient);
const clients = () => ({
  athena: new AthenaClient({ region: 'eu-west-1' }),
  cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
  dynamodb: new DynamoDBClient({ region: 'eu-west-1' }),
  firehose: new FirehoseClient({ region: 'eu-west-1' }),
  kinesis: new KinesisClient({ region: 'eu-west-1' }),
});

function healthyStage(outputs = stackOutputs()) {
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
  for (const mock of [athena, cloudFormation, dynamodb, firehose, kinesis]) mock.reset();
});

describe('status', () => {
  it('reports a healthy stage from the stack outputs and each service', async () => {
    healthyStage();
    const recorded = recordingReporter();
    const report = await runStatus(clients(), STACK, recorded.reporter);
    expect(report).toEqual({
      stackName: STACK,
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
      problems: [],
    });
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
    const report = await runStatus(clients(), STACK, recorded.reporter);
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
    dynamodb.on(DescribeKinesisStreamingDestinationCommand, { TableName: outputs.ordersTableName }).resolves({
      KinesisDataStreamDestinations: [
        {
          StreamArn: `arn:aws:kinesis:eu-west-1:123456789012:stream/${outputs.changeStreamName}`,
          DestinationStatus: 'ACTIVE',
          ApproximateCreationDateTimePrecision: 'MILLISECOND',
        },
      ],
    });
    const report = await runStatus(clients(), STACK, recordingReporter().reporter);
    expect(report.kinesisDestination).toEqual({ status: 'ACTIVE', precision: 'MILLISECOND' });
    expect(report.healthy).toBe(true);
  });

  it('fails with the stack name when the stack is not deployed, and with the output name when one is missing', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(new Error('Stack with id CdcSales-test does not exist'));
    await expect(runStatus(clients(), STACK, recordingReporter().reporter)).rejects.toThrow(
      StackOutputsError,
    );
    await expect(runStatus(clients(), STACK, recordingReporter().reporter)).rejects.toThrow(
      'cannot read the outputs of stack CdcSales-test: Stack with id CdcSales-test does not exist',
    );
    const outputs = describeStacksResponse(stackOutputs());
    outputs.Stacks[0]!.Outputs = outputs.Stacks[0]!.Outputs.filter(
      (output) => output.OutputKey !== 'WorkgroupName',
    );
    cloudFormation.on(DescribeStacksCommand).resolves(outputs);
    await expect(runStatus(clients(), STACK, recordingReporter().reporter)).rejects.toThrow(
      'stack CdcSales-test has no output WorkgroupName: deploy it with `pnpm run deploy` first',
    );
  });
});
