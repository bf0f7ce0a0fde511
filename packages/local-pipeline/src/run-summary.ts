import { CAPTURE_MODE, type CaptureMode, type OutputFormat } from '@org/order-schema';
import type { BackfillRows } from './analytics/backfill-rows';
import type { ReconciliationResult } from './analytics/reconciliation';
import type { KinesisPrecision } from './constants';
import type { FirehoseStats } from './firehose/firehose-emulator';
import type { CurrentStateTableStats } from './lake/current-state-table';
import type { RunClock } from './run-clock';
import type { RunOptions } from './run-options';
import type { BackfillCounts } from './source/backfill';
import type { StreamedChanges } from './stream-changes';

/** What a run did and found; written to `summary.json` and printed by `--json`. */
export interface RunSummary {
  run: {
    orders: number;
    seed: number;
    capture: CaptureMode;
    /** How Kinesis records gave their time (capture `kinesis-destination`), else null. */
    kinesisPrecision: KinesisPrecision | null;
    format: OutputFormat;
    chaos: boolean;
    source: 'embedded' | 'dynamodb';
    dynamodbEndpoint: string | null;
    /** Worker threads that ran the handler (0: in the run's own thread). */
    handlerThreads: number;
    /** Share of new orders placed with a coupon, from `couponFrom` of the run on. */
    couponShare: number;
    couponFrom: number;
    /**
     * With a coupon share: when (simulated) the transformer was upgraded from row layout 1 to 2, the
     * placement of the first order that may carry a coupon; null when the run played no upgrade.
     */
    transformerUpgradedAt: string | null;
    startedAt: string;
    outDir: string;
  };
  /**
   * The generator's writes into the source (failed writes leave no change behind; `ambiguousResolved`
   * counts writes applied by an attempt whose answer was lost, one change each).
   */
  writes: { operations: number; failed: number; retries: number; ambiguousResolved: number } | null;
  changes: { total: number; insert: number; update: number; delete: number };
  stream: { shards: number; recordsPut: number; duplicates: number; garbage: number };
  firehose: Omit<FirehoseStats, 'lakeRows'>;
  lake: { rows: number; files: number; bytes: number; rawBytes: number };
  errors: { records: number; files: number; bytes: number };
  /**
   * Milliseconds per stage. `streaming` is the wall time of source, capture, stream and Firehose, which
   * overlap; `handler` is the time the handler itself ran within it (on its worker threads, if any).
   */
  durationsMs: {
    streaming: number;
    handler: number;
    sourceState: number;
    analytics: number;
    reconciliation: number;
    report: number;
    total: number;
  };
  /**
   * CPU time of the whole process (every thread) while changes streamed, and the cores that is on
   * average (`streaming` CPU over wall time): near the machine's core count, the run is CPU-bound.
   */
  cpu: { streamingMs: number; streamingCores: number };
  /** Change events (distinct changes) per second through the streaming stages. */
  changeEventsPerSecond: number;
  /** Peak resident memory of the whole run, and the highest sampled while changes were streaming. */
  peakRssBytes: number;
  streamingPeakRssBytes: number;
  reconciliation: ReconciliationResult;
  /**
   * The current-state table `orders_state` (DIR/current/orders.parquet) reconciled with the source as
   * the view is; how often it was refreshed, and what the final full pass still changed.
   */
  currentTable: CurrentTableSummary;
  /**
   * The backfill of orders that existed before the stream (`--preexisting`): items read from the
   * export (every pass), the lake's snapshot rows and those de-duplication dropped, the wall time of
   * its steps (within `durationsMs.streaming`); null without one.
   */
  backfill: (BackfillCounts & BackfillRows) | null;
  ok: boolean;
}

/** The current-state table's reconciliation and maintenance, in `summary.json`. */
export interface CurrentTableSummary {
  rows: number;
  matched: number;
  missing: number;
  extra: number;
  mismatched: number;
  /** Hours of event time each windowed refresh read. */
  windowHours: number;
  /** Deliveries that landed objects, and the windowed refreshes that folded them (fewer when some waited). */
  deliveries: number;
  refreshes: number;
  refreshedRows: number;
  /** Wall time of the windowed refreshes, which ran beside the stream (within `durationsMs.streaming`). */
  refreshMs: number;
  fullPassRows: number;
}

/** What a summary is built from. */
export interface SummaryInputs {
  options: RunOptions;
  clock: RunClock;
  streamed: StreamedChanges;
  /** Time the handler ran, summed over invocations. */
  handlerMs: number;
  reconciliation: ReconciliationResult;
  /** When the run's transformer upgrade happened (simulated ms), if it played one. */
  transformerUpgradedAtMs?: number | undefined;
  currentTable: { reconciliation: ReconciliationResult; windowHours: number; stats: CurrentStateTableStats };
  /** The lake's snapshot rows, for a run with a backfill. */
  backfillRows?: BackfillRows;
}

/**
 * The summary of a run so far: the report and total durations and the peak RSS are 0 until
 * `completeRunSummary` fills them in at the end.
 */
export function buildRunSummary({
  options,
  clock,
  streamed,
  handlerMs,
  reconciliation,
  transformerUpgradedAtMs,
  currentTable,
  backfillRows,
}: SummaryInputs): RunSummary {
  const table = currentTable.reconciliation;
  const { capture, firehose, lake, errors, source } = streamed;
  const { lakeRows, ...firehoseCounts } = firehose;
  const durations = clock.durationsMs;
  const streamingMs = durations.streaming ?? 0;
  const streamingCpuMs = clock.cpuMs.streaming ?? 0;
  return {
    run: {
      orders: options.orders,
      seed: options.seed,
      capture: options.capture,
      kinesisPrecision:
        options.capture === CAPTURE_MODE.KINESIS_DESTINATION ? options.kinesisPrecision : null,
      format: options.format,
      chaos: options.chaos,
      source: options.dynamodbEndpoint ? 'dynamodb' : 'embedded',
      dynamodbEndpoint: options.dynamodbEndpoint ?? null,
      handlerThreads: options.handler ? 0 : options.handlerThreads,
      couponShare: options.couponShare,
      couponFrom: options.couponFrom,
      transformerUpgradedAt:
        transformerUpgradedAtMs === undefined ? null : new Date(transformerUpgradedAtMs).toISOString(),
      startedAt: clock.startedAt.toISOString(),
      outDir: options.outDir,
    },
    writes: source.writes
      ? {
          operations: source.writes.operations,
          failed: source.writes.failed,
          retries: source.writes.retries,
          ambiguousResolved: source.writes.ambiguousResolved,
        }
      : null,
    changes: {
      total: capture.changes,
      insert: capture.insert,
      update: capture.update,
      delete: capture.delete,
    },
    stream: {
      shards: options.shards,
      recordsPut: capture.recordsPut,
      duplicates: capture.duplicates,
      garbage: capture.garbage,
    },
    firehose: firehoseCounts,
    lake: { rows: lakeRows, files: lake.objects, bytes: lake.bytes, rawBytes: lake.rawBytes },
    errors: { records: firehose.processingFailed, files: errors.objects, bytes: errors.bytes },
    durationsMs: {
      streaming: Math.round(streamingMs),
      handler: Math.round(handlerMs),
      sourceState: Math.round(durations['source-state'] ?? 0),
      analytics: Math.round(durations.analytics ?? 0),
      reconciliation: Math.round(durations.reconciliation ?? 0),
      report: 0,
      total: 0,
    },
    cpu: {
      streamingMs: Math.round(streamingCpuMs),
      streamingCores: streamingMs > 0 ? Number((streamingCpuMs / streamingMs).toFixed(2)) : 0,
    },
    changeEventsPerSecond: streamingMs > 0 ? Math.round((capture.changes * 1000) / streamingMs) : 0,
    peakRssBytes: 0,
    streamingPeakRssBytes: streamed.peakRssBytes,
    reconciliation,
    currentTable: {
      rows: table.lakeOrders,
      matched: table.matched,
      missing: table.missing,
      extra: table.extra,
      mismatched: table.mismatched,
      windowHours: currentTable.windowHours,
      ...currentTable.stats,
      refreshMs: Math.round(currentTable.stats.refreshMs),
    },
    backfill: streamed.backfill && backfillRows ? { ...streamed.backfill, ...backfillRows } : null,
    ok: reconciliation.differences === 0 && table.differences === 0,
  };
}

/** Fills in what is known only at the end of a run: the report and total durations, the peak RSS. */
export function completeRunSummary(summary: RunSummary, clock: RunClock): void {
  summary.durationsMs.report = Math.round(clock.durationsMs.report ?? 0);
  summary.durationsMs.total = Math.round(clock.elapsedMs);
  summary.peakRssBytes = process.resourceUsage().maxRSS * 1024;
}
