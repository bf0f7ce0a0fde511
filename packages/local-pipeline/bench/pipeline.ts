import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunSummary } from '../src/run-summary';
import { measureHandlerCeiling } from './handler-ceiling';

/**
 * End-to-end throughput and peak memory of the built `cdc-local`, each run in its own process so that
 * its peak RSS is its own. Usage: `pnpm bench [orders…]` (default 10000 100000). Figures go to the
 * console and to test-results/bench.json.
 */
const dist = join(import.meta.dirname, '..', 'dist');
const cli = join(dist, 'cli.js');
if (!existsSync(cli)) throw new Error(`build first: ${cli} is missing`);
/** The goal at 100k orders, JSON, with the current-state table refreshed beside the stream. */
const GOAL_EVENTS_PER_SECOND = 9_000;
const CORES = availableParallelism();
const sizes = process.argv.slice(2).map(Number);
const orderCounts = sizes.length > 0 ? sizes : [10_000, 100_000];
const root = mkdtempSync(join(tmpdir(), 'cdc-local-bench-'));

function runOnce(orders: number, format: 'json' | 'parquet') {
  const out = join(root, `${format}-${orders}`);
  const stdout = execFileSync(
    process.execPath,
    [cli, '--orders', String(orders), '--format', format, '--out', out, '--json', '--no-progress'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as RunSummary;
  rmSync(out, { recursive: true, force: true });
  return {
    format,
    orders,
    handlerThreads: summary.run.handlerThreads,
    changeEvents: summary.changes.total,
    changeEventsPerSecond: summary.changeEventsPerSecond,
    ratioToGoal: Number((summary.changeEventsPerSecond / GOAL_EVENTS_PER_SECOND).toFixed(3)),
    handlerShareOfStreaming: Number((summary.durationsMs.handler / summary.durationsMs.streaming).toFixed(3)),
    // CPU of every thread while streaming, and the rate if that CPU were spread evenly over every core:
    // no scheduling of this work on this machine passes it.
    streamingCores: summary.cpu.streamingCores,
    cores: CORES,
    cpuBoundEventsPerSecond: Math.round((summary.changes.total * 1000 * CORES) / summary.cpu.streamingMs),
    stateTable: {
      deliveries: summary.currentTable.deliveries,
      refreshes: summary.currentTable.refreshes,
      refreshMs: summary.currentTable.refreshMs,
    },
    handlerMicrosPerEvent: Number(
      ((summary.durationsMs.handler * 1000) / summary.firehose.recordsIn).toFixed(1),
    ),
    peakRssMiB: Math.round(summary.peakRssBytes / 2 ** 20),
    streamingPeakRssMiB: Math.round(summary.streamingPeakRssBytes / 2 ** 20),
    sourceOrders: summary.reconciliation.sourceOrders,
    lakeFiles: summary.lake.files,
    lakeMiB: Number((summary.lake.bytes / 2 ** 20).toFixed(2)),
    durationsMs: summary.durationsMs,
    reconciliationDifferences: summary.reconciliation.differences,
  };
}

const figures: ReturnType<typeof runOnce>[] = [];
let ceiling: Awaited<ReturnType<typeof measureHandlerCeiling>>;
try {
  for (const format of ['json', 'parquet'] as const) {
    for (const orders of orderCounts) {
      const figure = runOnce(orders, format);
      figures.push(figure);
      console.log(JSON.stringify(figure));
    }
  }
  // The bound no pipeline can pass here: the real handler alone, one worker per core, same workload.
  ceiling = await measureHandlerCeiling(orderCounts[0]!, join(root, 'ceiling'));
} finally {
  rmSync(root, { recursive: true, force: true });
}
const rss = (format: string, orders: number) =>
  figures.find((f) => f.format === format && f.orders === orders)?.peakRssMiB;
const [small, large] = [orderCounts[0]!, orderCounts.at(-1)!];
const ratios = Object.fromEntries(
  (['json', 'parquet'] as const).map((format) => [
    format,
    Number(((rss(format, large) ?? 0) / (rss(format, small) ?? 1)).toFixed(2)),
  ]),
);
console.log(`peak RSS ratio ${large}/${small} orders: ${JSON.stringify(ratios)}`);
const best = Math.max(...figures.map((figure) => figure.changeEventsPerSecond));
console.log(
  [
    `real handler alone, ${ceiling.workers} workers (one per core), ${ceiling.records} records of ${ceiling.meanRecordBytes} base64 bytes:`,
    `  ${ceiling.recordsPerSecond} records/s (one worker: ${ceiling.oneWorkerRecordsPerSecond} records/s, ${ceiling.microsPerRecordOnOneCore} µs in the handler per record)`,
    `  ratio, handler ceiling / goal ${GOAL_EVENTS_PER_SECOND}: ${(ceiling.recordsPerSecond / GOAL_EVENTS_PER_SECOND).toFixed(2)}`,
    `  ratio, best end-to-end run / handler ceiling: ${(best / ceiling.recordsPerSecond).toFixed(2)}`,
  ].join('\n'),
);
mkdirSync('test-results', { recursive: true });
writeFileSync(
  join('test-results', 'bench.json'),
  `${JSON.stringify({ figures, peakRssRatio: ratios, handlerCeiling: ceiling }, null, 2)}\n`,
);
