#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { QueryResult } from '../analytics/analytics';
import { revenueAfterDiscountsLine } from '../analytics/revenue-after-discounts';
import { LocalPipelineError } from '../errors';
import { OUTPUT_FILES } from '../output-directory';
import { runLocalPipeline } from '../run-local-pipeline';
import type { RunSummary } from '../run-summary';
import { HELP, parseCliArguments } from './cli-args';
import { progressDisplay } from './progress-display';
import { textTable } from './text-table';

const SHOWN_ROWS = 15;

function printResults(summary: RunSummary, analytics: QueryResult[]): void {
  const out: string[] = [];
  for (const result of analytics) {
    if (result.columns.length === 0 || result.rows.length === 0) continue;
    out.push(`\n${result.title}`);
    out.push(textTable(result.columns, result.rows.slice(0, SHOWN_ROWS)));
    if (result.rows.length > SHOWN_ROWS)
      out.push(`… ${result.rows.length - SHOWN_ROWS} more rows in ${OUTPUT_FILES.analytics}`);
  }
  const r = summary.reconciliation;
  const t = summary.currentTable;
  out.push(
    `\n${summary.changes.total} change events (${summary.changes.insert} inserts, ${summary.changes.update} updates, ${summary.changes.delete} deletes) → ${summary.lake.rows} lake rows in ${summary.lake.files} files, ${summary.errors.records} records to errors/`,
    `${summary.changeEventsPerSecond.toLocaleString('en-US')} change events/s using ${summary.cpu.streamingCores} cores · ${summary.firehose.invocations} invocations, ${summary.firehose.retries} retried`,
    `revenue after discounts: ${revenueAfterDiscountsLine(analytics) || 'no paid orders'}`,
    ...(summary.backfill
      ? [
          `backfill: ${summary.backfill.items} items → ${summary.backfill.snapshotRows} snapshot rows, ${summary.backfill.duplicatesDropped} dropped as copies`,
        ]
      : []),
    `reconciliation: ${r.sourceOrders} source orders, ${r.lakeOrders} in the current-state view: ${r.matched} matched, ${r.missing} missing, ${r.extra} extra, ${r.mismatched} mismatched`,
    `current-state table: ${t.rows} rows (${t.refreshes} windowed refreshes of ${t.windowHours} h folding ${t.deliveries} deliveries, then a full pass that changed ${t.fullPassRows}): ${t.matched} matched, ${t.missing} missing, ${t.extra} extra, ${t.mismatched} mismatched`,
    summary.ok
      ? 'OK: the lake agrees with the source'
      : `FAILED: ${r.differences} differences in the view, ${t.missing + t.extra + t.mismatched} in the table`,
    `output: ${summary.run.outDir} (report.html)`,
  );
  for (const d of r.fieldDifferences.slice(0, 5)) {
    out.push(`  ${d.orderId}.${d.field}: source ${JSON.stringify(d.source)} lake ${JSON.stringify(d.lake)}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

async function main(): Promise<number> {
  const cli = parseCliArguments(process.argv.slice(2));
  if (cli.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const summary = await runLocalPipeline({
    ...cli.options,
    onProgress: cli.progress ? progressDisplay(process.stderr) : undefined,
  });
  const analytics = JSON.parse(await readFile(join(summary.run.outDir, OUTPUT_FILES.analytics), 'utf8'));
  printResults(summary, analytics);
  if (cli.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  return summary.ok ? 0 : 1;
}

/** One line for the terminal: what went wrong, never a stack trace. */
function describeFailure(error: unknown): string {
  const firstLine = (text: string) => text.split('\n')[0]!.trim();
  if (error instanceof LocalPipelineError) return firstLine(error.message);
  if (error instanceof Error) return `${error.name}: ${firstLine(error.message)}`;
  return firstLine(String(error));
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cdc-local: ${describeFailure(error)}\n`);
    process.exitCode = 2;
  },
);
