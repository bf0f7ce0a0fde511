import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/**
 * Firehose writes failed records under `<error prefix><error type>/…` (`processing-failed`,
 * `format-conversion-failed`, `activePartitionExceeded`, …). Only `processing-failed` holds the original
 * change records, fit to be sent through the pipeline again; the others hold rows the transformer
 * already produced.
 */
export const REPLAYABLE_ERROR_TYPE = 'processing-failed';
/** Where `replay-errors --archive` moves the objects it replayed; not an error type of Firehose's. */
export const REPLAYED_ARCHIVE = 'replayed';

/** The objects under one `errors/<type>/` prefix. */
export interface ErrorTypeSummary {
  readonly type: string;
  readonly prefix: string;
  readonly objects: number;
  readonly bytes: number;
  /** LastModified of the newest object. */
  readonly newest: Date | undefined;
  /** Objects that arrived after `since` (all of them without one). */
  readonly arrivedSince: number;
}

/**
 * Counts the objects under each `<errorPrefix><type>/` of the bucket: how many, how many bytes, the
 * newest, and how many arrived after `since`. Types come from the bucket itself (one delimited listing),
 * so a type Firehose adds later is counted too.
 */
export async function summarizeErrorOutput(
  s3: S3Client,
  bucket: string,
  errorPrefix: string,
  since: Date | undefined,
): Promise<ErrorTypeSummary[]> {
  const prefixes: string[] = [];
  for await (const page of listPages(s3, { Bucket: bucket, Prefix: errorPrefix, Delimiter: '/' })) {
    for (const common of page.CommonPrefixes ?? []) if (common.Prefix) prefixes.push(common.Prefix);
  }
  const summaries: ErrorTypeSummary[] = [];
  for (const prefix of prefixes.sort()) {
    let objects = 0;
    let bytes = 0;
    let newest: Date | undefined;
    let arrivedSince = 0;
    for await (const page of listPages(s3, { Bucket: bucket, Prefix: prefix })) {
      for (const object of page.Contents ?? []) {
        objects++;
        bytes += object.Size ?? 0;
        const modified = object.LastModified;
        if (modified && (newest === undefined || modified > newest)) newest = modified;
        if (since === undefined || (modified !== undefined && modified > since)) arrivedSince++;
      }
    }
    const type = prefix.slice(errorPrefix.length, -1);
    summaries.push({ type, prefix, objects, bytes, newest, arrivedSince });
  }
  return summaries;
}

/** Every page of a ListObjectsV2 listing. */
export async function* listPages(
  s3: S3Client,
  input: { Bucket: string; Prefix: string; Delimiter?: string },
) {
  let continuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ ...input, ContinuationToken: continuationToken }));
    yield page;
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken);
}
