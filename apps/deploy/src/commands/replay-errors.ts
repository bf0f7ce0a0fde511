import { setTimeout as realSleep } from 'node:timers/promises';
import { DescribeDeliveryStreamCommand, type FirehoseClient } from '@aws-sdk/client-firehose';
import { type KinesisClient, PutRecordsCommand, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { eventTimeMillis } from '@org/cdc-transformer';
import { partitionKeysOf } from '@org/order-schema';
import type { AwsClients } from '../aws-clients';
import { listPages, REPLAYABLE_ERROR_TYPE, REPLAYED_ARCHIVE, summarizeErrorOutput } from '../error-output';
import { parseErrorObject, partitionKeyOf } from '../error-records';
import { formatDuration } from '../human-units';
import {
  ACTIVE_PARTITIONS_LIMIT,
  DEFAULT_MAX_PARTITIONS_PER_CHUNK,
  type Partitioned,
  planReplayChunks,
  waitBetweenChunksMs,
} from '../replay-chunks';
import { REPLAY_MARKER_KEY, readReplayMarker, writeReplayMarker } from '../replay-marker';
import type { Reporter } from '../reporter';
import { readStackOutputs } from '../stack-outputs';

export type ReplayClients = Pick<AwsClients, 'cloudFormation' | 'firehose' | 'kinesis' | 's3'>;

export interface ReplayOptions {
  readonly stackName: string;
  /** Only this UTC day's error objects (`YYYY-MM-DD`). */
  readonly day?: string;
  /** Read and plan, send nothing. */
  readonly dryRun: boolean;
  /** Move each fully replayed object under `<error prefix>replayed/`, so a second run skips it. */
  readonly archive: boolean;
  /** Distinct dt/hour partitions per chunk. @default DEFAULT_MAX_PARTITIONS_PER_CHUNK */
  readonly maxPartitions?: number;
  /** Attempts per PutRecords batch for records Kinesis refused. @default 4 */
  readonly maxAttempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => Date;
}

export interface ReplayChunkReport {
  readonly records: number;
  readonly partitions: number;
  /** Event time of the chunk's first and last readable record (ISO 8601). */
  readonly from: string | undefined;
  readonly to: string | undefined;
}

export interface ReplayReport {
  readonly stackName: string;
  readonly prefix: string;
  readonly dryRun: boolean;
  readonly objects: number;
  readonly records: number;
  /** Records whose event time the replay could not read: sent last. */
  readonly unreadable: number;
  readonly replayed: number;
  readonly failed: number;
  readonly archived: number;
  readonly maxPartitionsPerChunk: number;
  readonly waitBetweenChunksMs: number;
  readonly chunks: readonly ReplayChunkReport[];
  /** Objects of other error types that arrived since the previous complete replay: not replayable. */
  readonly notReplayable: readonly { type: string; objects: number }[];
  /** Whether this run was recorded as a complete replay (what `status` compares against). */
  readonly recorded: boolean;
}

/** One change record to send again, with the error object it came from. */
interface ReplayRecord extends Partitioned {
  readonly entry: PutRecordsRequestEntry;
  readonly objectKey: string;
}

const MAX_BATCH_RECORDS = 500;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Re-drives records the transformer rejected (`errors/processing-failed/…`) into the change stream,
 * after the transformer has been fixed: each record's original bytes go back to Kinesis with the order
 * id as partition key, and Firehose processes them again. Records go in event-time order, in chunks of
 * at most `maxPartitions` dt/hour partitions, one chunk per Firehose buffering window, so that a replay
 * of a long outage does not overflow Firehose's 500 active partitions (the overflow would land in
 * `errors/activePartitionExceeded/`). A complete run (every day, nothing refused, not a dry run) is
 * recorded in the lake bucket for `status`.
 */
export async function runReplayErrors(
  clients: ReplayClients,
  options: ReplayOptions,
  reporter: Reporter,
): Promise<ReplayReport> {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? (() => new Date());
  const maxPartitions = options.maxPartitions ?? DEFAULT_MAX_PARTITIONS_PER_CHUNK;
  const outputs = await readStackOutputs(clients.cloudFormation, options.stackName);
  const bucket = outputs.lakeBucketName;
  const startedAt = now();
  const previous = await readReplayMarker(clients.s3, bucket);
  const prefix = `${outputs.errorPrefix}${REPLAYABLE_ERROR_TYPE}/${options.day ? `${options.day.replaceAll('-', '/')}/` : ''}`;

  const records: ReplayRecord[] = [];
  const pendingPerObject = new Map<string, number>();
  const emptyObjects: string[] = [];
  for await (const page of listPages(clients.s3, { Bucket: bucket, Prefix: prefix })) {
    for (const object of page.Contents ?? []) {
      if (!object.Key) continue;
      const body = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
      const errorRecords = parseErrorObject(await body.Body!.transformToByteArray());
      for (const errorRecord of errorRecords) {
        records.push(replayRecordOf(Buffer.from(errorRecord.rawData, 'base64'), object.Key));
      }
      pendingPerObject.set(object.Key, errorRecords.length);
      if (errorRecords.length === 0) emptyObjects.push(object.Key);
      reporter.progress(`${object.Key}: ${errorRecords.length} records`);
    }
  }
  const plan = planReplayChunks(records, maxPartitions);
  const waitMs = await waitBetweenChunks(clients.firehose, outputs.deliveryStreamName);

  let replayed = 0;
  let failed = 0;
  let archived = 0;
  const objectsWithRefusals = new Set<string>();
  if (!options.dryRun) {
    for (const [index, chunk] of plan.entries()) {
      if (index > 0) {
        reporter.progress(
          `chunk ${index} of ${plan.length} sent; waiting ${formatDuration(waitMs)} for Firehose to deliver its partitions`,
        );
        await sleep(waitMs);
      }
      reporter.progress(`chunk ${index + 1} of ${plan.length}: ${chunk.records.length} records`);
      const refused = await putAll(clients.kinesis, outputs.changeStreamName, chunk.records, options, sleep);
      replayed += chunk.records.length - refused.size;
      failed += refused.size;
      for (const record of chunk.records) {
        if (refused.has(record)) objectsWithRefusals.add(record.objectKey);
        const pending = pendingPerObject.get(record.objectKey)! - 1;
        pendingPerObject.set(record.objectKey, pending);
        // Archived as soon as every record of the object is in: an interrupted run keeps its progress.
        if (pending === 0 && options.archive && !objectsWithRefusals.has(record.objectKey)) {
          await archive(clients.s3, bucket, outputs.errorPrefix, record.objectKey);
          archived++;
        }
      }
    }
    // An object without any record never appears in a chunk.
    for (const key of emptyObjects) {
      if (options.archive) {
        await archive(clients.s3, bucket, outputs.errorPrefix, key);
        archived++;
      }
    }
  }

  const since = previous ? new Date(previous.replayedBefore) : undefined;
  const notReplayable = (await summarizeErrorOutput(clients.s3, bucket, outputs.errorPrefix, since))
    .filter((summary) => summary.type !== REPLAYABLE_ERROR_TYPE && summary.type !== REPLAYED_ARCHIVE)
    .filter((summary) => summary.arrivedSince > 0)
    .map((summary) => ({ type: summary.type, objects: summary.arrivedSince }));

  const recorded = !options.dryRun && options.day === undefined && failed === 0;
  if (recorded) {
    await writeReplayMarker(clients.s3, bucket, {
      replayedBefore: startedAt.toISOString(),
      finishedAt: now().toISOString(),
      stackName: options.stackName,
      records: records.length,
      chunks: plan.length,
    });
  }

  const chunks = plan.map((chunk): ReplayChunkReport => {
    const times = chunk.records.flatMap((record) => record.eventTimeMillis ?? []);
    return {
      records: chunk.records.length,
      partitions: chunk.partitions,
      from: times.length > 0 ? new Date(times[0]!).toISOString() : undefined,
      to: times.length > 0 ? new Date(times.at(-1)!).toISOString() : undefined,
    };
  });
  const report: ReplayReport = {
    stackName: options.stackName,
    prefix,
    dryRun: options.dryRun,
    objects: pendingPerObject.size,
    records: records.length,
    unreadable: records.filter((record) => record.eventTimeMillis === undefined).length,
    replayed,
    failed,
    archived,
    maxPartitionsPerChunk: maxPartitions,
    waitBetweenChunksMs: waitMs,
    chunks,
    notReplayable,
    recorded,
  };
  printReport(
    report,
    { bucket, streamName: outputs.changeStreamName, since: previous?.replayedBefore },
    reporter,
  );
  return report;
}

/** The Kinesis entry of a change record, with the event time and partition Firehose will give it. */
function replayRecordOf(data: Buffer, objectKey: string): ReplayRecord {
  const entry = { Data: data, PartitionKey: partitionKeyOf(data) };
  try {
    const change = JSON.parse(data.toString('utf8')) as { dynamodb?: Record<string, unknown> };
    const millis = eventTimeMillis(change.dynamodb ?? {});
    const { dt, hour } = partitionKeysOf(new Date(millis).toISOString());
    return { entry, objectKey, eventTimeMillis: millis, partition: `dt=${dt}/hour=${hour}` };
  } catch {
    // Not a change record the transformer can date: it will fail again, into the error output.
    return { entry, objectKey, eventTimeMillis: undefined, partition: undefined };
  }
}

/**
 * The wait between two chunks, from the delivery stream's own settings: its S3 buffering interval and
 * the transformer's (Lambda processor) buffering interval, 300 s and 60 s when not set.
 * https://docs.aws.amazon.com/firehose/latest/APIReference/API_BufferingHints.html
 * https://docs.aws.amazon.com/firehose/latest/APIReference/API_ProcessorParameter.html
 */
async function waitBetweenChunks(firehose: FirehoseClient, deliveryStreamName: string): Promise<number> {
  const { DeliveryStreamDescription } = await firehose.send(
    new DescribeDeliveryStreamCommand({ DeliveryStreamName: deliveryStreamName }),
  );
  const destination = DeliveryStreamDescription?.Destinations?.[0]?.ExtendedS3DestinationDescription;
  const buffering = destination?.BufferingHints?.IntervalInSeconds ?? 300;
  const processorParameter = destination?.ProcessingConfiguration?.Processors?.flatMap(
    (processor) => processor.Parameters ?? [],
  ).find((parameter) => parameter.ParameterName === 'BufferIntervalInSeconds');
  const processor = Number(processorParameter?.ParameterValue ?? 60);
  return waitBetweenChunksMs(buffering, processor);
}

async function archive(s3: S3Client, bucket: string, errorPrefix: string, key: string): Promise<void> {
  const target = `${errorPrefix}${REPLAYED_ARCHIVE}/${key.slice(errorPrefix.length)}`;
  await s3.send(
    new CopyObjectCommand({
      Bucket: bucket,
      Key: target,
      CopySource: `${bucket}/${encodeURIComponent(key)}`,
    }),
  );
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

/** Sends records in PutRecords batches, re-sending refused ones with backoff; returns those that stayed refused. */
async function putAll(
  kinesis: KinesisClient,
  streamName: string,
  records: readonly ReplayRecord[],
  options: ReplayOptions,
  sleep: (ms: number) => Promise<void>,
): Promise<Set<ReplayRecord>> {
  const refused = new Set<ReplayRecord>();
  for (const batch of batches(records)) {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const result = await kinesis.send(
        new PutRecordsCommand({ StreamName: streamName, Records: pending.map((record) => record.entry) }),
      );
      pending = pending.filter((_, index) => result.Records?.[index]?.ErrorCode !== undefined);
      if (pending.length === 0) break;
      if (attempt >= (options.maxAttempts ?? 4)) {
        for (const record of pending) refused.add(record);
        break;
      }
      await sleep(100 * 2 ** attempt);
    }
  }
  return refused;
}

/** PutRecords takes at most 500 records and 5 MiB per call; 4 MiB leaves room for the request itself. */
function* batches(records: readonly ReplayRecord[]): Generator<ReplayRecord[]> {
  let batch: ReplayRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = (record.entry.Data?.length ?? 0) + (record.entry.PartitionKey?.length ?? 0);
    if (batch.length === MAX_BATCH_RECORDS || (batch.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(record);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

function printReport(
  report: ReplayReport,
  context: { bucket: string; streamName: string; since: string | undefined },
  reporter: Reporter,
): void {
  reporter.line(
    `${report.objects} error objects under s3://${context.bucket}/${report.prefix}, ${report.records} records` +
      (report.unreadable > 0 ? ` (${report.unreadable} without a readable event time, sent last)` : ''),
  );
  const widest = Math.max(0, ...report.chunks.map((chunk) => chunk.partitions));
  reporter.line(
    `${report.chunks.length} chunk(s) in event-time order, at most ${widest} dt/hour partitions each ` +
      `(limit ${report.maxPartitionsPerChunk}; Firehose allows ${ACTIVE_PARTITIONS_LIMIT} active), ` +
      `${formatDuration(report.waitBetweenChunksMs)} between chunks`,
  );
  for (const [index, chunk] of report.chunks.entries()) {
    reporter.line(
      `  chunk ${index + 1}: ${chunk.records} records, ${chunk.partitions} partitions` +
        (chunk.from ? `, ${chunk.from} … ${chunk.to}` : ''),
    );
  }
  if (report.dryRun) reporter.line('dry run: nothing was sent');
  else
    reporter.line(
      `replayed ${report.replayed} records into ${context.streamName}, ${report.failed} refused, ${report.archived} objects archived`,
    );
  for (const { type, objects } of report.notReplayable) {
    reporter.line(
      `${objects} object(s) under errors/${type}/ since ${context.since ?? 'the start'}: not replayable ` +
        '(rows the transformer already produced); see "Error output" in apps/deploy/README.md',
    );
  }
  reporter.line(
    report.recorded
      ? `recorded in s3://${context.bucket}/${REPLAY_MARKER_KEY}: status now counts error objects from this run on`
      : `not recorded as a complete replay (${report.dryRun ? 'dry run' : report.failed > 0 ? 'records refused' : 'one --day only'}): status still counts these objects`,
  );
  reporter.summary(report);
}
