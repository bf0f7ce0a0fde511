import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DynamoDBOrderTable } from '@org/order-generator';
import { runAnalytics, runReportQueries } from './analytics';
import { CAPTURE_MODE, DEFAULTS } from './constants';
import { runEndpointSource } from './dynamodb-endpoint-source';
import { EmbeddedOrderTable } from './embedded-order-table';
import { generatorWorkload } from './generator-workload';
import { loadLake, openLakeDatabase } from './lake-database';
import { prepareDirectory } from './output-directory';
import { SeededRandom } from './random';
import { reconcile } from './reconciliation';
import { renderReportInBrowser } from './report-browser';
import { renderReport } from './report-html';
import { resolveRunOptions } from './resolve-run-options';
import type { RunOptions, RunProgress } from './run-options';
import type { RunSummary } from './run-summary';
import { buildStreamingStages, stagingDirectory } from './streaming-stages';
import { loadTransformationHandler } from './transformation-handler';
import type { ChangeSink, SourceState } from './types';
import { startWorkerHandler } from './worker-handler';
import { simulatedClock } from './workload';

/** Files a run writes under its output directory. */
export const OUTPUT_FILES = {
  sourceState: 'source-state.jsonl',
  summary: 'summary.json',
  analytics: 'analytics.json',
  report: 'report.html',
  screenshot: 'report.png',
} as const;

async function writeSourceState(path: string, source: SourceState): Promise<void> {
  const out = createWriteStream(path);
  for (const orderId of source.keys()) {
    const order = source.get(orderId);
    if (order && !out.write(`${JSON.stringify(order)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * Runs the whole pipeline once: source → capture → stream → Firehose (real handler) → lake on
 * disk → DuckDB analytics → reconciliation → summary and report. Resolves to the summary; a run
 * whose reconciliation finds differences resolves too, with `ok: false`.
 */
export async function runPipeline(input: Partial<RunOptions> = {}): Promise<RunSummary> {
  const options = resolveRunOptions(input);
  const startedAt = new Date();
  const started = performance.now();
  const outDir = resolve(options.outDir);
  await prepareDirectory('outDir', outDir);
  // A previous run's files would be read as this run's lake.
  for (const name of ['lake', 'errors', '.staging', ...Object.values(OUTPUT_FILES)]) {
    await rm(join(outDir, name), { recursive: true, force: true });
  }
  await prepareDirectory('outDir', stagingDirectory(outDir));
  const progress = (stage: RunProgress['stage'], changes = 0, lakeRows = 0, failedRecords = 0) =>
    options.onProgress?.({ stage, changes, lakeRows, failedRecords, elapsedMs: performance.now() - started });
  const worker = options.handler ? undefined : startWorkerHandler();
  const handler = options.handler ?? worker?.handler ?? (await loadTransformationHandler());
  const database = await openLakeDatabase(join(stagingDirectory(outDir), 'analytics.duckdb'));
  try {
    const stages = buildStreamingStages({ ...options, outDir }, handler, database);
    let nextProgress = 0;
    let streamingPeakRss = 0;
    const sink: ChangeSink = async (change) => {
      await stages.capture.accept(change);
      const changes = stages.capture.counts.changes;
      if (changes >= nextProgress) {
        nextProgress = changes + 1000;
        streamingPeakRss = Math.max(streamingPeakRss, process.memoryUsage.rss());
        progress(
          'streaming',
          changes,
          stages.firehose.stats.lakeRows,
          stages.firehose.stats.processingFailed,
        );
      }
    };
    const generated = options.workload ? undefined : generatorWorkload(options.orders, options.seed);
    const workload = options.workload ?? generated!;
    const streamingStarted = performance.now();
    let source: SourceState;
    if (options.dynamodbEndpoint) {
      source = await runEndpointSource({
        endpoint: options.dynamodbEndpoint,
        region: process.env['AWS_REGION'] ?? DEFAULTS.region,
        tableName: `${DEFAULTS.tableName}-local-${Date.now().toString(36)}`,
        workload,
        createTarget: (client, tableName) => new DynamoDBOrderTable(client, tableName),
        sink,
      });
    } else {
      const table = new EmbeddedOrderTable({
        origin: {
          region: DEFAULTS.region,
          accountId: DEFAULTS.accountId,
          tableName: DEFAULTS.tableName,
          streamLabel: startedAt.toISOString().replace('Z', ''),
        },
        sink,
        clock: simulatedClock(),
        random: new SeededRandom(options.seed + 29),
      });
      await workload.run(table);
      source = table;
    }
    await stages.finish();
    // The handler's worker is done: free its memory before DuckDB needs some.
    await worker?.stop();
    const writeSummary = generated?.summary();
    const streamingMs = performance.now() - streamingStarted;
    const { counts } = stages.capture;
    const fh = stages.firehose.stats;
    progress('source-state', counts.changes, fh.lakeRows, fh.processingFailed);

    let mark = performance.now();
    await writeSourceState(join(outDir, OUTPUT_FILES.sourceState), source);
    const sourceStateMs = performance.now() - mark;

    progress('analytics', counts.changes, fh.lakeRows, fh.processingFailed);
    mark = performance.now();
    await loadLake(database, outDir, options.format);
    const analytics = await runAnalytics(database);
    const charts = await runReportQueries(database);
    const analyticsMs = performance.now() - mark;

    progress('reconciliation', counts.changes, fh.lakeRows, fh.processingFailed);
    mark = performance.now();
    const reconciliation = await reconcile(database, source);
    const reconciliationMs = performance.now() - mark;

    progress('report', counts.changes, fh.lakeRows, fh.processingFailed);
    mark = performance.now();
    const summary: RunSummary = {
      run: {
        orders: options.orders,
        seed: options.seed,
        capture: options.capture,
        kinesisPrecision: options.capture === CAPTURE_MODE.KINESIS ? options.kinesisPrecision : null,
        format: options.format,
        chaos: options.chaos,
        source: options.dynamodbEndpoint ? 'dynamodb' : 'embedded',
        dynamodbEndpoint: options.dynamodbEndpoint ?? null,
        startedAt: startedAt.toISOString(),
        outDir,
      },
      writes: writeSummary
        ? { operations: writeSummary.operations, failed: writeSummary.failed, retries: writeSummary.retries }
        : null,
      changes: { total: counts.changes, insert: counts.insert, update: counts.update, delete: counts.delete },
      stream: {
        shards: options.shards,
        recordsPut: counts.recordsPut,
        duplicates: counts.duplicates,
        garbage: counts.garbage,
      },
      firehose: {
        recordsIn: fh.recordsIn,
        invocations: fh.invocations,
        attempts: fh.attempts,
        retries: fh.retries,
        failedInvocations: fh.failedInvocations,
        ok: fh.ok,
        dropped: fh.dropped,
        processingFailed: fh.processingFailed,
        maxInvokePayloadBytes: fh.maxInvokePayloadBytes,
      },
      lake: {
        rows: fh.lakeRows,
        files: stages.lake.stats.objects,
        bytes: stages.lake.stats.bytes,
        rawBytes: stages.lake.stats.rawBytes,
      },
      errors: {
        records: fh.processingFailed,
        files: stages.errors.stats.objects,
        bytes: stages.errors.stats.bytes,
      },
      durationsMs: {
        streaming: Math.round(streamingMs),
        handler: Math.round(worker ? worker.busyMs() : stages.handlerMs()),
        sourceState: Math.round(sourceStateMs),
        analytics: Math.round(analyticsMs),
        reconciliation: Math.round(reconciliationMs),
        report: 0,
        total: 0,
      },
      changeEventsPerSecond: streamingMs > 0 ? Math.round((counts.changes * 1000) / streamingMs) : 0,
      peakRssBytes: 0,
      streamingPeakRssBytes: streamingPeakRss,
      reconciliation,
      ok: reconciliation.differences === 0,
    };
    const htmlPath = join(outDir, OUTPUT_FILES.report);
    await writeFile(
      htmlPath,
      renderReport({
        summary,
        analytics,
        charts: {
          bucketLabel: charts.bucketLabel,
          bucketMinutes: charts.bucketMinutes,
          changesPerMinute: charts.changesPerBucket,
          revenueByCountryAndChannel: charts.revenueByCountryAndChannel,
          statusFunnel: analytics.find((result) => result.id === 'status-funnel')?.rows ?? [],
        },
      }),
    );
    if (options.screenshot) await renderReportInBrowser(htmlPath, join(outDir, OUTPUT_FILES.screenshot));
    summary.durationsMs.report = Math.round(performance.now() - mark);
    summary.durationsMs.total = Math.round(performance.now() - started);
    summary.peakRssBytes = process.resourceUsage().maxRSS * 1024;
    await writeFile(join(outDir, OUTPUT_FILES.analytics), `${JSON.stringify(analytics, null, 2)}\n`);
    await writeFile(join(outDir, OUTPUT_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`);
    progress('done', counts.changes, fh.lakeRows, fh.processingFailed);
    return summary;
  } finally {
    await worker?.stop();
    database.connection.closeSync();
    database.instance.closeSync();
    await rm(stagingDirectory(outDir), { recursive: true, force: true });
  }
}
