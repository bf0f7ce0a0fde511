import { type AthenaClient, GetTableMetadataCommand } from '@aws-sdk/client-athena';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  DescribeKinesisStreamingDestinationCommand,
  DescribeTableCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DescribeDeliveryStreamCommand, type FirehoseClient } from '@aws-sdk/client-firehose';
import { DescribeStreamSummaryCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import type { Reporter } from '../reporter';
import { readStackOutputs } from '../stack-outputs';

export interface StatusClients {
  readonly athena: AthenaClient;
  readonly cloudFormation: CloudFormationClient;
  readonly dynamodb: DynamoDBClient;
  readonly firehose: FirehoseClient;
  readonly kinesis: KinesisClient;
}

export interface StatusReport {
  readonly stackName: string;
  readonly healthy: boolean;
  readonly table: { name: string; status: string; itemCount: number | undefined; streamEnabled: boolean };
  readonly kinesisDestination?: { status: string; precision: string | undefined };
  readonly changeStream: {
    name: string;
    status: string;
    mode: string | undefined;
    openShards: number | undefined;
  };
  readonly deliveryStream: { name: string; status: string; failure: string | undefined };
  readonly currentStateView: { name: string; exists: boolean };
  readonly problems: string[];
}

/**
 * Reads the deployed stack's outputs and describes each stage: the table and its stream (and its
 * Kinesis destination in that mode), the change stream, the Firehose delivery stream, and whether
 * the current-state view exists in Athena.
 */
export async function runStatus(
  clients: StatusClients,
  stackName: string,
  reporter: Reporter,
): Promise<StatusReport> {
  reporter.progress(`reading the outputs of ${stackName}`);
  const outputs = await readStackOutputs(clients.cloudFormation, stackName);
  const problems: string[] = [];

  reporter.progress(`describing table ${outputs.ordersTableName}`);
  const { Table } = await clients.dynamodb.send(
    new DescribeTableCommand({ TableName: outputs.ordersTableName }),
  );
  const table = {
    name: outputs.ordersTableName,
    status: Table?.TableStatus ?? 'UNKNOWN',
    itemCount: Table?.ItemCount,
    streamEnabled: Table?.StreamSpecification?.StreamEnabled === true,
  };
  if (table.status !== 'ACTIVE') problems.push(`table ${table.name} is ${table.status}`);
  if (!table.streamEnabled) problems.push(`table ${table.name} has no stream`);

  let kinesisDestination: StatusReport['kinesisDestination'];
  if (outputs.captureMode === 'kinesis-destination') {
    const described = await clients.dynamodb.send(
      new DescribeKinesisStreamingDestinationCommand({ TableName: outputs.ordersTableName }),
    );
    const destination = described.KinesisDataStreamDestinations?.find((candidate) =>
      candidate.StreamArn?.endsWith(`:stream/${outputs.changeStreamName}`),
    );
    kinesisDestination = {
      status: destination?.DestinationStatus ?? 'MISSING',
      precision: destination?.ApproximateCreationDateTimePrecision,
    };
    if (kinesisDestination.status !== 'ACTIVE') {
      problems.push(`the table's Kinesis destination is ${kinesisDestination.status}`);
    }
  }

  reporter.progress(`describing stream ${outputs.changeStreamName}`);
  const { StreamDescriptionSummary: summary } = await clients.kinesis.send(
    new DescribeStreamSummaryCommand({ StreamName: outputs.changeStreamName }),
  );
  const changeStream = {
    name: outputs.changeStreamName,
    status: summary?.StreamStatus ?? 'UNKNOWN',
    mode: summary?.StreamModeDetails?.StreamMode,
    openShards: summary?.OpenShardCount,
  };
  if (changeStream.status !== 'ACTIVE')
    problems.push(`stream ${changeStream.name} is ${changeStream.status}`);

  reporter.progress(`describing delivery stream ${outputs.deliveryStreamName}`);
  const { DeliveryStreamDescription: delivery } = await clients.firehose.send(
    new DescribeDeliveryStreamCommand({ DeliveryStreamName: outputs.deliveryStreamName }),
  );
  const deliveryStream = {
    name: outputs.deliveryStreamName,
    status: delivery?.DeliveryStreamStatus ?? 'UNKNOWN',
    failure: delivery?.FailureDescription?.Details,
  };
  if (deliveryStream.status !== 'ACTIVE') {
    problems.push(`delivery stream ${deliveryStream.name} is ${deliveryStream.status}`);
  }

  reporter.progress(`looking up view ${outputs.currentStateViewName}`);
  const currentStateView = {
    name: outputs.currentStateViewName,
    exists: await viewExists(clients.athena, outputs),
  };
  if (!currentStateView.exists) {
    problems.push(
      `view ${outputs.glueDatabaseName}.${outputs.currentStateViewName} does not exist: run the named query ` +
        `"Create the current-state view" in workgroup ${outputs.workgroupName}`,
    );
  }

  const report: StatusReport = {
    stackName,
    healthy: problems.length === 0,
    table,
    ...(kinesisDestination ? { kinesisDestination } : {}),
    changeStream,
    deliveryStream,
    currentStateView,
    problems,
  };
  reporter.line(`stack            ${stackName} (${outputs.captureMode}, ${outputs.outputFormat})`);
  reporter.line(
    `table            ${table.name}: ${table.status}, ~${table.itemCount ?? '?'} items, stream ${table.streamEnabled ? 'on' : 'off'}`,
  );
  if (kinesisDestination) {
    reporter.line(
      `kinesis dest.    ${kinesisDestination.status}, precision ${kinesisDestination.precision ?? 'MICROSECOND'}`,
    );
  }
  reporter.line(
    `change stream    ${changeStream.name}: ${changeStream.status}, ${changeStream.mode ?? '?'}, ${changeStream.openShards ?? '?'} open shards`,
  );
  reporter.line(
    `delivery stream  ${deliveryStream.name}: ${deliveryStream.status}${deliveryStream.failure ? ` (${deliveryStream.failure})` : ''}`,
  );
  reporter.line(
    `current view     ${outputs.glueDatabaseName}.${currentStateView.name}: ${currentStateView.exists ? 'exists' : 'MISSING'}`,
  );
  for (const problem of problems) reporter.line(`problem: ${problem}`);
  reporter.line(report.healthy ? 'healthy' : `${problems.length} problem(s)`);
  reporter.summary(report);
  return report;
}

async function viewExists(
  athena: AthenaClient,
  outputs: { glueDatabaseName: string; currentStateViewName: string; workgroupName: string },
): Promise<boolean> {
  try {
    const { TableMetadata } = await athena.send(
      new GetTableMetadataCommand({
        CatalogName: 'AwsDataCatalog',
        DatabaseName: outputs.glueDatabaseName,
        TableName: outputs.currentStateViewName,
        WorkGroup: outputs.workgroupName,
      }),
    );
    return TableMetadata !== undefined;
  } catch (error) {
    // Athena reports a missing table as a MetadataException ("Entity Not Found").
    if ((error as { name?: string }).name === 'MetadataException') return false;
    throw error;
  }
}
