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
      '--kinesis-precision',
      'absent',
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
        kinesisPrecision: 'absent',
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
    expect(HELP).toContain('--kinesis-precision ms|us|absent');
  });

  it("reads a negative number as the value of its flag, for the flag's own check to refuse", () => {
    expect(parseCliArguments(['--orders', '-5', '--seed', '-1']).options).toEqual({ orders: -5, seed: -1 });
    expect(() => resolveRunOptions(parseCliArguments(['--orders', '-5']).options)).toThrow(
      'orders must be a whole number from 0 to 10000000, got -5',
    );
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--orders', 'many'], '--orders must be a number, got "many"'],
    [['positional'], 'positional'],
    [['--buffer-mb', '-.5'], '--buffer-mb must be from 0.2 to 3, got -0.5'],
    [['--buffer-seconds', '901'], '--buffer-seconds must be from 0 to 900, got 901'],
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
      kinesisPrecision: 'ms',
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
    [
      { capture: 'kinesis' as const, kinesisPrecision: 'ns' as never },
      'kinesisPrecision must be one of ms, us, absent, got "ns"',
    ],
    [
      { kinesisPrecision: 'us' as const },
      'kinesisPrecision applies to capture kinesis only, got "us" with capture pipe',
    ],
  ])('refuses %j, naming the option and the value', (input, message) => {
    expect(() => resolveRunOptions(input)).toThrow(UsageError);
    expect(() => resolveRunOptions(input)).toThrow(message);
  });
});
