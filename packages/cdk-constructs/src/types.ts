import type { CaptureMode, OutputFormat } from '@org/order-schema';
import type { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { StartingPosition } from './constants';
import type { CurrentStateTableOptions } from './current-state-table';
import type { BackfillOptions } from './snapshot-backfill';

/** How the EventBridge Pipe reads the table's stream (`captureMode: 'eventbridge-pipe'` only). */
export interface CapturePipeOptions {
  /**
   * Stream records per batch the Pipe sends to Kinesis (1-10000).
   * @default 100
   */
  readonly batchSize?: number;
  /**
   * How long the Pipe waits to fill a batch.
   * @default Duration.seconds(1)
   */
  readonly maximumBatchingWindow?: Duration;
  /**
   * Records older than this go to the dead-letter queue instead of Kinesis (60 s - 7 days). The DynamoDB
   * stream keeps records 24 hours, so a shorter age leaves time to re-read them after an incident.
   * @default Duration.hours(12)
   */
  readonly maximumRecordAge?: Duration;
  /**
   * Retries of a failed batch before its description goes to the dead-letter queue (0-10000).
   * @default 10
   */
  readonly maximumRetryAttempts?: number;
  /**
   * Where a new Pipe starts reading the stream. `TRIM_HORIZON` reads what the stream still holds (24 h),
   * so changes made while the Pipe is created or replaced are not dropped; the records it reads again
   * are harmless, because the lake de-duplicates on `event_id`. `LATEST` skips them.
   * @default 'TRIM_HORIZON'
   */
  readonly startingPosition?: StartingPosition;
}

/** Props of `CdcSalesPipeline`. Every prop is optional: the defaults give the production pipeline. */
export interface CdcSalesPipelineProps {
  /**
   * An e-mail address to subscribe to the alarm topic the pipeline creates. Not allowed together with
   * `existingAlarmTopic` (subscribe to your own topic yourself).
   * @default - no subscription: the topic is there to subscribe to
   */
  readonly alarmEmail?: string;
  /**
   * Export prefix, concurrency and write budget of the snapshot backfill (`createBackfill: true` only).
   * @default - see `BackfillOptions`
   */
  readonly backfillOptions?: BackfillOptions;
  /**
   * Largest amount of data one Athena query in the workgroup may scan before it is cancelled.
   * @default Size.gibibytes(10)
   */
  readonly athenaBytesScannedCutoff?: Size;
  /**
   * Props of the lake bucket, merged over the secure defaults (Block Public Access, enforceSSL, SSE-S3,
   * versioning, server access logs, lifecycle). Not allowed together with `existingBucketObj`.
   * @default - a new secure bucket
   */
  readonly bucketProps?: s3.BucketProps;
  /**
   * How long Firehose buffers before it writes a file (60-900 s with dynamic partitioning).
   * @default Duration.seconds(300)
   */
  readonly bufferingInterval?: Duration;
  /**
   * How much Firehose buffers before it writes a file (64-128 MiB with dynamic partitioning).
   * @default Size.mebibytes(128)
   */
  readonly bufferingSize?: Size;
  /**
   * How changes leave the table: an EventBridge Pipe from the table's stream, or Kinesis Data Streams
   * for DynamoDB (timestamps in milliseconds).
   * @default 'eventbridge-pipe'
   */
  readonly captureMode?: CaptureMode;
  /**
   * Batch size, retries, record age and starting position of the Pipe (`'eventbridge-pipe'` only).
   * @default - see `CapturePipeOptions`
   */
  readonly capturePipeOptions?: CapturePipeOptions;
  /**
   * Whether to create the snapshot backfill: a Step Functions state machine that writes every item of a
   * DynamoDB export to the change stream as a snapshot record, for orders that existed before the
   * stream (run it with `pnpm run backfill`). Costs nothing until it runs.
   * @default false
   */
  readonly createBackfill?: boolean;
  /**
   * Whether to create the CloudWatch alarms and the topic they notify.
   * @default true
   */
  readonly createCloudWatchAlarms?: boolean;
  /**
   * Whether to create the current-state table (Apache Iceberg, one row per live order) and keep it
   * fresh: a deploy step creates it, EventBridge Scheduler and Step Functions run the MERGE of
   * @org/order-schema through Athena (see `currentStateTableOptions`).
   * @default true
   */
  readonly createCurrentStateTable?: boolean;
  /**
   * Whether a custom resource runs the `CREATE OR REPLACE VIEW` statement in Athena on every deploy
   * that changes it, so that the current-state view exists after deploy.
   * @default true
   */
  readonly createCurrentStateView?: boolean;
  /**
   * Whether to create the CloudWatch dashboard.
   * @default true
   */
  readonly createDashboard?: boolean;
  /**
   * Name of the Iceberg table of the current state of every order (`createCurrentStateTable`).
   * @default 'orders_state'
   */
  readonly currentStateTableName?: string;
  /**
   * How often the current-state table is refreshed, how much of the lake a refresh reads, and when
   * the full pass and the maintenance run (`createCurrentStateTable` only).
   * @default - see `CurrentStateTableOptions`
   */
  readonly currentStateTableOptions?: CurrentStateTableOptions;
  /**
   * Name of the Athena view of the current state of every order.
   * @default 'orders_current'
   */
  readonly currentStateViewName?: string;
  /**
   * Props of the orders table, merged over the defaults (`orderId` partition key, on-demand, PITR,
   * AWS-managed encryption, NEW_AND_OLD_IMAGES stream). The partition key must stay `orderId` (S).
   * Not allowed together with `existingTableObj`.
   * @default - a new table named `OrdersRawTable`
   */
  readonly dynamoTableProps?: Partial<dynamodb.TableProps>;
  /**
   * Age at which objects under the error prefix (`errors/`: records the pipeline could not deliver, with
   * their original bytes) expire: whole days, at least 90 so that a failure can be found and replayed,
   * or `Duration.days(0)` to keep them forever. Applies to the lake bucket the pipeline creates.
   * @default Duration.days(365)
   */
  readonly errorRetention?: Duration;
  /**
   * An existing SNS topic for every alarm to notify, instead of the one the pipeline creates (if it is
   * KMS-encrypted, its key policy must let `cloudwatch.amazonaws.com` use the key). Not allowed
   * together with `alarmEmail`.
   * @default - a new topic, TLS-only and encrypted with its own KMS key
   */
  readonly existingAlarmTopic?: sns.ITopic;
  /**
   * An existing bucket for the lake. Lifecycle rules and access logging are then yours to set.
   * Not allowed together with `bucketProps`.
   * @default - a new bucket
   */
  readonly existingBucketObj?: s3.IBucket;
  /**
   * An existing transformer function used as the Firehose processor. The failed-records alarm then
   * watches the handler's default namespace and service (`CdcSalesPipeline`, `cdc-transformer`): leave
   * its `POWERTOOLS_METRICS_NAMESPACE` and `POWERTOOLS_SERVICE_NAME` unset. Not allowed together with
   * `lambdaFunctionProps`.
   * @default - a new function from the @org/cdc-transformer bundle
   */
  readonly existingLambdaObj?: lambda.IFunction;
  /**
   * An existing Kinesis Data Stream between the capture and Firehose. Not allowed together with
   * `kinesisStreamProps`.
   * @default - a new on-demand stream
   */
  readonly existingStreamObj?: kinesis.IStream;
  /**
   * An existing orders table. It must have a NEW_AND_OLD_IMAGES stream (import it with `tableStreamArn`)
   * and only works with `captureMode: 'eventbridge-pipe'`. Not allowed together with `dynamoTableProps`.
   * @default - a new table
   */
  readonly existingTableObj?: dynamodb.ITable;
  /**
   * Records the transformer may return as ProcessingFailed in 5 minutes (the Sum of its `RecordsFailed`
   * metric) before its alarm fires.
   * @default 0 - any failed record
   */
  readonly failedRecordsThreshold?: number;
  /**
   * Name of the Glue database of the lake table and view (lower case, digits, underscores).
   * @default - derived from the construct path, e.g. `cdcsalesdevsales`
   */
  readonly glueDatabaseName?: string;
  /**
   * Props of the Kinesis Data Stream, merged over the defaults (on-demand, `aws/kinesis` encryption,
   * 24 h retention; set `retentionPeriod` here). Not allowed together with `existingStreamObj`.
   * @default - an on-demand stream
   */
  readonly kinesisStreamProps?: kinesis.StreamProps;
  /**
   * Name of the Glue table of the lake (one row per change).
   * @default 'orders_changes'
   */
  readonly lakeTableName?: string;
  /**
   * Props of the transformer function, merged over the defaults (the @org/cdc-transformer bundle,
   * `index.handler`, Node.js 24, arm64, 512 MB, 2 min, Powertools environment). Pass `code` to use
   * another build of the transformer. Not allowed together with `existingLambdaObj`.
   * @default - see above
   */
  readonly lambdaFunctionProps?: Partial<lambda.FunctionProps>;
  /**
   * Retention of the log groups the pipeline creates (Lambda, Firehose, Pipe, Athena statements, the
   * current-state table's state machine).
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * File format of the lake: Parquet converted by Firehose against the Glue table, or GZIP JSON lines.
   * @default 'parquet'
   */
  readonly outputFormat?: OutputFormat;
  /**
   * Range of the `dt` partition projection. Athena lists every day in it when a query does not filter
   * on `dt`, so keep it as short as the lake's life.
   * @default 'NOW-3YEARS,NOW'
   */
  readonly partitionProjectionDateRange?: string;
  /**
   * What happens to the table, the stream and the buckets when the stack is deleted. With DESTROY the
   * buckets are emptied first.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Age after which lake data moves to S3 Standard-IA.
   * @default Duration.days(30)
   */
  readonly transitionToInfrequentAccessAfter?: Duration;
  /**
   * Name of the Athena workgroup.
   * @default - derived from the construct path
   */
  readonly workgroupName?: string;
}
