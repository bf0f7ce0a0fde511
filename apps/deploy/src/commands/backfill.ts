import { setTimeout as realSleep } from 'node:timers/promises';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  DescribeExportCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type ExportDescription,
  ExportTableToPointInTimeCommand,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListMapRunsCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { exportIdOf, exportManifestFilesKey } from '@org/cdc-transformer';
import {
  addBackfillCounts,
  type BackfillCounts,
  type BackfillExecutionInput,
  type ExportFileResult,
  NO_BACKFILL_COUNTS,
} from '@org/cdk-constructs';
import { BackfillError } from '../errors';
import type { Reporter } from '../reporter';
import { readStackOutputs } from '../stack-outputs';

export interface BackfillClients {
  readonly cloudFormation: CloudFormationClient;
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
  readonly sfn: SFNClient;
}

export interface BackfillOptions {
  readonly stackName: string;
  /** Backfill from this export instead of starting one. */
  readonly exportArn?: string;
  /** How long to wait for the export, and then for the state machine. */
  readonly timeoutMs: number;
  /** Wait between two status checks. */
  readonly pollMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/** A data file the backfill could not write, by key, with the error its Lambda reported. */
export interface FailedExportFile {
  readonly dataFileS3Key: string;
  readonly error: string;
}

export interface BackfillReport extends BackfillCounts {
  readonly stackName: string;
  readonly ok: boolean;
  readonly exportArn: string;
  readonly exportTime: string;
  /** Items in the export, as DynamoDB counted them. */
  readonly exportItems: number | undefined;
  readonly executionArn: string;
  readonly filesWritten: number;
  readonly failedFiles: readonly FailedExportFile[];
}

/**
 * Backfills the deployed stage: starts a DynamoDB export of the orders table to the lake bucket's
 * export prefix (`ExportTableToPointInTime`, DynamoDB JSON; the table has point-in-time recovery) or
 * takes an existing one, waits for it, starts the stack's backfill state machine on it and waits
 * for that, then sums what each data file's Lambda reported. `ok` only when every file was read and
 * every record written.
 */
export async function runBackfill(
  clients: BackfillClients,
  options: BackfillOptions,
  reporter: Reporter,
): Promise<BackfillReport> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  const outputs = await readStackOutputs(clients.cloudFormation, options.stackName);
  const { backfillStateMachineArn: stateMachineArn, backfillExportPrefix: exportPrefix } = outputs;
  if (!stateMachineArn || !exportPrefix) {
    throw new BackfillError(
      `stack ${options.stackName} has no backfill state machine: deploy it with createBackfill: true`,
    );
  }

  const { Table: table } = await clients.dynamodb.send(
    new DescribeTableCommand({ TableName: outputs.ordersTableName }),
  );
  if (!table?.TableArn) throw new BackfillError(`table ${outputs.ordersTableName} not found`);
  const exportArn =
    options.exportArn ?? (await startExport(clients.dynamodb, table.TableArn, outputs, exportPrefix));
  const started = now();
  let described: ExportDescription;
  for (;;) {
    described = await describeExport(clients.dynamodb, exportArn);
    const status = described.ExportStatus;
    if (status === 'COMPLETED') break;
    if (status === 'FAILED') {
      throw new BackfillError(
        `export ${exportArn} failed: ${described.FailureCode ?? 'no code'} ${described.FailureMessage ?? ''}`.trim(),
      );
    }
    if (now() >= deadline) {
      throw new BackfillError(
        `export ${exportArn} is still ${status} after the timeout; rerun with --export-arn`,
      );
    }
    reporter.progress(`export ${status ?? 'starting'} for ${minutes(now() - started)}`);
    await sleep(options.pollMs);
  }
  const input = executionInput(described, outputs.lakeBucketName, exportPrefix);
  reporter.line(`export           ${exportArn}: ${described.ItemCount ?? '?'} items at ${input.exportTime}`);
  // The stream label is the time the table's stream was enabled (ISO 8601 without a zone, UTC).
  const streamSince = table.LatestStreamLabel ? Date.parse(`${table.LatestStreamLabel}Z`) : Number.NaN;
  if (streamSince > Date.parse(input.exportTime)) {
    reporter.line(
      `warning: the export predates the table's stream (${table.LatestStreamLabel}Z): an order changed ` +
        'between the two shows its exported version until it changes again; export now instead',
    );
  }

  const { executionArn } = await clients.sfn.send(
    new StartExecutionCommand({
      stateMachineArn,
      // Execution names are unique per state machine for 90 days: the export id and the start time.
      name: `backfill-${input.exportId}-${now().toString(36)}`,
      input: JSON.stringify(input),
    }),
  );
  if (!executionArn) throw new BackfillError('StartExecution returned no execution ARN');
  reporter.line(`state machine    ${executionArn}`);

  const output = await waitForExecution(
    clients.sfn,
    executionArn,
    { ...options, sleep, now, deadline },
    reporter,
  );
  const results = await readMapResults(clients.s3, output);
  const totals = results.written.reduce(addBackfillCounts, NO_BACKFILL_COUNTS);
  const report: BackfillReport = {
    stackName: options.stackName,
    ok: results.failed.length === 0 && totals.failedEntries === 0,
    exportArn,
    exportTime: input.exportTime,
    exportItems: described.ItemCount,
    executionArn,
    filesWritten: results.written.length,
    failedFiles: results.failed,
    ...totals,
  };
  reporter.line(`files written    ${report.filesWritten} (${report.failedFiles.length} failed)`);
  reporter.line(`items read       ${report.itemsRead}`);
  reporter.line(`records written  ${report.recordsWritten}`);
  reporter.line(`retries          ${report.retries}`);
  reporter.line(`failed entries   ${report.failedEntries}`);
  reporter.line(`bad lines        ${report.badLines}`);
  for (const file of report.failedFiles) reporter.line(`failed file: ${file.dataFileS3Key}: ${file.error}`);
  reporter.line(
    report.ok
      ? 'every record written'
      : 'not every record was written: run the backfill again with --export-arn (the lake drops what it already has)',
  );
  reporter.summary(report);
  return report;
}

async function startExport(
  dynamodb: DynamoDBClient,
  tableArn: string,
  outputs: { lakeBucketName: string },
  exportPrefix: string,
): Promise<string> {
  const { ExportDescription: started } = await dynamodb.send(
    new ExportTableToPointInTimeCommand({
      TableArn: tableArn,
      S3Bucket: outputs.lakeBucketName,
      // DynamoDB writes <prefix>/AWSDynamoDB/<export id>/…
      S3Prefix: exportPrefix.replace(/\/+$/, ''),
      S3SseAlgorithm: 'AES256',
      ExportFormat: 'DYNAMODB_JSON',
      ExportType: 'FULL_EXPORT',
    }),
  );
  if (!started?.ExportArn) throw new BackfillError('ExportTableToPointInTime returned no export ARN');
  return started.ExportArn;
}

async function describeExport(dynamodb: DynamoDBClient, exportArn: string): Promise<ExportDescription> {
  const { ExportDescription: described } = await dynamodb.send(
    new DescribeExportCommand({ ExportArn: exportArn }),
  );
  if (!described) throw new BackfillError(`export ${exportArn} not found`);
  return described;
}

/** The state machine's input for a completed export, which must be a DynamoDB JSON export the backfill may read. */
function executionInput(
  described: ExportDescription,
  lakeBucketName: string,
  exportPrefix: string,
): BackfillExecutionInput {
  const exportArn = described.ExportArn ?? '';
  if (described.ExportFormat !== undefined && described.ExportFormat !== 'DYNAMODB_JSON') {
    throw new BackfillError(
      `export ${exportArn} is in ${described.ExportFormat}: the backfill reads DYNAMODB_JSON`,
    );
  }
  if (described.ExportType === 'INCREMENTAL_EXPORT') {
    throw new BackfillError(`export ${exportArn} is incremental: the backfill needs a full export`);
  }
  const manifestFilesS3Key = exportManifestFilesKey(described.S3Prefix ?? '', exportIdOf(exportArn));
  if (described.S3Bucket !== lakeBucketName || !manifestFilesS3Key.startsWith(exportPrefix)) {
    throw new BackfillError(
      `export ${exportArn} is in s3://${described.S3Bucket}/${described.S3Prefix ?? ''}, but the backfill reads ` +
        `s3://${lakeBucketName}/${exportPrefix}: run the backfill without --export-arn to export there`,
    );
  }
  if (!described.ExportTime) throw new BackfillError(`export ${exportArn} has no export time`);
  return {
    exportId: exportIdOf(exportArn),
    exportTime: described.ExportTime.toISOString(),
    manifestFilesS3Key,
  };
}

/** Waits for the execution to end, showing the map run's file counts; returns its output. */
async function waitForExecution(
  sfn: SFNClient,
  executionArn: string,
  timing: { pollMs: number; sleep: (ms: number) => Promise<void>; now: () => number; deadline: number },
  reporter: Reporter,
): Promise<string> {
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status === 'SUCCEEDED') return execution.output ?? '{}';
    if (execution.status !== 'RUNNING' && execution.status !== 'PENDING_REDRIVE') {
      throw new BackfillError(
        `execution ${executionArn} ${execution.status ?? 'ended'}: ${execution.error ?? ''} ${execution.cause ?? ''}`.trim(),
      );
    }
    if (timing.now() >= timing.deadline) {
      throw new BackfillError(
        `execution ${executionArn} is still running after the timeout; it goes on in AWS`,
      );
    }
    reporter.progress(await mapRunProgress(sfn, executionArn));
    await timing.sleep(timing.pollMs);
  }
}

async function mapRunProgress(sfn: SFNClient, executionArn: string): Promise<string> {
  const { mapRuns } = await sfn.send(new ListMapRunsCommand({ executionArn }));
  const mapRunArn = mapRuns?.[0]?.mapRunArn;
  if (!mapRunArn) return 'reading the export manifest';
  const { itemCounts } = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
  const done = (itemCounts?.succeeded ?? 0) + (itemCounts?.failed ?? 0);
  return `files ${done}/${itemCounts?.total ?? '?'} done (${itemCounts?.running ?? 0} running, ${itemCounts?.failed ?? 0} failed)`;
}

/** One child execution in a result file of the map run. */
interface ChildExecution {
  readonly Input?: string;
  readonly Output?: string;
  readonly Error?: string;
  readonly Cause?: string;
}

/**
 * The per-file results the Distributed Map wrote with its ResultWriter: its output names a
 * `manifest.json` listing result files by status, each a JSON array of child executions with their input
 * and output as JSON text (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html).
 * A file still PENDING counts as failed.
 */
async function readMapResults(
  s3: S3Client,
  executionOutput: string,
): Promise<{ written: BackfillCounts[]; failed: FailedExportFile[] }> {
  const details = (JSON.parse(executionOutput) as { ResultWriterDetails?: { Bucket?: string; Key?: string } })
    .ResultWriterDetails;
  if (!details?.Bucket || !details.Key) throw new BackfillError('the execution output names no map results');
  const bucket = details.Bucket;
  const manifest = (await readJson(s3, bucket, details.Key)) as {
    ResultFiles?: Record<string, { Key: string }[]>;
  };
  const filesOf = (status: string) => manifest.ResultFiles?.[status] ?? [];
  const written: BackfillCounts[] = [];
  const failed: FailedExportFile[] = [];
  for (const { Key } of filesOf('SUCCEEDED')) {
    for (const child of (await readJson(s3, bucket, Key)) as ChildExecution[]) {
      written.push((JSON.parse(child.Output ?? '{}') as ExportFileResult).totals ?? NO_BACKFILL_COUNTS);
    }
  }
  for (const status of ['FAILED', 'PENDING']) {
    for (const { Key } of filesOf(status)) {
      for (const child of (await readJson(s3, bucket, Key)) as ChildExecution[]) {
        const { dataFileS3Key } = JSON.parse(child.Input ?? '{}') as { dataFileS3Key?: string };
        failed.push({
          dataFileS3Key: dataFileS3Key ?? '(unknown file)',
          error: status === 'PENDING' ? 'never run' : causeOf(child),
        });
      }
    }
  }
  return { written, failed };
}

/** A Lambda error's Cause is JSON `{ errorType, errorMessage, … }`; the message names the file. */
function causeOf(child: ChildExecution): string {
  try {
    const cause = JSON.parse(child.Cause ?? '') as { errorMessage?: string };
    if (cause.errorMessage) return `${child.Error ?? 'Error'}: ${cause.errorMessage}`;
  } catch {
    // Not JSON: a Step Functions error's cause is plain text.
  }
  return [child.Error, child.Cause].filter(Boolean).join(': ') || 'failed';
}

async function readJson(s3: S3Client, bucket: string, key: string): Promise<unknown> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!Body) throw new BackfillError(`s3://${bucket}/${key} is empty`);
  return JSON.parse(await Body.transformToString());
}

function minutes(ms: number): string {
  return `${Math.floor(ms / 60_000)} min ${Math.floor((ms % 60_000) / 1000)} s`;
}
