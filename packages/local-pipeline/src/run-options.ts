import type { FirehoseTransformationHandler } from '@org/cdc-transformer/lambda';
import type { CaptureMode, OutputFormat } from '@org/order-schema';
import type { KinesisPrecision } from './constants';
import type { Workload } from './source/workload';

/** The stages of a run, in order. */
export type RunStage = 'streaming' | 'source-state' | 'analytics' | 'reconciliation' | 'report' | 'done';

/** Where a run is, for a progress display. */
export interface RunProgress {
  stage: RunStage;
  changes: number;
  lakeRows: number;
  failedRecords: number;
  elapsedMs: number;
}

/** Everything a run can be told; `resolveRunOptions` fills in the defaults. */
export interface RunOptions {
  orders: number;
  /**
   * Orders written before the table's stream is turned on, then brought to the lake by a backfill
   * (an export read back into snapshot records) while the `orders` keep changing; 0: no backfill.
   */
  preexisting: number;
  /** Run the backfill a second time from the same export: the current state must not change. */
  backfillTwice: boolean;
  seed: number;
  outDir: string;
  capture: CaptureMode;
  /** With `capture` `kinesis-destination`: how records give their time (`ms`, as the construct deploys, `us`, or `absent`). */
  kinesisPrecision: KinesisPrecision;
  format: OutputFormat;
  chaos: boolean;
  /** Write to this DynamoDB endpoint (e.g. DynamoDB Local) and read its stream, instead of the embedded table. */
  dynamodbEndpoint?: string;
  shards: number;
  processorBufferBytes: number;
  processorBufferIntervalMs: number;
  destinationBufferBytes: number;
  destinationBufferIntervalMs: number;
  /**
   * Share of new orders, from `couponFrom` on, placed with a coupon (schema version 2's couponCode and
   * discountTotal). Above 0 the run plays the staged upgrade: the transformer writes row layout 1 until
   * the first order that may carry a coupon is placed, and layout 2 from then on, into the same lake.
   */
  couponShare: number;
  /** Where coupons (and the upgrade) start, as a share of the run's orders (the generator's). */
  couponFrom: number;
  /** Save a PNG of the report beside it. */
  screenshot: boolean;
  /**
   * Worker threads that run the real handler, each as one Lambda instance beside Firehose; 0 runs it
   * in this thread. A given `handler` always runs in this thread.
   */
  handlerThreads: number;
  /** The transformation handler; the real `@org/cdc-transformer/lambda` handler when absent. */
  handler?: FirehoseTransformationHandler;
  /** The writes; the generator's seeded workload for `orders` and `seed` when absent. */
  workload?: Workload;
  onProgress?: (progress: RunProgress) => void;
}
