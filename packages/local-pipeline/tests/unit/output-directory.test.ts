import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors';
import { prepareDirectory } from '../../src/output-directory';

const root = mkdtempSync(join(tmpdir(), 'cdc-local-out-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('prepareDirectory', () => {
  it('creates the directory and its missing parents, and accepts one that exists', async () => {
    const deep = join(root, 'a', 'b', 'c');
    await prepareDirectory('outDir', deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    await prepareDirectory('outDir', deep);
  });

  it('refuses a path under a file, naming the option, the path and the file', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    const refusal = prepareDirectory('outDir', join(file, 'x', 'y'));
    await expect(refusal).rejects.toThrow(UsageError);
    await expect(prepareDirectory('outDir', join(file, 'x', 'y'))).rejects.toThrow(
      `outDir must be a directory this run can write to: ${JSON.stringify(join(file, 'x', 'y'))} cannot be created: ${file} is not a directory`,
    );
    expect(existsSync(join(file, 'x'))).toBe(false);
  });

  it('refuses a directory that cannot be made under /proc, where a recursive mkdir never returns', async () => {
    await expect(prepareDirectory('outDir', '/proc/cdc-local-x/y')).rejects.toThrow(
      'outDir must be a directory this run can write to: "/proc/cdc-local-x/y" cannot be created (ENOENT at /proc/cdc-local-x)',
    );
  });
});
