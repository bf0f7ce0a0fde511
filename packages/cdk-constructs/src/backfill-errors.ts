import { CdcSalesPipelineError } from './errors';

/** The errors the snapshot backfill's Lambda reports to Step Functions, which records them per data file. */

function reasonOf(cause: unknown): string {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}

/** An export data file cannot be read (missing, not allowed, not gzip, cut short); the message names it. */
export class ExportFileUnreadableError extends CdcSalesPipelineError {
  constructor(
    readonly bucket: string,
    readonly key: string,
    cause: unknown,
  ) {
    super(`s3://${bucket}/${key} cannot be read: ${reasonOf(cause)}`, { cause });
  }
}

/** Kinesis refused a PutRecords call for a reason no retry cures (access, missing stream, key). */
export class StreamWriteError extends CdcSalesPipelineError {
  constructor(
    readonly streamArn: string,
    cause: unknown,
  ) {
    super(`cannot write to ${streamArn}: ${reasonOf(cause)}`, { cause });
  }
}

/** The prebuilt backfill Lambda bundle is not in this package's `dist/`. */
export class BackfillHandlerMissingError extends CdcSalesPipelineError {
  constructor(
    readonly bundleDir: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The backfill Lambda bundle is missing at ${bundleDir}: build it with \`pnpm --filter @org/cdk-constructs build\``,
      options,
    );
  }
}
