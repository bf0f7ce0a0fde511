import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A new user's first minutes: the tracked files of the workspace copied into an empty directory (no
 * dist/, no node_modules), `pnpm install`, then every command of the README at the root and in
 * apps/deploy, on a machine without any AWS credentials.
 *
 * The copy reads (never writes) turbo's cache of this workspace: the builds a command asks for are
 * restored from it when this workspace already built them, instead of being rebuilt for a minute and a
 * half. What is under test is that each command asks for them: without the build step the copy has no
 * dist/ and the command dies on the missing module, cache or not.
 */
const root = resolve(import.meta.dirname, '../../../..');
const HOW = 'set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run aws sso login';
const NEEDS_AWS = ['deploy', 'destroy', 'diff', 'status', 'smoke', 'replay-errors', 'backfill'] as const;
/**
 * How long one command may run before it is killed. Generous: on a machine busy with other builds a synth
 * has taken over two minutes. The tests wait a little longer, so that a command that hangs is reported as
 * killed rather than as a test timeout.
 */
const COMMAND_TIMEOUT_MS = 600_000;
const TEST_TIMEOUT_MS = COMMAND_TIMEOUT_MS + 60_000;

let copy: string;
let env: NodeJS.ProcessEnv;

interface Run {
  readonly code: number;
  /** stdout and stderr, interleaved as they came. */
  readonly lines: string[];
}

/** Runs `pnpm run <script> [args]` in the copy, with stdout and stderr merged. */
function pnpmRun(cwd: string, script: string, args: string[] = []): Promise<Run> {
  return new Promise((done) => {
    execFile(
      'sh',
      ['-c', 'exec pnpm run "$@" 2>&1', 'sh', script, ...args],
      { cwd, env, timeout: COMMAND_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        const lines = stdout.split('\n').filter((line) => line.trim() !== '');
        if (error?.killed) lines.push(`(killed after ${COMMAND_TIMEOUT_MS / 1000} s)`);
        done({ code, lines });
      },
    );
  });
}

/** Where turbo keeps this workspace's cache: beside the main worktree, which a clone is its own of. */
function workspaceTurboCache(): string | undefined {
  const commonDir = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
  const cache = join(dirname(commonDir), '.turbo', 'cache');
  return existsSync(cache) ? cache : undefined;
}

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'fresh-clone-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(root, file)));
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(root, file), join(copy, file));
  }
  const noAws = join(copy, '.no-aws');
  writeFileSync(noAws, '');
  // What a laptop without AWS access has: no AWS variables, empty config files, no instance metadata.
  env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(AWS_|CDK_|CDC_|TURBO_|VITEST|npm_)/.test(name)),
  );
  Object.assign(env, {
    AWS_CONFIG_FILE: noAws,
    AWS_SHARED_CREDENTIALS_FILE: noAws,
    AWS_EC2_METADATA_DISABLED: 'true',
    CI: 'true',
    TURBO_TELEMETRY_DISABLED: '1',
    TURBO_CACHE: 'local:r',
  });
  const cache = workspaceTurboCache();
  if (cache) env.TURBO_CACHE_DIR = cache;
  execFileSync('pnpm', ['install', '--offline', '--frozen-lockfile'], { cwd: copy, env, stdio: 'pipe' });
}, TEST_TIMEOUT_MS);

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

/** What a command that needs AWS prints on this machine: its one line, exit 1, nothing else failing. */
function expectCredentialsRefusal({ code, lines }: Run, command: string) {
  // pnpm's own closing line ("ELIFECYCLE Command failed with exit code 1.") follows ours.
  const ours = lines.filter((line) => !line.includes('ELIFECYCLE'));
  expect(ours.at(-1)).toBe(`${command}: no AWS credentials found (${HOW})`);
  expect(code).toBe(1);
  expect(lines.filter((line) => /credentials/i.test(line))).toHaveLength(1);
  expect(lines.join('\n')).not.toMatch(/^\s+at |ERR_MODULE_NOT_FOUND|Error:/m);
}

describe('a fresh clone, after pnpm install only', { timeout: TEST_TIMEOUT_MS }, () => {
  it('has nothing built yet', () => {
    for (const dir of ['order-schema', 'cdc-transformer', 'order-generator', 'cdk-constructs']) {
      expect(existsSync(join(copy, 'packages', dir, 'dist'))).toBe(false);
    }
  });

  // Alone first: it builds (restores) what the app needs, so that the commands below, run concurrently,
  // find the builds in place and no two of them write the same dist/ at once.
  it('pnpm run deploy builds what it needs, then ends with one line naming credentials, exit 1', async () => {
    expectCredentialsRefusal(await pnpmRun(copy, 'deploy'), 'deploy');
    expect(existsSync(join(copy, 'packages', 'cdk-constructs', 'dist', 'index.js'))).toBe(true);
  });

  describe.concurrent('then', () => {
    // The root scripts run the apps/deploy scripts (`pnpm --filter @org/deploy run <command>`), so every
    // root run goes through the apps/deploy script too. From apps/deploy itself: a CDK command here, an
    // operator command in the bad-flag case below.
    it.each([
      ...NEEDS_AWS.filter((command) => command !== 'deploy').map((command) => ['', command] as const),
      ['apps/deploy', 'deploy'] as const,
    ])('in "%s", pnpm run %s ends with one line naming credentials, exit 1', async (dir, command) => {
      expectCredentialsRefusal(await pnpmRun(join(copy, dir), command), command);
    });

    it('pnpm run synth synthesizes offline, with cdk-nag and no credentials', async () => {
      const outdir = join(copy, 'synth-out');
      const { code, lines } = await pnpmRun(copy, 'synth', [
        '--',
        '--output',
        outdir,
        '-c',
        'stage=ci',
        '-c',
        'outputFormat=json',
      ]);
      expect(lines.join('\n')).not.toMatch(/AwsSolutions-|^\s+at /m);
      expect(code).toBe(0);
      const template = JSON.parse(readFileSync(join(outdir, 'CdcSales-ci.template.json'), 'utf8'));
      expect(template.Outputs.OutputFormat.Value).toBe('json');
      expect(existsSync(join(outdir, 'manifest.json'))).toBe(true);
    });

    it('answers a bad flag with one line and exit 2', async () => {
      const { code, lines } = await pnpmRun(join(copy, 'apps/deploy'), 'status', ['--bogus']);
      expect(lines.filter((line) => !line.includes('ELIFECYCLE')).at(-1)).toBe(
        'status: unknown option --bogus (see --help)',
      );
      expect(code).toBe(2);
    });
  });
});
