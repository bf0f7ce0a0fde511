import { join } from 'node:path';
import { DEFAULT_LAKE_TABLE } from '@org/order-schema';
import { Capture } from './capture';
import {
  DEFAULTS,
  ERROR_OUTPUT_TYPE,
  FIREHOSE_ERROR_CODE,
  FIREHOSE_LIMITS,
  OUTPUT_FORMAT,
} from './constants';
import { errorPrefix, type FirehoseErrorRecord } from './error-record';
import { FirehoseEmulator } from './firehose-emulator';
import { KinesisStream } from './kinesis-stream';
import type { LakeDatabase } from './lake-database';
import { ObjectWriter } from './object-writer';
import { parquetConversion } from './parquet-conversion';
import { SeededRandom } from './random';
import type { RunOptions } from './run-options';
import type { FirehoseTransformationHandler } from './types';

/** The stages between the source and the lake, wired together for one run. */
export interface StreamingStages {
  capture: Capture;
  stream: KinesisStream;
  firehose: FirehoseEmulator;
  lake: ObjectWriter;
  errors: ObjectWriter;
  /** Cumulative time spent inside the handler. */
  handlerMs: () => number;
  /** Drains every stage after the source's last change. */
  finish(): Promise<void>;
}

const ARN_PREFIX = `arn:aws:`;

/**
 * Builds capture → Kinesis-like stream → Firehose emulator → lake/errors writers. Each stage has its
 * own seeded randomness so that turning chaos on does not change the ids of the other stages.
 */
export function buildStreamingStages(
  options: RunOptions,
  handler: FirehoseTransformationHandler,
  database: LakeDatabase,
): StreamingStages {
  const { region, accountId, deliveryStreamName, tableName } = DEFAULTS;
  const seed = options.seed;
  let handlerMs = 0;
  const timedHandler: FirehoseTransformationHandler = async (event, context) => {
    const started = performance.now();
    try {
      return await handler(event, context);
    } finally {
      handlerMs += performance.now() - started;
    }
  };
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
  const lake = new ObjectWriter({
    root: options.outDir,
    deliveryStreamName,
    encoding:
      options.format === OUTPUT_FORMAT.JSON
        ? 'gzip'
        : {
            extension: '.parquet',
            finish: parquetConversion(database.connection, async (lines, reason) => {
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
            }),
          },
    bufferBytes: options.destinationBufferBytes,
    bufferIntervalMs: options.destinationBufferIntervalMs,
    random: new SeededRandom(seed + 13),
  });
  const chaosRandom = options.chaos ? new SeededRandom(seed + 17) : undefined;
  const firehose = new FirehoseEmulator({
    handler: timedHandler,
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
    stream,
    firehose,
    lake,
    errors,
    handlerMs: () => handlerMs,
    async finish() {
      await capture.finish(firehose.clockMs);
      await stream.drain();
      await firehose.finish();
    },
  };
}

export const stagingDirectory = (outDir: string): string => join(outDir, '.staging');
