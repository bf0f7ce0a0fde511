import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, renderReportInBrowser } from '../../src/report/report-browser';
import { runLocalPipeline } from '../../src/run-local-pipeline';

const run = promisify(execFile);
const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
const root = mkdtempSync(join(tmpdir(), 'cdc-local-browser-'));
const hasChromium = existsSync(chromiumPath());
// In CI a missing browser is a failure, not a skip.
const skip = !hasChromium && process.env['CI'] !== 'true';
if (skip)
  console.log(`skipping browser tests: no Chromium at ${chromiumPath()} (install Debian's chromium package)`);

const CHARTS = [
  'changes-per-minute',
  'revenue-by-country-and-channel',
  'status-funnel',
  'reconciliation',
  'stage-durations',
];

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the HTML report in headless Chromium', () => {
  const outDir = join(root, 'report');
  beforeAll(async () => {
    await runLocalPipeline({ orders: 150, seed: 5, outDir, chaos: true });
  });

  it.skipIf(skip)(
    'renders with no console errors, no network, and every chart drawn',
    async () => {
      const rendering = await renderReportInBrowser(join(outDir, 'report.html'));
      expect(rendering.consoleErrors).toEqual([]);
      expect(rendering.externalRequests).toEqual([]);
      expect(Object.keys(rendering.charts).sort()).toEqual([...CHARTS].sort());
      for (const chart of CHARTS) expect(rendering.charts[chart]).toBeGreaterThan(0);
    },
    60_000,
  );

  it.skipIf(skip)(
    'cdc-local --screenshot saves a PNG of the report beside it',
    async () => {
      const out = join(root, 'screenshot');
      const { stdout } = await run(
        process.execPath,
        [cli, '--orders', '60', '--out', out, '--screenshot', '--json'],
        {
          timeout: 90_000,
        },
      );
      const summary = JSON.parse(stdout.trim().split('\n').at(-1)!);
      expect(summary.ok).toBe(true);
      const png = readFileSync(join(out, 'report.png'));
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.length).toBeGreaterThan(10_000);
    },
    90_000,
  );
});
