import type { FirehoseTransformationHandler } from '@org/cdc-transformer/lambda';
import { DEFAULT_LAKE_TABLE, OUTPUT_FORMAT, type SchemaVersion } from '@org/order-schema';
import { Capture, type CaptureCounts } from './capture/capture';
import { KinesisStream } from './capture/kinesis-stream';
import { DEFAULTS } from './constants';
import { ERROR_OUTPUT_TYPE, FIREHOSE_ERROR_CODE, FIREHOSE_LIMITS } from './firehose/constants';
import { errorPrefix, type FirehoseErrorRecord } from './firehose/error-record';
import { FirehoseEmulator, type FirehoseStats } from './firehose/firehose-emulator';
import type { TransformerUpgrade } from './firehose/transformer-upgrade';
import type { CurrentStateTable } from './lake/current-state-table';
import type { LakeDatabase } from './lake/lake-database';
import { ObjectWriter, type ObjectWriterStats } from './lake/object-writer';
import { parquetConversion } from './lake/parquet-conversion';
import { SeededRandom } from './random';
import type { ProgressCounts, RunClock } from './run-clock';
import type { RunOptions } from './run-options';
import { type BackfillCounts, emptyBackfillCounts } from './source/backfill';
import { type BackfillPlan, exportDirectory } from './source/embedded-backfill';
import { runSource, type SourceRun } from './source/run-source';

/** What the streaming stages did, source to lake. */
export interface StreamedChanges {
  source: SourceRun;
  capture: CaptureCounts;
  firehose: FirehoseStats;
  lake: ObjectWriterStats;
  errors: ObjectWriterStats;
  /** The highest resident memory sampled while changes were streaming. */
  peakRssBytes: number;
  /** What the backfill of pre-existing orders read, when the run had some. */
  backfill: BackfillCounts | undefined;
}

/** What a run adds to the streaming stages: the current-state table, a transformer upgrade to play. */
export interface StreamingExtras {
  /** Refreshed after each Firehose delivery that landed objects, beside the stream. */
  stateTable?: CurrentStateTable;
  /** Scheduled when the first order that may carry a coupon is placed. */
  upgrade?: {
    transformer: TransformerUpgrade;
    handlerOf: (layout: SchemaVersion) => FirehoseTransformationHandler;
  };
}

/** The stages between the source and the lake, wired together for one run. */
interface StreamingStages {
  capture: Capture;
  firehose: FirehoseEmulator;
  lake: ObjectWriter;
  errors: ObjectWriter;
  /** Drains every stage after the source's last change. */
  finish(): Promise<void>;
}

const ARN_PREFIX = `arn:aws:`;

/**
 * Builds capture → Kinesis-like stream → Firehose emulator → lake/errors writers. Each stage has its
 * own seeded randomness so that turning chaos on does not change the ids of the other stages.
 */
function buildStreamingStages(
  options: RunOptions,
  handler: FirehoseTransformationHandler,
  database: LakeDatabase,
  { stateTable, upgrade }: StreamingExtras,
): StreamingStages {
  const { region, accountId, deliveryStreamName, tableName } = DEFAULTS;
  const seed = options.seed;
  const errors = new ObjectWriter({
    root: options.outDir,
    deliveryStreamName,
    // Firehose compresses error output like the data, and Parquet output is never compressed outside.
    encoding: options.format === OUTPUT_FORMAT.JSON ? 'gzip' : 'none',
    bufferBytes: options.destinationBufferBytes,
    bufferIntervalMs: options.destinationBufferIntervalMs,
    random: new SeededRandom(seed + 11),
  });
  const lambdaArn = `${ARN_PREFIX}lambda:${region}:${accountId}:function:cdc-transformer`;
  const lake: ObjectWriter = new ObjectWriter({
    root: options.outDir,
    deliveryStreamName,
    encoding:
      options.format === OUTPUT_FORMAT.JSON
        ? 'gzip'
        : {
            extension: '.parquet',
            finish: parquetConversion(
              database.connection,
              async (lines, reason) => {
                const now = firehose.clockMs;
                const records: FirehoseErrorRecord[] = lines.map((line) => ({
                  attemptsMade: 1,
                  arrivalTimestamp: now,
                  errorCode: FIREHOSE_ERROR_CODE.FORMAT_CONVERSION,
                  errorMessage: reason.slice(0, 500),
                  attemptEndingTimestamp: now,
                  rawData: line.toString('base64'),
                  lambdaArn,
                }));
                const data = Buffer.from(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
                await errors.append(errorPrefix(ERROR_OUTPUT_TYPE.FORMAT_CONVERSION_FAILED, now), data, now);
              },
              upgrade && ((closedAtMs) => upgrade.transformer.layoutAt(closedAtMs)),
            ),
          },
    bufferBytes: options.destinationBufferBytes,
    bufferIntervalMs: options.destinationBufferIntervalMs,
    random: new SeededRandom(seed + 13),
    onObject: stateTable?.objectLanded,
  });
  const chaosRandom = options.chaos ? new SeededRandom(seed + 17) : undefined;
  const firehose: FirehoseEmulator = new FirehoseEmulator({
    handler,
    deliveryStreamArn: `${ARN_PREFIX}firehose:${region}:${accountId}:deliverystream/${deliveryStreamName}`,
    sourceKinesisStreamArn: `${ARN_PREFIX}kinesis:${region}:${accountId}:stream/orders-changes`,
    lambdaArn,
    region,
    lakeTable: DEFAULT_LAKE_TABLE,
    bufferBytes: options.processorBufferBytes,
    bufferIntervalMs: options.processorBufferIntervalMs,
    retries: FIREHOSE_LIMITS.defaultRetries,
    lake,
    errors,
    random: new SeededRandom(seed + 19),
    // The first invocation times out once and succeeds on its retry, even in the smallest run.
    failFirstAttemptOfInvocation: options.chaos ? 1 : undefined,
    handlerAt: upgrade && ((clockMs) => upgrade.handlerOf(upgrade.transformer.layoutAt(clockMs))),
    afterDelivery: stateTable && ((clockMs) => stateTable.afterDelivery(clockMs)),
  });
  const stream = new KinesisStream({
    shardCount: options.shards,
    readBatchRecords: 500,
    consumer: firehose.accept,
    chaos: chaosRandom,
  });
  const capture = new Capture({
    mode: options.capture,
    kinesisPrecision: options.kinesisPrecision,
    stream,
    tableName,
    random: new SeededRandom(seed + 23),
    chaos: chaosRandom
      ? { random: chaosRandom, duplicateRate: 0.02, garbageEvery: 500, minGarbage: 3 }
      : undefined,
  });
  return {
    capture,
    firehose,
    lake,
    errors,
    async finish() {
      await capture.finish(firehose.clockMs);
      await stream.drain();
      await firehose.finish();
    },
  };
}

/** How far a run has streamed, for the progress display. */
export function streamedCounts(capture: CaptureCounts, firehose: FirehoseStats): ProgressCounts {
  return { changes: capture.changes, lakeRows: firehose.lakeRows, failedRecords: firehose.processingFailed };
}

/**
 * Source → capture → stream → Firehose (the handler) → lake on disk: runs the source's writes through
 * every stage with back-pressure and resolves once every object is closed.
 */
export async function streamChanges(
  options: RunOptions,
  clock: RunClock,
  handler: FirehoseTransformationHandler,
  database: LakeDatabase,
  extras: StreamingExtras = {},
): Promise<StreamedChanges> {
  const stages = buildStreamingStages(options, handler, database, extras);
  const { capture, firehose } = stages;
  let nextProgress = 0;
  let peakRssBytes = 0;
  const sample = () => {
    const { changes, snapshots } = capture.counts;
    if (changes + snapshots < nextProgress) return;
    nextProgress = changes + snapshots + 1000;
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
    clock.progress('streaming', streamedCounts(capture.counts, firehose.stats));
  };
  const backfill: BackfillPlan | undefined =
    options.preexisting > 0
      ? {
          exportDir: exportDirectory(options.outDir),
          passes: options.backfillTwice ? 2 : 1,
          counts: emptyBackfillCounts(),
          sink: async (orderId, record) => {
            await capture.acceptSnapshot(orderId, record);
            sample();
          },
        }
      : undefined;
  const source = await runSource(
    options,
    clock.startedAt,
    async (change) => {
      await capture.accept(change);
      sample();
    },
    extras.upgrade && ((atMs) => extras.upgrade?.transformer.scheduleAt(atMs)),
    backfill,
  );
  await stages.finish();
  return {
    source,
    capture: capture.counts,
    firehose: firehose.stats,
    lake: stages.lake.stats,
    errors: stages.errors.stats,
    peakRssBytes,
    backfill: backfill?.counts,
  };
}
