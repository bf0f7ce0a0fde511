import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { awsCredentials, requireAwsCredentials } from '../../src/aws-credentials';
import { type CdkCommand, profileOf, runCdkCommand } from '../../src/cdk-command';
import { MissingCredentialsError } from '../../src/errors';
import { textSink } from '../helpers/outputs';

const HOW = 'set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run aws sso login';
const found = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });
const none = async () => {
  throw new Error('Could not load credentials from any providers');
};

/** runCdkCommand with a recorded CDK CLI and stderr. */
function harness(credentials: () => Promise<unknown>, cdkExitCode = 0) {
  const runs: { args: readonly string[]; env: NodeJS.ProcessEnv }[] = [];
  const profiles: (string | undefined)[] = [];
  const stderr = textSink();
  const run = (command: CdkCommand, argv: string[], env: NodeJS.ProcessEnv = { PATH: '/bin' }) =>
    runCdkCommand(command, argv, {
      env,
      runCdk: async (args, childEnv) => {
        runs.push({ args, env: childEnv });
        return cdkExitCode;
      },
      credentialsFor: (profile) => {
        profiles.push(profile);
        return credentials as never;
      },
      stderr: stderr.stream,
    });
  return { run, runs, profiles, stderr: stderr.text };
}

describe('runCdkCommand', () => {
  it.each([
    ['deploy', ['-c', 'stage=qa'], ['deploy', '-c', 'stage=qa']],
    ['destroy', [], ['destroy', '--force']],
    ['diff', ['--', '-c', 'stage=qa'], ['diff', '-c', 'stage=qa']],
  ] as const)(
    'runs cdk %s with the flags given (a bare -- dropped) once credentials resolve',
    async (command, argv, expected) => {
      const cdk = harness(found, 3);
      expect(await cdk.run(command, [...argv])).toBe(3);
      expect(cdk.runs).toEqual([{ args: expected, env: { PATH: '/bin' } }]);
      expect(cdk.stderr()).toBe('');
    },
  );

  it.each(['deploy', 'destroy', 'diff'] as const)(
    'ends %s with one line naming credentials, exit 1, and no cdk run, when there are none',
    async (command) => {
      const cdk = harness(none);
      expect(await cdk.run(command, [])).toBe(1);
      expect(cdk.stderr()).toBe(`${command}: no AWS credentials found (${HOW})\n`);
      expect(cdk.runs).toEqual([]);
    },
  );

  it('passes on what a failing credential source said, and the profile it looked for', async () => {
    const expired = harness(async () => {
      throw new Error('The SSO session token associated with profile=dev was not found or is invalid.\nmore');
    });
    expect(await expired.run('deploy', [])).toBe(1);
    expect(expired.stderr()).toBe(
      `deploy: AWS credentials could not be loaded: The SSO session token associated with profile=dev was not found or is invalid. (${HOW})\n`,
    );
    const missing = harness(none);
    expect(await missing.run('diff', ['--profile', 'prod-admin'])).toBe(1);
    expect(missing.profiles).toEqual(['prod-admin']);
    expect(missing.stderr()).toBe(`diff: no AWS credentials found for profile prod-admin (${HOW})\n`);
  });

  it('synthesizes without asking for credentials, with the instance metadata service off', async () => {
    const cdk = harness(none);
    expect(await cdk.run('synth', ['-c', 'stage=ci'])).toBe(0);
    expect(cdk.profiles).toEqual([]);
    expect(cdk.runs).toEqual([
      {
        args: ['synth', '--quiet', '-c', 'stage=ci'],
        env: { PATH: '/bin', AWS_EC2_METADATA_DISABLED: 'true' },
      },
    ]);
  });

  it('shows the CDK CLI help without credentials', async () => {
    const cdk = harness(none);
    expect(await cdk.run('deploy', ['--help'])).toBe(0);
    expect(await cdk.run('destroy', ['-h'])).toBe(0);
    expect(cdk.runs.map((run) => run.args)).toEqual([
      ['deploy', '--help'],
      ['destroy', '--help'],
    ]);
  });

  it('reads the profile as the CDK CLI does: --profile NAME, --profile=NAME, else AWS_PROFILE', async () => {
    expect(profileOf(['-c', 'x=y', '--profile', 'a'])).toBe('a');
    expect(profileOf(['--profile=b'])).toBe('b');
    expect(profileOf([])).toBeUndefined();
    const cdk = harness(found);
    await cdk.run('deploy', [], { AWS_PROFILE: 'from-env' });
    await cdk.run('deploy', ['--profile', 'flag'], { AWS_PROFILE: 'from-env' });
    expect(cdk.profiles).toEqual(['from-env', 'flag']);
  });
});

describe('requireAwsCredentials with the SDK default chain', () => {
  // A machine with no AWS configuration at all: no variables, empty files, no instance metadata.
  beforeEach(() => {
    const empty = join(mkdtempSync(join(tmpdir(), 'no-aws-')), 'empty');
    writeFileSync(empty, '');
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) vi.stubEnv(name, undefined);
    vi.stubEnv('AWS_CONFIG_FILE', empty);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', empty);
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('refuses with MissingCredentialsError when no source has credentials', async () => {
    const attempt = requireAwsCredentials('status', awsCredentials());
    await expect(attempt).rejects.toThrow(MissingCredentialsError);
    await expect(requireAwsCredentials('status', awsCredentials())).rejects.toThrow(
      `status: no AWS credentials found (${HOW})`,
    );
  });

  it('accepts credentials from the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    await expect(requireAwsCredentials('status', awsCredentials())).resolves.toBeUndefined();
  });
});
