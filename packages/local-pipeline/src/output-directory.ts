import { constants } from 'node:fs';
import { access, mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './errors';

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : String(error);
}

/**
 * Creates `directory` and its missing parents one level at a time, and checks that it can be written
 * to; throws `UsageError` naming the option and the path otherwise. Node's `mkdir(…, { recursive })`
 * is not used for the first levels: on a file system such as /proc it retries ENOENT forever.
 */
export async function prepareDirectory(option: string, directory: string): Promise<void> {
  const refuse = (problem: string) =>
    new UsageError(
      `${option} must be a directory this run can write to: ${JSON.stringify(directory)} ${problem}`,
    );
  const missing: string[] = [];
  let path = resolve(directory);
  for (;;) {
    try {
      if (!(await stat(path)).isDirectory()) throw refuse(`cannot be created: ${path} is not a directory`);
      break;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const code = codeOf(error);
      // ENOTDIR: some parent is a file; the walk up finds which one.
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(path) === path) {
        throw refuse(`cannot be read (${code} at ${path})`);
      }
      missing.unshift(path);
      path = dirname(path);
    }
  }
  for (const level of missing) {
    try {
      await mkdir(level);
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw refuse(`cannot be created (${codeOf(error)} at ${level})`);
    }
  }
  try {
    await access(resolve(directory), constants.W_OK);
  } catch (error) {
    throw refuse(`is not writable (${codeOf(error)})`);
  }
}

/** Files a run writes under its output directory, besides `lake/`, `errors/` and `current/`. */
export const OUTPUT_FILES = {
  sourceState: 'source-state.jsonl',
  summary: 'summary.json',
  analytics: 'analytics.json',
  report: 'report.html',
  screenshot: 'report.png',
} as const;

/** Where a run keeps its work in progress (open objects, the DuckDB file); removed at the end. */
export const stagingDirectory = (outDir: string): string => join(outDir, '.staging');

/**
 * Creates the output directory, or clears what a previous run left in it (its files would be read as
 * this run's lake), and creates the staging directory.
 */
export async function prepareOutputDirectory(outDir: string): Promise<void> {
  await prepareDirectory('outDir', outDir);
  for (const name of ['lake', 'errors', 'current', 'export', '.staging', ...Object.values(OUTPUT_FILES)]) {
    await rm(join(outDir, name), { recursive: true, force: true });
  }
  await prepareDirectory('outDir', stagingDirectory(outDir));
}
