import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LocalPipelineError } from '../errors';

/** Where Debian's `chromium` package installs the browser; `CHROMIUM_PATH` overrides it. */
export function chromiumPath(): string {
  return process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';
}

/** Flags for a quiet headless run: no GPU, no sandbox (containers), nothing fetched in the background. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** What the browser saw when it opened the report. */
export interface ReportRendering {
  consoleErrors: string[];
  /** `data-drawn` mark counts per chart id (null where a chart was not drawn). */
  charts: Record<string, number | null>;
  /** Requests to anything but the page itself (a self-contained report makes none). */
  externalRequests: string[];
}

/**
 * Opens the report in headless Chromium (driven by playwright-core), checks what rendered and,
 * when `pngPath` is given, saves a full-page screenshot.
 */
export async function renderReportInBrowser(htmlPath: string, pngPath?: string): Promise<ReportRendering> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new LocalPipelineError(
      `no Chromium at ${executablePath}: install Debian's chromium package or set CHROMIUM_PATH`,
    );
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS], headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const consoleErrors: string[] = [];
    const externalRequests: string[] = [];
    const url = pathToFileURL(htmlPath).href;
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    page.on('request', (request) => {
      if (request.url() !== url) externalRequests.push(request.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    const charts = await page.$$eval('[data-chart]', (figures) =>
      Object.fromEntries(
        figures.map((figure) => {
          const drawn = figure.getAttribute('data-drawn');
          return [figure.getAttribute('data-chart') ?? '', drawn === null ? null : Number(drawn)];
        }),
      ),
    );
    if (pngPath) await page.screenshot({ path: pngPath, fullPage: true });
    return { consoleErrors, charts, externalRequests };
  } finally {
    await browser.close();
  }
}
