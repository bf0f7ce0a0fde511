import { CAPTURE_MODE, OUTPUT_FORMAT } from '@org/order-schema';

/**
 * How a Kinesis Data Streams for DynamoDB record gives its time: `ms` and `us` with
 * `ApproximateCreationDateTimePrecision` MILLISECOND or MICROSECOND, `absent` in milliseconds without
 * that field, as from a destination enabled without the precision setting.
 */
export const KINESIS_PRECISION = {
  MILLISECOND: 'ms',
  MICROSECOND: 'us',
  ABSENT: 'absent',
} as const;
export type KinesisPrecision = (typeof KINESIS_PRECISION)[keyof typeof KINESIS_PRECISION];
export const KINESIS_PRECISIONS = Object.values(KINESIS_PRECISION);

/** Defaults of a local run. */
export const DEFAULTS = {
  orders: 2000,
  seed: 42,
  outDir: '.cdc-local',
  capture: CAPTURE_MODE.EVENTBRIDGE_PIPE,
  format: OUTPUT_FORMAT.JSON,
  shards: 4,
  /** One worker thread runs the handler, as one Lambda instance beside Firehose. */
  handlerThreads: 1,
  region: 'eu-west-1',
  accountId: '000000000000',
  deliveryStreamName: 'orders-cdc',
  tableName: 'OrdersRawTable',
  /** What the CDK construct deploys: its Kinesis destination is enabled with MILLISECOND. */
  kinesisPrecision: KINESIS_PRECISION.MILLISECOND,
  /** Firehose processor hints: 1 MB, 60 s (AWS's defaults); the interval runs on the wall clock. */
  processorBufferBytes: 1024 * 1024,
  processorBufferIntervalMs: 60_000,
  /**
   * S3 destination hints: 64 MB (the floor with dynamic partitioning) and 900 s (the ceiling), on the
   * run's simulated clock, so that partitions close as event time moves on, as they would live.
   */
  destinationBufferBytes: 64 * 1024 * 1024,
  destinationBufferIntervalMs: 900_000,
  /** No coupons, so no upgrade to play; coupons from the second half of the run (the generator's default). */
  couponShare: 0,
  couponFrom: 0.5,
} as const;

/**
 * How the run keeps the current-state table, as the construct does by default: each windowed refresh
 * reads the last 3 hours of event time, on the run's simulated clock, after every Firehose delivery
 * that wrote lake objects; a full pass at the end, as the construct's daily one.
 */
export const CURRENT_TABLE = { windowHours: 3 } as const;
