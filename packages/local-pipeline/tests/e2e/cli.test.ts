import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
      [cli, '--', '--orders', '80', '--seed', '7', '--out', out, '--json', '--format', 'parquet'],
      { timeout: 60_000 },
    );
    const lines = stdout.trim().split('\n');
    const summary = JSON.parse(lines.at(-1)!);
    expect(summary).toMatchObject({ ok: true, run: { orders: 80, seed: 7, format: 'parquet', outDir: out } });
    expect(stdout).toContain('Revenue by day and country');
    expect(stdout).toContain('OK: the lake agrees with the source');
    // Not a terminal: one plain progress line per stage on stderr.
    expect(stderr).toContain('streaming changes');
    expect(stderr).not.toContain('\r');
    expect(readdirSync(out).sort()).toEqual(
      ['analytics.json', 'errors', 'lake', 'report.html', 'source-state.jsonl', 'summary.json'].filter(
        (name) => name !== 'errors',
      ),
    );
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toEqual(summary);
  }, 60_000);

  it('prints help', async () => {
    const { stdout } = await run(process.execPath, [cli, '--help']);
    expect(stdout).toContain('Usage: cdc-local [options]');
    expect(stdout).toContain('--chaos');
  });

  it.each([
    [['--orders', 'x'], '--orders must be a number, got "x"'],
    [['--capture', 'sqs'], 'capture must be one of pipe, kinesis, got "sqs"'],
    [['--nope'], "Unknown option '--nope'"],
  ])('exits 2 on %j with a clear message', async (args, message) => {
    const failure = await run(process.execPath, [cli, ...args, '--out', join(root, 'bad')]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain(`cdc-local: ${message}`);
  });
});
