import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type FirehoseTransformationEvent, processFirehoseEvent } from '../../src/index';
import { aLambdaContext, loadEvent } from '../helpers/factories';

// Runs after `pnpm build` (turbo makes test depend on build).
const BUNDLE = join(import.meta.dirname, '..', '..', 'dist', 'lambda', 'index.mjs');

describe('the Lambda bundle dist/lambda/index.mjs', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'cdc-bundle-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('exists (build first) and stays within 250 KB', () => {
    expect(existsSync(BUNDLE), 'dist/lambda/index.mjs is missing: run `pnpm build` first').toBe(true);
    expect(statSync(BUNDLE).size).toBeLessThanOrEqual(250 * 1024);
  });

  it('imports nothing but Node built-ins', () => {
    const source = readFileSync(BUNDLE, 'utf8');
    const specifiers = [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g)].map(
      (m) => m[1]!,
    );
    const builtins = new Set(builtinModules);
    const external = specifiers.filter((name) => !name.startsWith('node:') && !builtins.has(name));
    expect(external).toEqual([]);
  });

  it('loads alone in an empty directory and handles a real Firehose event like the library', async () => {
    const lonely = join(scratch, 'index.mjs');
    copyFileSync(BUNDLE, lonely);
    const bundle = (await import(pathToFileURL(lonely).href)) as {
      handler: (event: FirehoseTransformationEvent, context: unknown) => Promise<unknown>;
    };
    expect(typeof bundle.handler).toBe('function');
    const event = loadEvent<FirehoseTransformationEvent>('firehose-event.json');
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const result = await bundle.handler(event, aLambdaContext());
      expect(result).toEqual(processFirehoseEvent(event));
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toContain('"RecordsOk":7');
  });
});
