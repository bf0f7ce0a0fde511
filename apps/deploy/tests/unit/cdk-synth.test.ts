import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const appDir = join(import.meta.dirname, '..', '..');

describe('cdk synth through cdk.json, as `pnpm run synth` runs it', () => {
  it('synthesizes offline with no AWS credentials', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-synth-'));
    // Only what a machine without AWS access has: no credentials, no profile, no instance metadata.
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: tmpdir(),
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const { stderr } = await run(
      join(appDir, 'node_modules', '.bin', 'cdk'),
      ['synth', '--quiet', '--output', outdir, '--context', 'stage=ci', '--context', 'outputFormat=json'],
      { cwd: appDir, env, timeout: 120_000 },
    );
    expect(stderr).not.toMatch(/AwsSolutions-/);
    const templatePath = join(outdir, 'CdcSales-ci.template.json');
    expect(existsSync(templatePath)).toBe(true);
    const template = JSON.parse(readFileSync(templatePath, 'utf8'));
    expect(template.Outputs.OutputFormat.Value).toBe('json');
    expect(existsSync(join(outdir, 'manifest.json'))).toBe(true);
  }, 150_000);
});
