import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/dynamodb-local';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const EMPTY_HOME = mkdtempSync(join(tmpdir(), 'order-generator-home-'));

interface Outcome {
  readonly status: number | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built command in a clean environment, killed after `timeoutMs` (a hang fails the test). */
function run(args: readonly string[], timeoutMs = 30_000): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        timeout: timeoutMs,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: EMPTY_HOME,
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          AWS_CONFIG_FILE: join(EMPTY_HOME, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(EMPTY_HOME, 'credentials'),
        },
      },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ status, timedOut: error?.killed === true, stdout, stderr });
      },
    );
  });
}

describe('a negative number', () => {
  it('exits 2 from the command with the message and the --help hint, nothing else', async () => {
    const { status, timedOut, stdout, stderr } = await run(['--orders', '-5']);
    expect(timedOut).toBe(false);
    expect(status).toBe(2);
    expect(stderr).toBe(
      'order-generator: invalid --orders: expected a whole number >= 0, got "-5"\nRun order-generator --help for the flags.\n',
    );
    expect(stdout).toBe('');
  });
});

describe('an endpoint that does not answer', () => {
  it('exits 1 within the timeout with one line naming it, no stack trace', async () => {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const { status, timedOut, stderr } = await run(['--endpoint', endpoint, '--orders', '1']);
    expect(timedOut).toBe(false);
    expect(status).toBe(1);
    const lines = stderr.split('\n');
    expect(lines.at(-1)).toBe('');
    // The note on placeholder credentials for a local endpoint, then the one error line.
    expect(lines.slice(0, -1)).toEqual([
      `no AWS credentials set: using placeholder credentials for the local endpoint ${endpoint}`,
      `order-generator: cannot reach DynamoDB at ${endpoint}: connect ECONNREFUSED 127.0.0.1:${port}`,
    ]);
  }, 40_000);
});
