import type { CaptureMode, KinesisPrecision, OutputFormat } from './constants';
import type { FirehoseStats } from './firehose-emulator';
import type { ReconciliationResult } from './reconciliation';

/** What a run did and found; written to `summary.json` and printed by `--json`. */
export interface RunSummary {
  run: {
    orders: number;
    seed: number;
    capture: CaptureMode;
    /** How Kinesis records gave their time (capture `kinesis`), else null. */
    kinesisPrecision: KinesisPrecision | null;
    format: OutputFormat;
    chaos: boolean;
    source: 'embedded' | 'dynamodb';
    dynamodbEndpoint: string | null;
    startedAt: string;
    outDir: string;
  };
  /** The generator's writes into the source (failed writes leave no change behind). */
  writes: { operations: number; failed: number; retries: number } | null;
  changes: { total: number; insert: number; update: number; delete: number };
  stream: { shards: number; recordsPut: number; duplicates: number; garbage: number };
  firehose: Omit<FirehoseStats, 'lakeRows'>;
  lake: { rows: number; files: number; bytes: number; rawBytes: number };
  errors: { records: number; files: number; bytes: number };
  /**
   * Milliseconds per stage. `streaming` is the wall time of source, capture, stream and Firehose, which
   * overlap; `handler` is the time the handler itself ran within it (in its worker thread when built).
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
  /** Change events (distinct changes) per second through the streaming stages. */
  changeEventsPerSecond: number;
  /** Peak resident memory of the whole run, and the highest sampled while changes were streaming. */
  peakRssBytes: number;
  streamingPeakRssBytes: number;
  reconciliation: ReconciliationResult;
  ok: boolean;
}
