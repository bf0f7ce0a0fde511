import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const appDir = resolve(import.meta.dirname, '../..');
const outdir = mkdtempSync(join(tmpdir(), 'deploy-main-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The app as the CDK CLI starts it (cdk.json's `node --import tsx src/main.ts`), with these variables. */
function runApp(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts'],
      { cwd: appDir, env: { ...process.env, CDK_OUTDIR: outdir, ...env }, timeout: 300_000 },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('the app entry', () => {
  it('answers a bad setting with its one line and exit 1, no stack trace', async () => {
    const { code, stdout, stderr } = await runApp({ CDC_CAPTURE_MODE: 'streams' });
    expect(stderr).toBe(
      'captureMode (context captureMode or CDC_CAPTURE_MODE) must be one of eventbridge-pipe, ' +
        'kinesis-destination, got "streams"\n',
    );
    expect(stdout).toBe('');
    expect(code).toBe(1);
  });
});
