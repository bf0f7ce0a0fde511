import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startFakeTarget } from '../helpers/http';

const BIN = fileURLToPath(new URL('../../bin/fault-proxy.js', import.meta.url));

function run(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], (error, stdout, stderr) => {
      resolve({
        status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1,
        stdout,
        stderr,
      });
    });
  });
}

/** Starts the command and resolves with its address once it says it listens. */
function startCommand(
  args: readonly string[],
): Promise<{ child: ChildProcess; url: string; stdout: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /^fault-proxy: (http:\/\/127\.0\.0\.1:\d+) -> /m.exec(stderr)?.[1];
      if (url !== undefined) resolve({ child, url, stdout: () => stdout });
    });
    child.once('exit', (code) => reject(new Error(`fault-proxy exited with ${code}: ${stderr}`)));
  });
}

let target: Awaited<ReturnType<typeof startFakeTarget>>;

beforeAll(async () => {
  target = await startFakeTarget();
});

afterAll(async () => {
  await target.stop();
});

describe('fault-proxy command', () => {
  it('--help lists every flag and exits 0', async () => {
    const { status, stdout } = await run(['--help']);
    expect(status).toBe(0);
    for (const flag of [
      '--target',
      '--port',
      '--seed',
      '--latency-ms',
      '--throttle',
      '--error-5xx',
      '--reset-before',
      '--reset-after-commit',
      '--unprocessed',
      '--help',
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  it.each([
    [
      ['--target', 'http://127.0.0.1:8000', '--throttle', 'often'],
      'invalid --throttle: expected a probability from 0 to 1, e.g. 0.05, got "often"',
    ],
    [['--throttle', '0.1'], 'invalid --target: expected an http URL such as http://127.0.0.1:8000'],
    [
      ['--target', 'http://127.0.0.1:8000', '--latency-ms', '10ms'],
      'invalid --latency-ms: expected N or N,JITTER',
    ],
    [
      ['--target', 'http://127.0.0.1:8000', '--bind', '0.0.0.0'],
      'invalid flag: expected one of the flags listed by --help, got "--bind"',
    ],
  ])('refuses %o with one line and exit status 2', async (args, message) => {
    const { status, stderr, stdout } = await run(args);
    expect(status).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(2);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });

  it('runs as `pnpm --filter @org/fault-proxy exec fault-proxy` from the workspace', async () => {
    // pnpm exec puts the package's and the workspace root's node_modules/.bin on PATH, not the package's
    // own bin: the root depends on @org/fault-proxy so that its bin is linked there.
    const root = fileURLToPath(new URL('../../../..', import.meta.url));
    const { status, stdout } = await new Promise<{ status: number; stdout: string }>((resolve) => {
      execFile(
        'pnpm',
        ['--filter', '@org/fault-proxy', 'exec', 'fault-proxy', '--help'],
        { cwd: root },
        (error, out) => resolve({ status: error === null ? 0 : Number(error.code), stdout: out }),
      );
    });
    expect(status).toBe(0);
    expect(stdout).toContain('Usage: fault-proxy --target URL');
  });

  it('forwards with faults and prints one JSON line of counts when stopped with SIGTERM', async () => {
    const { child, url, stdout } = await startCommand([
      '--target',
      target.url,
      '--port',
      '0',
      '--seed',
      'cli',
      '--error-5xx',
      '0.5',
    ]);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await post(url, 'PutItem', {})).status);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const counts = JSON.parse(lines[0]!);
    expect(counts).toMatchObject({ requests: 20, error5xx: statuses.filter((s) => s === 500).length });
    expect(counts.error5xx).toBeGreaterThan(0);
    expect(counts.forwarded).toBe(statuses.filter((s) => s === 200).length);
  });
});
