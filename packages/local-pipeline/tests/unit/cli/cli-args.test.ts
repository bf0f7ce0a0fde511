import { describe, expect, it } from 'vitest';
import { HELP, parseCliArguments } from '../../../src/cli/cli-args';
import { UsageError } from '../../../src/errors';
import { resolveRunOptions } from '../../../src/resolve-run-options';

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
      'kinesis-destination',
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
      '--handler-threads',
      '2',
    ]);
    expect(cli).toEqual({
      help: false,
      json: true,
      progress: false,
      options: {
        orders: 5000,
        seed: 7,
        outDir: 'DIR',
        capture: 'kinesis-destination',
        kinesisPrecision: 'absent',
        format: 'parquet',
        chaos: true,
        processorBufferBytes: 524288,
        dynamodbEndpoint: 'http://localhost:8000',
        screenshot: true,
        handlerThreads: 2,
      },
    });
  });

  it('reads --preexisting and --backfill-twice', () => {
    expect(parseCliArguments(['--preexisting', '1000', '--backfill-twice']).options).toEqual({
      preexisting: 1000,
      backfillTwice: true,
    });
  });

  it.each([
    ['eventbridge-pipe', 'eventbridge-pipe'],
    ['kinesis-destination', 'kinesis-destination'],
    ['pipe', 'eventbridge-pipe'],
    ['kinesis', 'kinesis-destination'],
  ])('reads --capture %s as %s', (given, mode) => {
    expect(parseCliArguments(['--capture', given]).options).toEqual({ capture: mode });
  });

  it('gives help', () => {
    expect(parseCliArguments(['-h']).help).toBe(true);
    expect(HELP).toContain('--dynamodb-endpoint URL');
    expect(HELP).toContain('--kinesis-precision ms|us|absent');
    expect(HELP).toContain('--capture eventbridge-pipe|kinesis-destination');
    expect(HELP).toContain('pipe and kinesis are short aliases');
    expect(HELP).toContain('--handler-threads N');
    expect(HELP).toContain('--preexisting N');
    expect(HELP).toContain('--backfill-twice');
  });

  it("reads a negative number as the value of its flag, for the flag's own check to refuse", () => {
    expect(parseCliArguments(['--orders', '-5', '--seed', '-1']).options).toEqual({ orders: -5, seed: -1 });
    expect(() => resolveRunOptions(parseCliArguments(['--orders', '-5']).options)).toThrow(
      'orders must be a whole number from 0 to 10000000, got -5',
    );
  });

  it('passes --coupon-share and --coupon-from as numbers', () => {
    expect(parseCliArguments(['--coupon-share', '0.3', '--coupon-from', '0.25']).options).toEqual({
      couponShare: 0.3,
      couponFrom: 0.25,
    });
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--orders', 'many'], '--orders must be a number, got "many"'],
    [['positional'], 'positional'],
    [['--buffer-mb', '-.5'], '--buffer-mb must be from 0.2 to 3, got -0.5'],
    [['--buffer-seconds', '901'], '--buffer-seconds must be from 0 to 900, got 901'],
    [
      ['--capture', 'sqs'],
      '--capture must be one of eventbridge-pipe, kinesis-destination (or pipe, kinesis), got "sqs"',
    ],
    [['--capture', 'constructor'], '--capture must be one of'],
    [['--handler-threads', 'two'], '--handler-threads must be a number, got "two"'],
    [['--coupon-share', 'a third'], '--coupon-share must be a number, got "a third"'],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseCliArguments(argv)).toThrow(UsageError);
    expect(() => parseCliArguments(argv)).toThrow(message);
  });
});
