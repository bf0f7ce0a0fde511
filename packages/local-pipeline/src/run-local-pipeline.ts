import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_CURRENT_STATE_TABLE } from '@org/order-schema';
import { analyseLake } from './analytics/analytics';
import { countBackfillRows } from './analytics/backfill-rows';
import { reconcile } from './analytics/reconciliation';
import { CURRENT_TABLE } from './constants';
import { startTransformationHandler } from './firehose/handler-pool';
import { TransformerUpgrade } from './firehose/transformer-upgrade';
import { CurrentStateTable, loadCurrentTable } from './lake/current-state-table';
import { openLakeDatabase } from './lake/lake-database';
import { OUTPUT_FILES, prepareOutputDirectory, stagingDirectory } from './output-directory';
import { writeReport } from './report/write-report';
import { resolveRunOptions } from './resolve-run-options';
import { RunClock } from './run-clock';
import type { RunOptions } from './run-options';
import { buildRunSummary, completeRunSummary, type RunSummary } from './run-summary';
import { writeSourceState } from './source/source-state-file';
import { streamChanges, streamedCounts } from './stream-changes';

/**
 * Runs the whole pipeline once: source → capture → stream → Firehose (real handler) → lake on
 * disk → DuckDB analytics → reconciliation → summary and report. Resolves to the summary; a run
 * whose reconciliation finds differences resolves too, with `ok: false`.
 */
export async function runLocalPipeline(input: Partial<RunOptions> = {}): Promise<RunSummary> {
  const resolved = resolveRunOptions(input);
  const options = { ...resolved, outDir: resolve(resolved.outDir) };
  const { outDir } = options;
  const clock = new RunClock(options.onProgress);
  await prepareOutputDirectory(outDir);
  const handler = await startTransformationHandler(options);
  const database = await openLakeDatabase(join(stagingDirectory(outDir), 'analytics.duckdb'));
  const upgrade = options.couponShare > 0 ? new TransformerUpgrade() : undefined;
  const stateTable = await CurrentStateTable.open({
    outDir,
    format: options.format,
    windowHours: CURRENT_TABLE.windowHours,
    mixedLayouts: upgrade !== undefined,
  });
  try {
    const streamed = await clock.stage('streaming', undefined, () =>
      streamChanges(options, clock, handler.handler, database, {
        stateTable,
        upgrade: upgrade && { transformer: upgrade, handlerOf: handler.handlerOf },
      }),
    );
    // The handler is done: free its workers' memory before DuckDB needs some.
    await handler.stop();
    const counts = streamedCounts(streamed.capture, streamed.firehose);
    const source = streamed.source.state;
    await clock.stage('source-state', counts, () =>
      writeSourceState(join(outDir, OUTPUT_FILES.sourceState), source),
    );
    const analytics = await clock.stage('analytics', counts, async () => {
      await stateTable.finish();
      // Its DuckDB's memory is free before the analytics need theirs.
      await stateTable.close();
      await loadCurrentTable(database, outDir);
      return analyseLake(database, outDir, options.format);
    });
    const [reconciliation, tableReconciliation] = await clock.stage('reconciliation', counts, async () => [
      await reconcile(database, source),
      await reconcile(database, source, DEFAULT_CURRENT_STATE_TABLE),
    ]);
    const backfillRows = streamed.backfill ? await countBackfillRows(database) : undefined;
    const summary = buildRunSummary({
      options,
      clock,
      streamed,
      handlerMs: handler.busyMs(),
      reconciliation,
      transformerUpgradedAtMs: upgrade?.atMs,
      currentTable: {
        reconciliation: tableReconciliation,
        windowHours: CURRENT_TABLE.windowHours,
        stats: stateTable.stats,
      },
      backfillRows,
    });
    await clock.stage('report', counts, () => writeReport(outDir, summary, analytics, options.screenshot));
    completeRunSummary(summary, clock);
    await writeFile(join(outDir, OUTPUT_FILES.analytics), `${JSON.stringify(analytics.results, null, 2)}\n`);
    await writeFile(join(outDir, OUTPUT_FILES.summary), `${JSON.stringify(summary, null, 2)}\n`);
    clock.progress('done', counts);
    return summary;
  } finally {
    await handler.stop();
    await stateTable.close();
    database.close();
    await rm(stagingDirectory(outDir), { recursive: true, force: true });
  }
}
