import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HELP, parseCliArgs } from '../../src/cli-args';
import { InvalidSettingError, UsageError } from '../../src/errors';
import { createReporter } from '../../src/reporter';
import { runCli } from '../../src/run-cli';
import { textSink } from '../helpers/outputs';

describe('parseCliArgs', () => {
  it('has defaults for every flag', () => {
    expect(parseCliArgs(['status'], {})).toEqual({
      command: 'status',
      help: false,
      json: false,
      stackName: 'CdcSales-dev',
      region: 'eu-west-1',
      orders: 50,
      seed: undefined,
      timeoutMs: 15 * 60_000,
      pollMs: 30_000,
      day: undefined,
      dryRun: false,
      archive: false,
      maxPartitions: 400,
    });
  });

  it('ignores a bare -- wherever pnpm puts it, and reads every flag', () => {
    const args = parseCliArgs(
      [
        '--',
        'smoke',
        '--',
        '--stage',
        'qa',
        '--orders',
        '200',
        '--seed',
        's1',
        '--timeout-minutes',
        '5',
        '--poll-seconds',
        '10',
        '--json',
      ],
      { AWS_REGION: 'us-east-1' },
    );
    expect(args).toMatchObject({
      command: 'smoke',
      stackName: 'CdcSales-qa',
      region: 'us-east-1',
      orders: 200,
      seed: 's1',
      timeoutMs: 300_000,
      pollMs: 10_000,
      json: true,
    });
    expect(
      parseCliArgs(
        [
          'replay-errors',
          '--stack-name',
          'Other',
          '--day',
          '2026-11-25',
          '--dry-run',
          '--archive',
          '--max-partitions',
          '450',
        ],
        {},
      ),
    ).toMatchObject({
      command: 'replay-errors',
      stackName: 'Other',
      day: '2026-11-25',
      dryRun: true,
      archive: true,
      maxPartitions: 450,
    });
    expect(parseCliArgs(['-h'], {})).toMatchObject({ help: true, command: undefined });
    const exportArn =
      'arn:aws:dynamodb:eu-west-1:123456789012:table/OrdersRawTable-dev/export/01795600000000-2d8752fd';
    expect(parseCliArgs(['backfill', '--', '--export-arn', exportArn], {})).toMatchObject({
      command: 'backfill',
      exportArn,
      timeoutMs: 120 * 60_000,
      pollMs: 30_000,
    });
    expect(parseCliArgs(['backfill', '--timeout-minutes', '600'], {})).toMatchObject({
      exportArn: undefined,
      timeoutMs: 600 * 60_000,
    });
    expect(parseCliArgs(['status'], { CDC_STAGE: 'prod' }).stackName).toBe('CdcSales-prod');
  });

  it.each([
    [
      ['bogus'],
      'command must be one of deploy, destroy, diff, synth, status, smoke, replay-errors, backfill, got "bogus"',
    ],
    [['status', 'smoke'], 'arguments must be one command only, got "smoke"'],
    [['smoke', '--orders', '0'], '--orders must be a whole number from 1 to 10000, got "0"'],
    [['smoke', '--orders', 'many'], '--orders must be a whole number from 1 to 10000, got "many"'],
    [['smoke', '--orders=-5'], '--orders must be a whole number from 1 to 10000, got "-5"'],
    [['replay-errors', '--day', '25.11.2026'], '--day must be a date as YYYY-MM-DD, got "25.11.2026"'],
    [['replay-errors', '--day', '2026-13-45'], '--day must be a date as YYYY-MM-DD, got "2026-13-45"'],
    [
      ['replay-errors', '--max-partitions', '0'],
      '--max-partitions must be a whole number from 1 to 5000, got "0"',
    ],
    [
      ['backfill', '--export-arn', 'arn:aws:dynamodb:eu-west-1:123456789012:table/Orders'],
      '--export-arn must be a DynamoDB export ARN (…:table/<name>/export/<id>), got "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders"',
    ],
    [
      ['backfill', '--timeout-minutes', '2000'],
      '--timeout-minutes must be a whole number from 1 to 1440, got "2000"',
    ],
    [
      ['smoke', '--timeout-minutes', '200'],
      '--timeout-minutes must be a whole number from 1 to 120, got "200"',
    ],
  ])('refuses the value in %j', (argv, message) => {
    expect(() => parseCliArgs(argv, {})).toThrow(InvalidSettingError);
    expect(() => parseCliArgs(argv, {})).toThrow(message);
  });

  it.each([
    [['status', '--bogus'], 'unknown option --bogus (see --help)'],
    [['status', '-x'], 'unknown option -x (see --help)'],
    [['status', '--orders', '5'], '--orders is an option of smoke, not of status (see --help)'],
    [['smoke', '--dry-run'], '--dry-run is an option of replay-errors, not of smoke (see --help)'],
    [['smoke', '--export-arn', 'x'], '--export-arn is an option of backfill, not of smoke (see --help)'],
    [
      ['status', '--poll-seconds', '5'],
      '--poll-seconds is an option of smoke and backfill, not of status (see --help)',
    ],
    [['status', '--stage'], '--stage needs a value'],
    [['status', '--json=yes'], '--json takes no value'],
    [
      ['smoke', '--orders', '-5'],
      '--orders needs a value, got "-5" (write --orders=-5 for a value starting with "-")',
    ],
  ])('refuses the usage %j in one line', (argv, message) => {
    expect(() => parseCliArgs(argv, {})).toThrow(UsageError);
    expect(() => parseCliArgs(argv, {})).toThrow(new UsageError(message));
  });

  it('documents every command and flag in --help', () => {
    for (const word of [
      'status',
      'smoke',
      'replay-errors',
      '--stage',
      '--stack-name',
      '--region',
      '--json',
      '--orders',
      '--seed',
      '--timeout-minutes',
      '--poll-seconds',
      '--day',
      '--dry-run',
      '--archive',
      '--max-partitions',
      'backfill',
      '--export-arn',
      'deploy',
      'destroy',
      'diff',
      'synth',
    ]) {
      expect(HELP).toContain(word);
    }
  });
});

function capture(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
  stream.isTTY = isTTY;
  let text = '';
  stream.on('data', (chunk) => {
    text += chunk;
  });
  return { stream, text: () => text };
}

describe('createReporter', () => {
  it('redraws progress on a terminal and prints the JSON summary as the last stdout line', () => {
    const stdout = capture(false);
    const stderr = capture(true);
    const reporter = createReporter({ json: true, stdout: stdout.stream, stderr: stderr.stream });
    reporter.progress('1 of 2');
    reporter.progress('2 of 2');
    reporter.line('done');
    reporter.summary({ ok: true });
    expect(stderr.text()).toBe('\r\x1b[2K1 of 2\r\x1b[2K2 of 2\ndone\n');
    expect(stdout.text()).toBe('{"ok":true}\n');
  });

  it('prints plain progress lines when not on a terminal, and results on stdout without --json', () => {
    const stdout = capture(false);
    const stderr = capture(false);
    const reporter = createReporter({ json: false, stdout: stdout.stream, stderr: stderr.stream });
    reporter.progress('working');
    reporter.line('result');
    reporter.summary({ ok: true });
    expect(stderr.text()).toBe('working\n');
    expect(stdout.text()).toBe('result\n');
  });
});

describe('runCli', () => {
  const noCredentials = async () => {
    throw new Error('Could not load credentials from any providers');
  };
  const run = async (argv: string[]) => {
    const stdout = textSink();
    const stderr = textSink();
    const code = await runCli(argv, {
      credentials: noCredentials,
      stdout: stdout.stream,
      stderr: stderr.stream,
    });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  };

  it.each([['status'], ['smoke'], ['replay-errors'], ['backfill'], []])(
    'prints the help for %j --help, exit 0, no AWS',
    async (...command) => {
      expect(await run([...command, '--help'])).toEqual({ code: 0, stdout: HELP, stderr: '' });
    },
  );

  it.each([
    [['status', '--bogus'], 'status: unknown option --bogus (see --help)\n'],
    [['smoke', '--orders', 'x'], 'smoke: --orders must be a whole number from 1 to 10000, got "x"\n'],
    [['--bogus'], 'unknown option --bogus (see --help)\n'],
    [
      ['bogus'],
      'command must be one of deploy, destroy, diff, synth, status, smoke, replay-errors, backfill, got "bogus"\n',
    ],
  ])('answers %j with one line on stderr and exit 2', async (argv, line) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: '', stderr: line });
  });

  it('prints the help on stderr with exit 2 when no command is given', async () => {
    expect(await run([])).toEqual({ code: 2, stdout: '', stderr: HELP });
  });
});
