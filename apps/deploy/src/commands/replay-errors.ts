import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { type KinesisClient, PutRecordsCommand, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { parseErrorObject, partitionKeyOf } from '../error-records';
import type { Reporter } from '../reporter';
import { readStackOutputs } from '../stack-outputs';

export interface ReplayClients {
  readonly cloudFormation: CloudFormationClient;
  readonly kinesis: KinesisClient;
  readonly s3: S3Client;
}

export interface ReplayOptions {
  readonly stackName: string;
  /** Only this UTC day's error objects (`YYYY-MM-DD`). */
  readonly day?: string;
  /** Count what would be replayed; write nothing. */
  readonly dryRun: boolean;
  /** Move each fully replayed object under `<error prefix>replayed/`, so a second run skips it. */
  readonly archive: boolean;
  /** Attempts per PutRecords batch for records Kinesis refused. @default 4 */
  readonly maxAttempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface ReplayReport {
  readonly stackName: string;
  readonly prefix: string;
  readonly dryRun: boolean;
  readonly objects: number;
  readonly records: number;
  readonly replayed: number;
  readonly failed: number;
  readonly archived: number;
}

/** The error type whose records are original change records, fit to be sent through the pipeline again. */
export const REPLAYABLE_ERROR_TYPE = 'processing-failed';
const MAX_BATCH_RECORDS = 500;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Re-drives records the transformer rejected (`errors/processing-failed/…`) into the change stream,
 * after the transformer has been fixed: each record's original bytes go back to Kinesis with the
 * order id as partition key, and Firehose processes them again. Other error types hold converted
 * rows, not change records, and are not replayed.
 */
export async function runReplayErrors(
  clients: ReplayClients,
  options: ReplayOptions,
  reporter: Reporter,
): Promise<ReplayReport> {
  const outputs = await readStackOutputs(clients.cloudFormation, options.stackName);
  const bucket = outputs.lakeBucketName;
  const prefix = `${outputs.errorPrefix}${REPLAYABLE_ERROR_TYPE}/${options.day ? `${options.day.replaceAll('-', '/')}/` : ''}`;
  let objects = 0;
  let records = 0;
  let replayed = 0;
  let failed = 0;
  let archived = 0;
  let continuationToken: string | undefined;
  do {
    const page = await clients.s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: continuationToken }),
    );
    for (const object of page.Contents ?? []) {
      if (!object.Key) continue;
      objects++;
      const body = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
      const entries = parseErrorObject(await body.Body!.transformToByteArray()).map(
        (record): PutRecordsRequestEntry => {
          const data = Buffer.from(record.rawData, 'base64');
          return { Data: data, PartitionKey: partitionKeyOf(data) };
        },
      );
      records += entries.length;
      reporter.progress(`${object.Key}: ${entries.length} records`);
      if (options.dryRun) continue;
      const refused = await putAll(clients.kinesis, outputs.changeStreamName, entries, options);
      replayed += entries.length - refused;
      failed += refused;
      if (refused === 0 && options.archive) {
        const target = `${outputs.errorPrefix}replayed/${object.Key.slice(outputs.errorPrefix.length)}`;
        await clients.s3.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: target,
            CopySource: `${bucket}/${encodeURIComponent(object.Key)}`,
          }),
        );
        await clients.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }));
        archived++;
      }
    }
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken);

  const report: ReplayReport = {
    stackName: options.stackName,
    prefix,
    dryRun: options.dryRun,
    objects,
    records,
    replayed,
    failed,
    archived,
  };
  reporter.line(`${objects} error objects under s3://${bucket}/${prefix}, ${records} records`);
  if (options.dryRun) reporter.line('dry run: nothing was sent');
  else
    reporter.line(
      `replayed ${replayed} records into ${outputs.changeStreamName}, ${failed} refused, ${archived} objects archived`,
    );
  reporter.summary(report);
  return report;
}

/** Sends entries in PutRecords batches, re-sending refused ones with backoff; returns how many stayed refused. */
async function putAll(
  kinesis: KinesisClient,
  streamName: string,
  entries: PutRecordsRequestEntry[],
  options: ReplayOptions,
): Promise<number> {
  const sleep = options.sleep ?? realSleep;
  let refused = 0;
  for (const batch of batches(entries)) {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const result = await kinesis.send(new PutRecordsCommand({ StreamName: streamName, Records: pending }));
      pending = pending.filter((_, index) => result.Records?.[index]?.ErrorCode !== undefined);
      if (pending.length === 0) break;
      if (attempt >= (options.maxAttempts ?? 4)) {
        refused += pending.length;
        break;
      }
      await sleep(100 * 2 ** attempt);
    }
  }
  return refused;
}

function* batches(entries: PutRecordsRequestEntry[]): Generator<PutRecordsRequestEntry[]> {
  let batch: PutRecordsRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = (entry.Data?.length ?? 0) + (entry.PartitionKey?.length ?? 0);
    if (batch.length === MAX_BATCH_RECORDS || (batch.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(entry);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
