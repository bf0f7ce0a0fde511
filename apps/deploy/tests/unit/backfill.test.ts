import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeExportCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ExportTableToPointInTimeCommand,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListMapRunsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { BackfillCounts, BackfillExecutionInput } from '@org/cdk-constructs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runBackfill } from '../../src/commands/backfill';
import { BackfillError } from '../../src/errors';
import { fakeClock } from '../helpers/fake-clock';
import { describeStacksResponse, recordingReporter, STACK, stackOutputs } from '../helpers/outputs';

const cloudFormation = mockClient(CloudFormationClient);
const dynamodb = mockClient(DynamoDBClient);
const s3 = mockClient(S3Client);
const sfn = mockClient(SFNClient);

const NOW = Date.parse('2026-11-25T16:00:00.000Z');
const BUCKET = 'cdcsales-test-lake';
const TABLE_ARN = 'arn:aws:dynamodb:eu-west-1:123456789012:table/OrdersRawTable-test';
const EXPORT_ID = '01795600000000-2d8752fd';
const EXPORT_ARN = `${TABLE_ARN}/export/${EXPORT_ID}`;
const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:Backfill';
const EXECUTION = 'arn:aws:states:eu-west-1:123456789012:execution:Backfill:run';
const MAP_RUN = 'arn:aws:states:eu-west-1:123456789012:mapRun:Backfill/ExportFiles:1';
const EXPORT_TIME = new Date('2026-11-25T15:59:00.000Z');
const RESULTS = 'exports/backfill-results/abcd';

const clients = () => ({
  cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
  dynamodb: new DynamoDBClient({ region: 'eu-west-1' }),
  s3: new S3Client({ region: 'eu-west-1' }),
  sfn: new SFNClient({ region: 'eu-west-1' }),
});

const completedExport = {
  ExportArn: EXPORT_ARN,
  ExportStatus: 'COMPLETED' as const,
  ExportTime: EXPORT_TIME,
  ExportFormat: 'DYNAMODB_JSON' as const,
  ExportType: 'FULL_EXPORT' as const,
  S3Bucket: BUCKET,
  S3Prefix: 'exports',
  ItemCount: 7,
};

/** S3 objects served by key, as the SDK returns a body. */
function serveObjects(objects: Record<string, unknown>) {
  s3.on(GetObjectCommand).callsFake(({ Bucket, Key }: { Bucket: string; Key: string }) => {
    if (Bucket !== BUCKET || !(Key in objects)) {
      throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    }
    const text = JSON.stringify(objects[Key]);
    return { Body: { transformToString: async () => text } };
  });
}

const counts = (itemsRead: number, extra: Partial<BackfillCounts> = {}): BackfillCounts => ({
  itemsRead,
  recordsWritten: itemsRead,
  retries: 0,
  failedEntries: 0,
  badLines: 0,
  ...extra,
});

/** A child execution of the map as the ResultWriter records it: input and output as JSON text. */
const succeeded = (key: string, totals: BackfillCounts) => ({
  Input: JSON.stringify({ dataFileS3Key: key }),
  Output: JSON.stringify({ dataFileS3Key: key, complete: true, afterLine: totals.itemsRead, totals }),
  Status: 'SUCCEEDED',
});

/** The map's results: a manifest.json naming result files by status. */
function mapResults(files: { SUCCEEDED?: unknown[]; FAILED?: unknown[]; PENDING?: unknown[] }) {
  const objects: Record<string, unknown> = {};
  const resultFiles: Record<string, { Key: string; Size: number }[]> = {
    SUCCEEDED: [],
    FAILED: [],
    PENDING: [],
  };
  for (const [status, children] of Object.entries(files)) {
    // Two result files per status, to check they are all read.
    const halves = [children.slice(0, 1), children.slice(1)];
    halves.forEach((half, index) => {
      const key = `${RESULTS}/${status}_${index}.json`;
      objects[key] = half;
      resultFiles[status]!.push({ Key: key, Size: 100 });
    });
  }
  objects[`${RESULTS}/manifest.json`] = {
    DestinationBucket: BUCKET,
    MapRunArn: MAP_RUN,
    ResultFiles: resultFiles,
  };
  serveObjects(objects);
}

/** The execution runs for `polls` checks, then succeeds with the ResultWriter's output. */
function executionSucceedsAfter(polls: number) {
  let calls = 0;
  sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: new Date(NOW) });
  sfn.on(DescribeExecutionCommand).callsFake(() => {
    calls++;
    return calls <= polls
      ? { status: 'RUNNING' }
      : {
          status: 'SUCCEEDED',
          output: JSON.stringify({
            MapRunArn: MAP_RUN,
            ResultWriterDetails: { Bucket: BUCKET, Key: `${RESULTS}/manifest.json` },
          }),
        };
  });
  sfn.on(ListMapRunsCommand).resolves({ mapRuns: [{ mapRunArn: MAP_RUN } as never] });
  sfn.on(DescribeMapRunCommand).resolves({
    itemCounts: { total: 3, succeeded: 1, failed: 0, running: 2 } as never,
  });
}

beforeEach(() => {
  for (const client of [cloudFormation, dynamodb, s3, sfn]) client.reset();
  cloudFormation
    .on(DescribeStacksCommand)
    .resolves(
      describeStacksResponse(
        stackOutputs({ backfillStateMachineArn: STATE_MACHINE, backfillExportPrefix: 'exports/' }),
      ),
    );
  dynamodb.on(DescribeTableCommand).resolves({ Table: { TableArn: TABLE_ARN } });
});

describe('runBackfill', () => {
  it('exports the table to the lake, waits, runs the state machine on it and sums every file', async () => {
    dynamodb.on(ExportTableToPointInTimeCommand).resolves({
      ExportDescription: { ExportArn: EXPORT_ARN, ExportStatus: 'IN_PROGRESS' },
    });
    let describes = 0;
    dynamodb.on(DescribeExportCommand).callsFake(() => ({
      ExportDescription:
        ++describes < 3 ? { ...completedExport, ExportStatus: 'IN_PROGRESS' } : completedExport,
    }));
    executionSucceedsAfter(2);
    mapResults({
      SUCCEEDED: [
        succeeded('a.json.gz', counts(3, { retries: 4 })),
        succeeded('b.json.gz', counts(2, { badLines: 1 })),
        succeeded('c.json.gz', counts(0)),
      ],
    });
    const clock = fakeClock(NOW);
    const { reporter, lines, progress, summaries } = recordingReporter();

    const report = await runBackfill(
      clients(),
      { stackName: STACK, timeoutMs: 3_600_000, pollMs: 10_000, ...clock },
      reporter,
    );

    expect(dynamodb.commandCalls(ExportTableToPointInTimeCommand)[0]!.args[0].input).toEqual({
      TableArn: TABLE_ARN,
      S3Bucket: BUCKET,
      S3Prefix: 'exports',
      S3SseAlgorithm: 'AES256',
      ExportFormat: 'DYNAMODB_JSON',
      ExportType: 'FULL_EXPORT',
    });
    const start = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(start.stateMachineArn).toBe(STATE_MACHINE);
    expect(JSON.parse(start.input!)).toEqual({
      exportId: EXPORT_ID,
      exportTime: EXPORT_TIME.toISOString(),
      manifestFilesS3Key: `exports/AWSDynamoDB/${EXPORT_ID}/manifest-files.json`,
    } satisfies BackfillExecutionInput);
    expect(report).toMatchObject({
      ok: true,
      exportArn: EXPORT_ARN,
      exportItems: 7,
      filesWritten: 3,
      failedFiles: [],
      itemsRead: 5,
      recordsWritten: 5,
      retries: 4,
      failedEntries: 0,
      badLines: 1,
    });
    expect(clock.sleeps).toEqual([10_000, 10_000, 10_000, 10_000]);
    expect(progress).toContain('export IN_PROGRESS for 0 min 10 s');
    expect(progress).toContain('files 1/3 done (2 running, 0 failed)');
    expect(lines).toEqual(
      expect.arrayContaining([
        'items read       5',
        'records written  5',
        'retries          4',
        'failed entries   0',
        'every record written',
      ]),
    );
    expect(summaries).toEqual([report]);
    expect(lines.some((line) => line.startsWith('warning:'))).toBe(false);
  });

  it('takes an existing export, and reports files that failed by name and entries not written', async () => {
    dynamodb.on(DescribeExportCommand).resolves({ ExportDescription: completedExport });
    executionSucceedsAfter(0);
    const key = `exports/AWSDynamoDB/${EXPORT_ID}/data/broken.json.gz`;
    mapResults({
      SUCCEEDED: [succeeded('a.json.gz', counts(4, { recordsWritten: 3, failedEntries: 1, retries: 30 }))],
      FAILED: [
        {
          Input: JSON.stringify({ dataFileS3Key: key }),
          Status: 'FAILED',
          Error: 'ExportFileUnreadableError',
          Cause: JSON.stringify({
            errorType: 'ExportFileUnreadableError',
            errorMessage: `s3://${BUCKET}/${key} cannot be read: Error: unexpected end of file`,
          }),
        },
      ],
    });
    const { reporter, lines } = recordingReporter();
    const report = await runBackfill(
      clients(),
      { stackName: STACK, exportArn: EXPORT_ARN, timeoutMs: 60_000, pollMs: 1_000, ...fakeClock(NOW) },
      reporter,
    );
    expect(dynamodb.commandCalls(ExportTableToPointInTimeCommand)).toHaveLength(0);
    expect(report).toMatchObject({ ok: false, recordsWritten: 3, failedEntries: 1, filesWritten: 1 });
    expect(report.failedFiles).toEqual([
      {
        dataFileS3Key: key,
        error: `ExportFileUnreadableError: s3://${BUCKET}/${key} cannot be read: Error: unexpected end of file`,
      },
    ]);
    expect(lines).toContain('failed entries   1');
    expect(lines.some((line) => line.startsWith(`failed file: ${key}: `))).toBe(true);
    expect(lines.at(-1)).toMatch(/^not every record was written: run the backfill again with --export-arn/);
  });

  it('warns when the export predates the table stream', async () => {
    dynamodb
      .on(DescribeTableCommand)
      .resolves({ Table: { TableArn: TABLE_ARN, LatestStreamLabel: '2026-11-25T15:59:30.000' } });
    dynamodb.on(DescribeExportCommand).resolves({ ExportDescription: completedExport });
    executionSucceedsAfter(0);
    mapResults({ SUCCEEDED: [succeeded('a.json.gz', counts(1))] });
    const { reporter, lines } = recordingReporter();
    await runBackfill(
      clients(),
      { stackName: STACK, exportArn: EXPORT_ARN, timeoutMs: 60_000, pollMs: 1_000, ...fakeClock(NOW) },
      reporter,
    );
    expect(lines.filter((line) => line.startsWith('warning:'))).toEqual([
      expect.stringContaining("the export predates the table's stream (2026-11-25T15:59:30.000Z)"),
    ]);
  });

  it('counts files the map never ran as failed', async () => {
    dynamodb.on(DescribeExportCommand).resolves({ ExportDescription: completedExport });
    executionSucceedsAfter(0);
    mapResults({
      SUCCEEDED: [succeeded('a.json.gz', counts(1))],
      PENDING: [{ Input: JSON.stringify({ dataFileS3Key: 'late.json.gz' }), Status: 'PENDING' }],
    });
    const report = await runBackfill(
      clients(),
      { stackName: STACK, exportArn: EXPORT_ARN, timeoutMs: 60_000, pollMs: 1_000, ...fakeClock(NOW) },
      recordingReporter().reporter,
    );
    expect(report.ok).toBe(false);
    expect(report.failedFiles).toEqual([{ dataFileS3Key: 'late.json.gz', error: 'never run' }]);
  });

  it.each([
    [
      'a stack without the backfill',
      () => cloudFormation.on(DescribeStacksCommand).resolves(describeStacksResponse(stackOutputs())),
      `stack ${STACK} has no backfill state machine`,
    ],
    [
      'a failed export',
      () =>
        dynamodb.on(DescribeExportCommand).resolves({
          ExportDescription: {
            ...completedExport,
            ExportStatus: 'FAILED',
            FailureCode: 'S3NoSuchBucket',
            FailureMessage: 'The specified bucket does not exist',
          },
        }),
      `export ${EXPORT_ARN} failed: S3NoSuchBucket The specified bucket does not exist`,
    ],
    [
      'an export elsewhere',
      () =>
        dynamodb.on(DescribeExportCommand).resolves({
          ExportDescription: { ...completedExport, S3Bucket: 'other-bucket' },
        }),
      `export ${EXPORT_ARN} is in s3://other-bucket/exports, but the backfill reads s3://${BUCKET}/exports/`,
    ],
    [
      'an ION export',
      () =>
        dynamodb
          .on(DescribeExportCommand)
          .resolves({ ExportDescription: { ...completedExport, ExportFormat: 'ION' } }),
      'is in ION: the backfill reads DYNAMODB_JSON',
    ],
    [
      'an export that never ends',
      () =>
        dynamodb
          .on(DescribeExportCommand)
          .resolves({ ExportDescription: { ...completedExport, ExportStatus: 'IN_PROGRESS' } }),
      'is still IN_PROGRESS after the timeout; rerun with --export-arn',
    ],
    [
      'an execution that fails',
      () => {
        dynamodb.on(DescribeExportCommand).resolves({ ExportDescription: completedExport });
        sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: new Date(NOW) });
        sfn.on(DescribeExecutionCommand).resolves({
          status: 'FAILED',
          error: 'States.ItemReaderFailed',
          cause: 'Access Denied',
        });
      },
      `execution ${EXECUTION} FAILED: States.ItemReaderFailed Access Denied`,
    ],
  ])('stops with one clear error on %s', async (_, arrange, message) => {
    arrange();
    const run = runBackfill(
      clients(),
      { stackName: STACK, exportArn: EXPORT_ARN, timeoutMs: 30_000, pollMs: 10_000, ...fakeClock(NOW) },
      recordingReporter().reporter,
    );
    await expect(run).rejects.toThrow(BackfillError);
    await expect(run).rejects.toThrow(message);
  });
});
