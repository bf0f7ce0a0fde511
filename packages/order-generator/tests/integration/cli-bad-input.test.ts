import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers/dynamodb-local';
import { runCli } from '../helpers/run-cli';

describe('a negative number', () => {
  it('exits 2 from the command with the message and the --help hint, nothing else', async () => {
    const { status, timedOut, stdout, stderr } = await runCli(['--orders', '-5'], { timeoutMs: 30_000 });
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
    const { status, timedOut, stderr } = await runCli(['--endpoint', endpoint, '--orders', '1'], {
      timeoutMs: 30_000,
    });
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
