import { type AthenaClient, GetTableMetadataCommand } from '@aws-sdk/client-athena';
import { DescribeKinesisStreamingDestinationCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { INFERRED_TIME_RANGE } from '@org/cdc-transformer';
import type { AwsClients } from '../aws-clients';
import { replayCommandOf } from '../cli-args';
import { REPLAYABLE_ERROR_TYPE, REPLAYED_ARCHIVE, summarizeErrorOutput } from '../error-output';
import { formatBytes, formatDuration } from '../human-units';
import { readReplayMarker } from '../replay-marker';
import type { Reporter } from '../reporter';
import { readStackOutputs } from '../stack-outputs';

/** Status reads every service of the stage. */
export type StatusClients = AwsClients;

export interface StatusOptions {
  readonly stackName: string;
  /** The region the commands it prints should name. */
  readonly region: string;
  readonly now?: () => Date;
}

/** The objects under one `errors/<type>/` prefix, as `status` reports them. */
export interface ErrorTypeStatus {
  readonly type: string;
  readonly objects: number;
  readonly bytes: number;
  /** LastModified of the newest object (ISO 8601). */
  readonly newest: string | undefined;
  readonly newestAgeMs: number | undefined;
  /** Objects that arrived after the last complete replay-errors run (all of them without one). */
  readonly sinceLastReplay: number;
}

export interface StatusReport {
  readonly stackName: string;
  /** Where every alarm of the stage notifies (subscribe to it, or set an alarm e-mail). */
  readonly alarmTopicArn: string;
  readonly healthy: boolean;
  readonly table: { name: string; status: string; itemCount: number | undefined; streamEnabled: boolean };
  /**
   * `precision` is the destination's `ApproximateCreationDateTimePrecision` as DynamoDB reports it;
   * undefined when the destination was enabled without the setting (its records then carry no precision
   * field and the transformer dates them by magnitude).
   */
  readonly kinesisDestination?: { status: string; precision: string | undefined };
  readonly changeStream: {
    name: string;
    status: string;
    mode: string | undefined;
    openShards: number | undefined;
  };
  readonly deliveryStream: { name: string; status: string; failure: string | undefined };
  readonly currentStateView: { name: string; exists: boolean };
  readonly errorOutput: {
    bucket: string;
    prefix: string;
    /** Records that arrived before this instant were handled by the last complete replay-errors run. */
    lastReplay: string | undefined;
    types: ErrorTypeStatus[];
  };
  /** The command that replays the error output, when it has something new. */
  readonly replayCommand?: string;
  readonly problems: string[];
}

/**
 * Reads the deployed stack's outputs and describes each stage: the table and its stream (and its
 * Kinesis destination in that mode), the change stream, the Firehose delivery stream, whether the
 * current-state view exists in Athena, and the error output: any error object newer than the last
 * complete `replay-errors` run is a problem, reported with the command that replays it.
 */
export async function runStatus(
  clients: StatusClients,
  options: StatusOptions,
  reporter: Reporter,
): Promise<StatusReport> {
  const { stackName } = options;
  const now = options.now?.() ?? new Date();
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

  const bucket = outputs.lakeBucketName;
  reporter.progress(`counting error objects under s3://${bucket}/${outputs.errorPrefix}`);
  const lastReplay = (await readReplayMarker(clients.s3, bucket))?.replayedBefore;
  const summaries = await summarizeErrorOutput(
    clients.s3,
    bucket,
    outputs.errorPrefix,
    lastReplay === undefined ? undefined : new Date(lastReplay),
  );
  const errorOutput: StatusReport['errorOutput'] = {
    bucket,
    prefix: outputs.errorPrefix,
    lastReplay,
    types: summaries.map((summary) => ({
      type: summary.type,
      objects: summary.objects,
      bytes: summary.bytes,
      newest: summary.newest?.toISOString(),
      newestAgeMs: summary.newest && now.getTime() - summary.newest.getTime(),
      // The archive holds what a replay already sent.
      sinceLastReplay: summary.type === REPLAYED_ARCHIVE ? 0 : summary.arrivedSince,
    })),
  };
  const replayCommand = replayCommandOf(stackName, options.region);
  const unhandled = errorOutput.types.filter((type) => type.sinceLastReplay > 0);
  for (const { type, sinceLastReplay } of unhandled) {
    const what = `${sinceLastReplay} object(s) under ${outputs.errorPrefix}${type}/ arrived after the last replay-errors run (${lastReplay ?? 'none yet'})`;
    problems.push(
      type === REPLAYABLE_ERROR_TYPE
        ? `${what}: records the transformer rejected; once it is fixed, run: ${replayCommand}`
        : `${what}: rows the transformer produced that Firehose could not deliver, not replayable; ` +
            `see "Error output" in apps/deploy/README.md, then run: ${replayCommand}`,
    );
  }

  const report: StatusReport = {
    stackName,
    alarmTopicArn: outputs.alarmTopicArn,
    healthy: problems.length === 0,
    table,
    ...(kinesisDestination ? { kinesisDestination } : {}),
    changeStream,
    deliveryStream,
    currentStateView,
    errorOutput,
    ...(unhandled.length > 0 ? { replayCommand } : {}),
    problems,
  };
  reporter.line(`stack            ${stackName} (${outputs.captureMode}, ${outputs.outputFormat})`);
  reporter.line(`alarm topic      ${outputs.alarmTopicArn}`);
  reporter.line(
    `table            ${table.name}: ${table.status}, ~${table.itemCount ?? '?'} items, stream ${table.streamEnabled ? 'on' : 'off'}`,
  );
  if (kinesisDestination) {
    reporter.line(
      `kinesis dest.    ${kinesisDestination.status}, precision ${describePrecision(kinesisDestination.precision)}`,
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
  reporter.line(
    `error output     s3://${bucket}/${outputs.errorPrefix}: ${errorOutput.types.length === 0 ? 'empty' : `last replay-errors run ${lastReplay ?? 'none yet'}`}`,
  );
  for (const type of errorOutput.types) {
    reporter.line(
      `  ${type.type.padEnd(26)} ${type.objects} object${type.objects === 1 ? '' : 's'}, ${formatBytes(type.bytes)}` +
        (type.newestAgeMs === undefined ? '' : `, newest ${formatDuration(type.newestAgeMs)} ago`) +
        (type.type === REPLAYED_ARCHIVE
          ? ' (already replayed)'
          : `, ${type.sinceLastReplay} since the last replay`),
    );
  }
  for (const problem of problems) reporter.line(`problem: ${problem}`);
  reporter.line(report.healthy ? 'healthy' : `${problems.length} problem(s)`);
  reporter.summary(report);
  return report;
}

const exponent = (value: number): string => value.toExponential().replace('+', '');
const { MILLISECOND: MS, MICROSECOND: US } = INFERRED_TIME_RANGE;
const BY_MAGNITUDE =
  'not set (records carry no precision field; the transformer infers the unit by magnitude: ' +
  `milliseconds in [${exponent(MS.from)}, ${exponent(MS.to)}), microseconds in [${exponent(US.from)}, ${exponent(US.to)}))`;

/**
 * The destination's precision setting as the transformer will read its records: a destination enabled
 * without the setting sends no precision field, and the transformer then infers the unit from the value's
 * magnitude (`INFERRED_TIME_RANGE`), so an absent setting is not microseconds.
 */
function describePrecision(precision: string | undefined): string {
  return precision ?? BY_MAGNITUDE;
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
