import { describe, expect, it } from 'vitest';
import { HELP, parseCliArguments, resolveRunOptions, UsageError } from '../../src/index';

describe('parseCliArguments', () => {
  it('ignores a leading -- and reads every flag', () => {
    const cli = parseCliArguments([
      '--',
      '--orders',
      '5000',
      '--seed=7',
      '--out',
      'DIR',
      '--json',
      '--capture',
      'kinesis',
      '--format',
      'parquet',
      '--chaos',
      '--buffer-mb',
      '0.5',
      '--dynamodb-endpoint',
      'http://localhost:8000',
      '--screenshot',
      '--no-progress',
    ]);
    expect(cli).toEqual({
      help: false,
      json: true,
      progress: false,
      options: {
        orders: 5000,
        seed: 7,
        outDir: 'DIR',
        capture: 'kinesis',
        format: 'parquet',
        chaos: true,
        processorBufferBytes: 524288,
        dynamodbEndpoint: 'http://localhost:8000',
        screenshot: true,
      },
    });
  });

  it('gives help', () => {
    expect(parseCliArguments(['-h']).help).toBe(true);
    expect(HELP).toContain('--dynamodb-endpoint URL');
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--orders', 'many'], '--orders must be a number, got "many"'],
    [['positional'], 'positional'],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseCliArguments(argv)).toThrow(UsageError);
    expect(() => parseCliArguments(argv)).toThrow(message);
  });
});

describe('resolveRunOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveRunOptions({})).toMatchObject({
      orders: 2000,
      seed: 42,
      outDir: '.cdc-local',
      capture: 'pipe',
      format: 'json',
      chaos: false,
      shards: 4,
      processorBufferBytes: 1048576,
    });
  });

  it.each([
    [{ orders: -1 }, 'orders must be a whole number from 0 to 10000000, got -1'],
    [{ orders: 1.5 }, 'orders must be a whole number'],
    [{ capture: 'firehose' as never }, 'capture must be one of pipe, kinesis, got "firehose"'],
    [{ format: 'csv' as never }, 'format must be one of json, parquet, got "csv"'],
    [
      { processorBufferBytes: 10 },
      'processorBufferBytes must be a whole number from 204800 to 3145728, got 10',
    ],
    [{ dynamodbEndpoint: 'localhost:8000' }, 'dynamodbEndpoint must be an http(s) URL'],
  ])('refuses %j, naming the option and the value', (input, message) => {
    expect(() => resolveRunOptions(input)).toThrow(UsageError);
    expect(() => resolveRunOptions(input)).toThrow(message);
  });
});
