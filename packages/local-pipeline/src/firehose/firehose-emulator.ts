import {
  FIREHOSE_RESULT,
  type FirehoseTransformationEvent,
  type FirehoseTransformationEventRecord,
} from '@org/cdc-transformer';
import type { FirehoseTransformationHandler } from '@org/cdc-transformer/lambda';
import type { ShardRecord } from '../capture/kinesis-stream';
import { InvocationFailedError } from '../errors';
import type { ObjectWriter } from '../lake/object-writer';
import type { SeededRandom } from '../random';
import { ERROR_OUTPUT_TYPE, FIREHOSE_ERROR_CODE, FIREHOSE_LIMITS } from './constants';
import { errorPrefix, type FirehoseErrorRecord, lakePrefix } from './error-record';
import { type CheckedResultRecord, checkTransformationResponse } from './firehose-response';
import { lambdaContext } from './lambda-context';

export interface FirehoseEmulatorOptions {
  handler: FirehoseTransformationHandler;
  deliveryStreamArn: string;
  sourceKinesisStreamArn: string;
  lambdaArn: string;
  region: string;
  lakeTable: string;
  /**
   * Processor buffering hints: invoke once this many bytes are buffered or the oldest buffered record
   * has waited this long in wall-clock time. (A run replays days of simulated time in seconds; on the
   * simulated clock the interval would invoke for every few records of a quiet night.)
   */
  bufferBytes: number;
  bufferIntervalMs: number;
  /** Retries of a failed invocation before its records go to the error prefix. */
  retries: number;
  lake: ObjectWriter;
  errors: ObjectWriter;
  random: SeededRandom;
  /** Chaos: the first attempt of this invocation (1-based) fails, as a Lambda timeout or crash would. */
  failFirstAttemptOfInvocation?: number;
  /**
   * The handler deployed at `clockMs` (a staged upgrade changes it while the run goes); `handler` when
   * absent. Chosen when a batch is invoked, for all its attempts.
   */
  handlerAt?: (clockMs: number) => FirehoseTransformationHandler;
  /** Called after each delivery with the emulator's clock, once its objects are written. */
  afterDelivery?: (clockMs: number) => void;
}

export interface FirehoseStats {
  recordsIn: number;
  invocations: number;
  attempts: number;
  retries: number;
  failedInvocations: number;
  ok: number;
  dropped: number;
  processingFailed: number;
  lakeRows: number;
  maxInvokePayloadBytes: number;
}

/** Batches that may wait for the disk before the stream waits. */
const MAX_PENDING_DELIVERIES = 8;

/**
 * Real events carry the number 0 here; `@types/aws-lambda`, and so the transformer whose types match
 * it, types the field as a string. The emulator sends what Firehose sends.
 */
const SUBSEQUENCE_NUMBER = 0 as unknown as string;

/** Bytes of one event record besides its data, in the JSON of the event. */
const RECORD_OVERHEAD_BYTES = 330;

/**
 * Firehose with a Kinesis source and a Lambda processor: buffers records by size and interval,
 * invokes the handler with the real transformation event (never over 6 MB), retries a failed
 * invocation, then routes Ok rows to `lake/<table>/dt=…/hour=…/` by the returned partition keys and
 * ProcessingFailed or failed-invocation records to `errors/processing-failed/…` with their original bytes.
 */
export class FirehoseEmulator {
  public readonly stats: FirehoseStats = {
    recordsIn: 0,
    invocations: 0,
    attempts: 0,
    retries: 0,
    failedInvocations: 0,
    ok: 0,
    dropped: 0,
    processingFailed: 0,
    lakeRows: 0,
    maxInvokePayloadBytes: 0,
  };
  private readonly options: FirehoseEmulatorOptions;
  private buffer: FirehoseTransformationEventRecord[] = [];
  private bufferBytes = 0;
  private payloadBytes = 0;
  private bufferStartedMs = 0;
  private nowMs = 0;
  private delivering: Promise<void> = Promise.resolve();
  private pendingDeliveries = 0;

  public constructor(options: FirehoseEmulatorOptions) {
    this.options = options;
  }

  /** The latest arrival time seen: the emulator's clock. */
  public get clockMs(): number {
    return this.nowMs;
  }

  /** Takes records read from the stream. */
  public readonly accept = async (records: ShardRecord[]): Promise<void> => {
    const { bufferBytes, bufferIntervalMs } = this.options;
    for (const record of records) {
      const data = record.data.toString('base64');
      const payload = data.length + RECORD_OVERHEAD_BYTES;
      if (
        this.buffer.length > 0 &&
        this.payloadBytes + payload > FIREHOSE_LIMITS.maxInvokePayloadBytes - 1024
      ) {
        await this.flush();
      }
      if (this.buffer.length === 0) this.bufferStartedMs = performance.now();
      this.nowMs = Math.max(this.nowMs, record.approximateArrivalTimestamp);
      this.buffer.push({
        recordId: `${record.sequenceNumber}${String(this.stats.recordsIn % 1_000_000).padStart(12, '0')}`,
        approximateArrivalTimestamp: record.approximateArrivalTimestamp,
        data,
        kinesisRecordMetadata: {
          shardId: record.shardId,
          partitionKey: record.partitionKey,
          approximateArrivalTimestamp: record.approximateArrivalTimestamp,
          sequenceNumber: record.sequenceNumber,
          subsequenceNumber: SUBSEQUENCE_NUMBER,
        },
      });
      this.stats.recordsIn++;
      this.bufferBytes += record.data.length;
      this.payloadBytes += payload;
      if (this.bufferBytes >= bufferBytes || performance.now() - this.bufferStartedMs >= bufferIntervalMs) {
        await this.flush();
      }
    }
  };

  /** Invokes for what is still buffered and closes every open object. */
  public async finish(): Promise<void> {
    await this.flush();
    await this.delivering;
    await this.options.lake.close();
    await this.options.errors.close();
    // The objects closed at the end are a delivery too.
    this.options.afterDelivery?.(this.nowMs);
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const records = this.buffer;
    const payloadBytes = this.payloadBytes + 200;
    this.buffer = [];
    this.bufferBytes = 0;
    this.payloadBytes = 0;
    this.stats.maxInvokePayloadBytes = Math.max(this.stats.maxInvokePayloadBytes, payloadBytes);
    // The invocation runs while the stream keeps filling the next buffer (the handler may be in a
    // worker); results are delivered in invocation order, a few batches may wait, then the stream waits.
    const outcome = this.invoke(records);
    const nowMs = this.nowMs;
    this.pendingDeliveries++;
    this.delivering = this.delivering.then(async () => {
      try {
        await this.deliver(records, await outcome, nowMs);
      } finally {
        this.pendingDeliveries--;
      }
    });
    if (this.pendingDeliveries >= MAX_PENDING_DELIVERIES) await this.delivering;
  }

  private async invoke(
    records: FirehoseTransformationEventRecord[],
  ): Promise<CheckedResultRecord[] | InvocationFailedError> {
    const { retries, deliveryStreamArn, sourceKinesisStreamArn, region, lambdaArn, random } = this.options;
    const handler = this.options.handlerAt?.(this.nowMs) ?? this.options.handler;
    this.stats.invocations++;
    let lastError = new InvocationFailedError(FIREHOSE_ERROR_CODE.FUNCTION_ERROR, 'not invoked');
    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      this.stats.attempts++;
      if (attempt > 1) this.stats.retries++;
      const event: FirehoseTransformationEvent = {
        invocationId: random.uuid(),
        deliveryStreamArn,
        sourceKinesisStreamArn,
        region,
        records,
      };
      try {
        if (attempt === 1 && this.stats.invocations === this.options.failFirstAttemptOfInvocation) {
          throw new Error('Task timed out after 300.00 seconds (injected by --chaos)');
        }
        const response = await handler(event, lambdaContext(lambdaArn, random.uuid()));
        return checkTransformationResponse(event, response);
      } catch (error) {
        lastError =
          error instanceof InvocationFailedError
            ? error
            : new InvocationFailedError(FIREHOSE_ERROR_CODE.FUNCTION_ERROR, String(error), { cause: error });
      }
    }
    this.stats.failedInvocations++;
    return lastError;
  }

  private async deliver(
    records: FirehoseTransformationEventRecord[],
    outcome: CheckedResultRecord[] | InvocationFailedError,
    nowMs: number,
  ): Promise<void> {
    const { lake, errors, lakeTable, lambdaArn, retries } = this.options;
    const lakeChunks = new Map<string, Buffer[]>();
    const failed: FirehoseErrorRecord[] = [];
    const fail = (
      record: FirehoseTransformationEventRecord,
      errorCode: string,
      message: string,
      attempts: number,
    ) =>
      failed.push({
        attemptsMade: attempts,
        arrivalTimestamp: record.approximateArrivalTimestamp,
        errorCode,
        errorMessage: message,
        attemptEndingTimestamp: nowMs,
        rawData: record.data,
        lambdaArn,
      });
    if (outcome instanceof InvocationFailedError) {
      for (const record of records) fail(record, outcome.errorCode, outcome.message, retries + 1);
      this.stats.processingFailed += records.length;
    } else {
      outcome.forEach((result, index) => {
        const input = records[index]!;
        if (result.result === FIREHOSE_RESULT.DROPPED) {
          this.stats.dropped++;
          return;
        }
        if (result.result === FIREHOSE_RESULT.PROCESSING_FAILED) {
          this.stats.processingFailed++;
          fail(
            input,
            FIREHOSE_ERROR_CODE.PROCESSING_FAILED_STATUS,
            'The Lambda function marked the record as ProcessingFailed.',
            1,
          );
          return;
        }
        const keys = result.metadata?.partitionKeys;
        if (!keys?.['dt'] || !keys['hour']) {
          this.stats.processingFailed++;
          fail(
            input,
            FIREHOSE_ERROR_CODE.MISSING_PARTITION_KEYS,
            'Ok record without partitionKeys dt and hour.',
            1,
          );
          return;
        }
        const data = Buffer.from(result.data, 'base64');
        this.stats.ok++;
        this.stats.lakeRows += countLines(data);
        const prefix = lakePrefix(lakeTable, { dt: keys['dt'], hour: keys['hour'] });
        const chunks = lakeChunks.get(prefix);
        if (chunks) chunks.push(data);
        else lakeChunks.set(prefix, [data]);
      });
    }
    await Promise.all(
      [...lakeChunks].map(([prefix, chunks]) => lake.append(prefix, Buffer.concat(chunks), nowMs)),
    );
    if (failed.length > 0) {
      const lines = Buffer.from(failed.map((record) => `${JSON.stringify(record)}\n`).join(''));
      await errors.append(errorPrefix(ERROR_OUTPUT_TYPE.PROCESSING_FAILED, nowMs), lines, nowMs);
    }
    await lake.expire(nowMs);
    await errors.expire(nowMs);
    this.options.afterDelivery?.(nowMs);
  }
}

function countLines(data: Buffer): number {
  let count = 0;
  for (let at = data.indexOf(10); at !== -1; at = data.indexOf(10, at + 1)) count++;
  return count;
}
