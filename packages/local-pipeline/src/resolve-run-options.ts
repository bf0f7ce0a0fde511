import {
  CAPTURE_MODE,
  CAPTURE_MODES,
  type CaptureMode,
  OUTPUT_FORMATS,
  type OutputFormat,
} from '@org/order-schema';
import { DEFAULTS, KINESIS_PRECISIONS, type KinesisPrecision } from './constants';
import { UsageError } from './errors';
import { FIREHOSE_LIMITS } from './firehose/constants';
import type { RunOptions } from './run-options';

function wholeNumber(field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(
      `${field} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function share(field: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new UsageError(`${field} must be a number from 0 to 1, got ${JSON.stringify(value)}`);
  }
  return value;
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new UsageError(`${field} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** Fills in the defaults and checks every option; throws `UsageError` naming the option and the value. */
export function resolveRunOptions(input: Partial<RunOptions>): RunOptions {
  const endpoint = input.dynamodbEndpoint;
  if (endpoint !== undefined) {
    try {
      const url = new URL(endpoint);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    } catch {
      throw new UsageError(
        `dynamodbEndpoint must be an http(s) URL such as http://localhost:8000, got ${JSON.stringify(endpoint)}`,
      );
    }
  }
  if (typeof (input.outDir ?? DEFAULTS.outDir) !== 'string' || (input.outDir ?? DEFAULTS.outDir) === '') {
    throw new UsageError(`outDir must be a directory path, got ${JSON.stringify(input.outDir)}`);
  }
  const capture = oneOf<CaptureMode>('capture', input.capture ?? DEFAULTS.capture, CAPTURE_MODES);
  if (input.kinesisPrecision !== undefined && capture !== CAPTURE_MODE.KINESIS_DESTINATION) {
    throw new UsageError(
      `kinesisPrecision applies to capture ${CAPTURE_MODE.KINESIS_DESTINATION} only, got ${JSON.stringify(input.kinesisPrecision)} with capture ${capture}`,
    );
  }
  if (input.backfillTwice && !input.preexisting) {
    throw new UsageError(
      `backfillTwice replays the backfill of preexisting orders, got preexisting ${JSON.stringify(input.preexisting ?? 0)}`,
    );
  }
  const handlerThreads = wholeNumber(
    'handlerThreads',
    input.handlerThreads ?? DEFAULTS.handlerThreads,
    0,
    64,
  );
  if (input.handler && input.handlerThreads !== undefined && handlerThreads > 0) {
    throw new UsageError(
      `handlerThreads applies to the real handler only; a given handler runs in this thread, got ${handlerThreads}`,
    );
  }
  const couponShare = share('couponShare', input.couponShare ?? DEFAULTS.couponShare);
  if (couponShare > 0 && (input.workload || endpoint !== undefined)) {
    throw new UsageError(
      `couponShare plays an upgrade on the generator's simulated clock in the embedded table: not with a ${input.workload ? 'workload' : 'dynamodbEndpoint'}, got ${couponShare}`,
    );
  }
  return {
    ...input,
    couponShare,
    couponFrom: share('couponFrom', input.couponFrom ?? DEFAULTS.couponFrom),
    orders: wholeNumber('orders', input.orders ?? DEFAULTS.orders, 0, 10_000_000),
    preexisting: wholeNumber('preexisting', input.preexisting ?? 0, 0, 10_000_000),
    backfillTwice: input.backfillTwice ?? false,
    seed: wholeNumber('seed', input.seed ?? DEFAULTS.seed, 0, 2 ** 32 - 1),
    outDir: input.outDir ?? DEFAULTS.outDir,
    capture,
    kinesisPrecision: oneOf<KinesisPrecision>(
      'kinesisPrecision',
      input.kinesisPrecision ?? DEFAULTS.kinesisPrecision,
      KINESIS_PRECISIONS,
    ),
    format: oneOf<OutputFormat>('format', input.format ?? DEFAULTS.format, OUTPUT_FORMATS),
    chaos: input.chaos ?? false,
    shards: wholeNumber('shards', input.shards ?? DEFAULTS.shards, 1, 1024),
    handlerThreads,
    processorBufferBytes: wholeNumber(
      'processorBufferBytes',
      input.processorBufferBytes ?? DEFAULTS.processorBufferBytes,
      FIREHOSE_LIMITS.minProcessorBufferBytes,
      FIREHOSE_LIMITS.maxProcessorBufferBytes,
    ),
    processorBufferIntervalMs: wholeNumber(
      'processorBufferIntervalMs',
      input.processorBufferIntervalMs ?? DEFAULTS.processorBufferIntervalMs,
      0,
      900_000,
    ),
    destinationBufferBytes: wholeNumber(
      'destinationBufferBytes',
      input.destinationBufferBytes ?? DEFAULTS.destinationBufferBytes,
      1024,
    ),
    destinationBufferIntervalMs: wholeNumber(
      'destinationBufferIntervalMs',
      input.destinationBufferIntervalMs ?? DEFAULTS.destinationBufferIntervalMs,
      0,
      900_000,
    ),
    screenshot: input.screenshot ?? false,
  };
}
