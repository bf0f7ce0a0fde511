import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors';
import { resolveRunOptions } from '../../src/resolve-run-options';

describe('resolveRunOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveRunOptions({})).toMatchObject({
      orders: 2000,
      seed: 42,
      outDir: '.cdc-local',
      capture: 'eventbridge-pipe',
      kinesisPrecision: 'ms',
      format: 'json',
      chaos: false,
      shards: 4,
      processorBufferBytes: 1048576,
      handlerThreads: 1,
      couponShare: 0,
      couponFrom: 0.5,
      preexisting: 0,
      backfillTwice: false,
    });
  });

  it.each([
    [{ orders: -1 }, 'orders must be a whole number from 0 to 10000000, got -1'],
    [{ orders: 1.5 }, 'orders must be a whole number'],
    [
      { capture: 'firehose' as never },
      'capture must be one of eventbridge-pipe, kinesis-destination, got "firehose"',
    ],
    [
      { capture: 'kinesis' as never },
      'capture must be one of eventbridge-pipe, kinesis-destination, got "kinesis"',
    ],
    [{ format: 'csv' as never }, 'format must be one of parquet, json, got "csv"'],
    [
      { processorBufferBytes: 10 },
      'processorBufferBytes must be a whole number from 204800 to 3145728, got 10',
    ],
    [{ dynamodbEndpoint: 'localhost:8000' }, 'dynamodbEndpoint must be an http(s) URL'],
    [
      { capture: 'kinesis-destination' as const, kinesisPrecision: 'ns' as never },
      'kinesisPrecision must be one of ms, us, absent, got "ns"',
    ],
    [
      { kinesisPrecision: 'us' as const },
      'kinesisPrecision applies to capture kinesis-destination only, got "us" with capture eventbridge-pipe',
    ],
    [{ preexisting: -5 }, 'preexisting must be a whole number from 0 to 10000000, got -5'],
    [{ backfillTwice: true }, 'backfillTwice replays the backfill of preexisting orders, got preexisting 0'],
    [{ handlerThreads: -1 }, 'handlerThreads must be a whole number from 0 to 64, got -1'],
    [
      { handlerThreads: 2, handler: async () => ({ records: [] }) },
      'handlerThreads applies to the real handler only; a given handler runs in this thread, got 2',
    ],
    [{ couponShare: 1.5 }, 'couponShare must be a number from 0 to 1, got 1.5'],
    [{ couponFrom: -0.1 }, 'couponFrom must be a number from 0 to 1, got -0.1'],
    [
      { couponShare: 0.3, dynamodbEndpoint: 'http://localhost:8000' },
      "couponShare plays an upgrade on the generator's simulated clock in the embedded table: not with a dynamodbEndpoint, got 0.3",
    ],
  ])('refuses %j, naming the option and the value', (input, message) => {
    expect(() => resolveRunOptions(input)).toThrow(UsageError);
    expect(() => resolveRunOptions(input)).toThrow(message);
  });
});
