import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built command (tests run after `pnpm build`). */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const EMPTY_HOME = mkdtempSync(join(tmpdir(), 'order-generator-home-'));

export interface CliRun {
  /** The exit status; -1 when the process was killed. */
  readonly status: number;
  /** Killed after the timeout: the command hung. */
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built command with a clean environment: no AWS credentials, profile or metadata service.
 * It is killed after `timeoutMs`, so that a hang fails the test rather than stalling it.
 */
export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: EMPTY_HOME,
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          AWS_CONFIG_FILE: join(EMPTY_HOME, 'config'),
          AWS_SHARED_CREDENTIALS_FILE: join(EMPTY_HOME, 'credentials'),
          ...options.env,
        },
        maxBuffer: 64 * 1024 * 1024,
        timeout: options.timeoutMs ?? 110_000,
      },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ status, timedOut: error?.killed === true, stdout, stderr });
      },
    );
  });
}
