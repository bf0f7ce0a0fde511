import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const root = mkdtempSync(join(tmpdir(), 'cdc-local-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('cdc-local', () => {
  it('runs with a leading --, prints tables and the summary as the last stdout line', async () => {
    const out = join(root, 'run');
    const { stdout, stderr } = await run(
      process.execPath,
      [
        cli,
        '--',
        '--orders',
        '80',
        '--seed',
        '7',
        '--out',
        out,
        '--json',
        '--format',
        'parquet',
        '--handler-threads',
        '0',
      ],
      { timeout: 60_000 },
    );
    const lines = stdout.trim().split('\n');
    const summary = JSON.parse(lines.at(-1)!);
    expect(summary).toMatchObject({
      ok: true,
      run: { orders: 80, seed: 7, format: 'parquet', outDir: out, handlerThreads: 0 },
    });
    expect(stdout).toContain('Revenue by day and country');
    expect(stdout).toContain('OK: the lake agrees with the source');
    // Not a terminal: one plain progress line per stage on stderr.
    expect(stderr).toContain('streaming changes');
    expect(stderr).not.toContain('\r');
    expect(readdirSync(out).sort()).toEqual(
      [
        'analytics.json',
        'current',
        'errors',
        'lake',
        'report.html',
        'source-state.jsonl',
        'summary.json',
      ].filter((name) => name !== 'errors'),
    );
    expect(readdirSync(join(out, 'current'))).toEqual(['orders.parquet']);
    expect(stdout).toContain('current-state table: ');
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toEqual(summary);
  }, 60_000);

  it('prints help', async () => {
    const { stdout } = await run(process.execPath, [cli, '--help']);
    expect(stdout).toContain('Usage: cdc-local [options]');
    expect(stdout).toContain('--chaos');
  });

  it('runs Kinesis records without a precision field end to end (--capture kinesis, an alias), on two handler threads', async () => {
    const out = join(root, 'kinesis-absent');
    const { stdout } = await run(
      process.execPath,
      [
        cli,
        '--capture',
        'kinesis',
        '--kinesis-precision',
        'absent',
        '--orders',
        '60',
        '--out',
        out,
        '--json',
        '--handler-threads',
        '2',
      ],
      { timeout: 60_000 },
    );
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({
      ok: true,
      run: { capture: 'kinesis-destination', kinesisPrecision: 'absent', handlerThreads: 2 },
      firehose: { processingFailed: 0 },
      reconciliation: { missing: 0, extra: 0, mismatched: 0, differences: 0 },
    });
    expect(summary.reconciliation.matched).toBe(summary.reconciliation.sourceOrders);
  }, 60_000);

  // Bad input: one line on stderr that ends with a newline, exit status 2, within the timeout (no hang).
  it.each([
    [['--orders', 'x'], '--orders must be a number, got "x"'],
    [['--orders', '-5'], 'orders must be a whole number from 0 to 10000000, got -5'],
    [
      ['--capture', 'sqs'],
      '--capture must be one of eventbridge-pipe, kinesis-destination (or pipe, kinesis), got "sqs"',
    ],
    [['--handler-threads', '-1'], 'handlerThreads must be a whole number from 0 to 64, got -1'],
    [
      ['--capture', 'kinesis', '--kinesis-precision', 'seconds'],
      'kinesisPrecision must be one of ms, us, absent, got "seconds"',
    ],
    [['--nope'], "Unknown option '--nope' (see cdc-local --help)"],
    [
      ['--out', '/proc/x'],
      'outDir must be a directory this run can write to: "/proc/x" cannot be created (ENOENT at /proc/x)',
    ],
    [
      ['--out', '/dev/null/x'],
      'outDir must be a directory this run can write to: "/dev/null/x" cannot be created: /dev/null is not a directory',
    ],
    [
      ['--dynamodb-endpoint', 'http://127.0.0.1:9'],
      'cannot reach DynamoDB at http://127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9',
    ],
  ])(
    'exits 2 on %j with one clear line',
    async (args, message) => {
      const argv = [
        ...args,
        ...(args.includes('--out') ? [] : ['--out', join(root, 'bad')]),
        ...(args.includes('--orders') ? [] : ['--orders', '2']),
      ];
      const failure = await run(process.execPath, [cli, ...argv], {
        timeout: 30_000,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      }).then(
        () => undefined,
        (error: { code: number | null; killed: boolean; stdout: string; stderr: string }) => error,
      );
      expect(failure?.killed, 'the command hung until the timeout').toBe(false);
      expect(failure?.code).toBe(2);
      expect(failure?.stderr).toBe(`cdc-local: ${message}\n`);
      expect(failure?.stdout).toBe('');
    },
    40_000,
  );

  it('exits 2 with one line when the endpoint answers, but not as DynamoDB', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<html>not here</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const failure = await run(
        process.execPath,
        [cli, '--dynamodb-endpoint', endpoint, '--orders', '2', '--out', join(root, 'bad')],
        {
          timeout: 30_000,
          env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      ).then(
        () => undefined,
        (error: { code: number | null; stderr: string }) => error,
      );
      expect(failure?.code).toBe(2);
      expect(failure?.stderr).toMatch(
        new RegExp(
          `^cdc-local: ${endpoint} did not answer ListTables as DynamoDB does \\(HTTP 404, \\w+\\); is it a DynamoDB endpoint\\?\\n$`,
        ),
      );
    } finally {
      server.close();
    }
  }, 40_000);
});
