import {
  CAPTURE_MODE,
  type CaptureMode,
  DEFAULT_CURRENT_STATE_TABLE,
  DEFAULT_CURRENT_STATE_VIEW,
  DEFAULT_LAKE_TABLE,
  OUTPUT_FORMAT,
  type OutputFormat,
} from '@org/order-schema';
import { Duration, Names, RemovalPolicy, Size } from 'aws-cdk-lib';
import type * as athena from 'aws-cdk-lib/aws-athena';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as glue from 'aws-cdk-lib/aws-glue';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as pipes from 'aws-cdk-lib/aws-pipes';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { buildAlarmTopic } from './alarm-topic';
import { AnalyticsWorkgroup } from './analytics-workgroup';
import type { AthenaStatement } from './athena-statement';
import { CapturePipe } from './capture-pipe';
import { buildChangeStream } from './change-stream';
import { checkProps } from './check-props';
import { ATHENA_RESULTS_PREFIX, DEFAULT_ERROR_RETENTION_DAYS, ERROR_PREFIX_ROOT } from './constants';
import { CurrentStateTable } from './current-state-table';
import { CurrentStateView } from './current-state-view';
import { LakeDeliveryStream } from './delivery-stream';
import { InvalidPropError } from './errors';
import { LakeBuckets } from './lake-buckets';
import { LakeCatalog } from './lake-catalog';
import { buildOrdersTable } from './orders-table';
import { acknowledgeFindings } from './pipeline-acknowledgements';
import { PipelineAlarms } from './pipeline-alarms';
import { PipelineDashboard } from './pipeline-dashboard';
import { HANDLER_DEFAULT_METRICS } from './pipeline-metrics';
import { SnapshotBackfill } from './snapshot-backfill';
import { TransformerFunction } from './transformer-function';
import type { CdcSalesPipelineProps } from './types';

/**
 * The whole CDC sales pipeline: DynamoDB orders table → (EventBridge Pipe | Kinesis Data Streams for
 * DynamoDB) → Kinesis Data Stream → Firehose with the transformer Lambda → partitioned S3 lake →
 * Glue table with partition projection → Athena workgroup, named queries and the current-state view,
 * with alarms that notify an SNS topic and a dashboard. Secure and observable by default; every part
 * can be replaced.
 */
export class CdcSalesPipeline extends Construct {
  /** Server access logs of the lake and Athena results buckets. */
  readonly accessLogsBucket: s3.Bucket;
  /** The alarms (empty when `createCloudWatchAlarms` is false). */
  readonly alarms: cloudwatch.Alarm[];
  /** The SNS topic every alarm notifies (`existingAlarmTopic` or a new one; none without alarms). */
  readonly alarmTopic?: sns.ITopic;
  /** The KMS key of the alarm topic the pipeline creates (none with `existingAlarmTopic`). */
  readonly alarmTopicKey?: kms.Key;
  /** Athena query results. */
  readonly athenaResultsBucket: s3.Bucket;
  /** The snapshot backfill: its state machine, Lambda, roles and log groups (with `createBackfill`). */
  readonly backfill?: SnapshotBackfill;
  /** How changes leave the table. */
  readonly captureMode: CaptureMode;
  /** Dead-letter queue of the Pipe (`eventbridge-pipe` mode). */
  readonly captureDeadLetterQueue?: sqs.Queue;
  /** The EventBridge Pipe (`eventbridge-pipe` mode). */
  readonly capturePipe?: pipes.CfnPipe;
  /** The log group of the Pipe (`eventbridge-pipe` mode). */
  readonly capturePipeLogGroup?: logs.LogGroup;
  /** The role of the Pipe: reads the table's stream, writes the change stream, the DLQ and its log group. */
  readonly capturePipeRole?: iam.Role;
  /** The Kinesis Data Stream between the capture and Firehose. */
  readonly changeStream: kinesis.IStream;
  /** The Iceberg current-state table and what keeps it fresh (unless `createCurrentStateTable` is false). */
  readonly currentStateTable?: CurrentStateTable;
  /** Name of the current-state table. */
  readonly currentStateTableName: string;
  /** The Athena statement that creates the current-state view (unless `createCurrentStateView` is false). */
  readonly currentStateView?: AthenaStatement;
  /**
   * The log group of the Athena statements' handlers, the view's among them (their framework's:
   * `currentStateView.frameworkLogGroup`); one per stack, shared by its statements.
   */
  readonly currentStateViewLogGroup?: logs.LogGroup;
  /** The role the view statement runs with in Athena: the stack's statements share it. */
  readonly currentStateViewRole?: iam.Role;
  /** Name of the current-state view. */
  readonly currentStateViewName: string;
  /** The CloudWatch dashboard (unless `createDashboard` is false). */
  readonly dashboard?: cloudwatch.Dashboard;
  /** Key prefix of the lake table's data, e.g. `orders_changes/`. */
  readonly dataPrefix: string;
  /** The Firehose delivery stream. */
  readonly deliveryStream: firehose.DeliveryStream;
  /** The delivery stream's destination role: writes the lake, invokes the transformer, reads the Glue schema. */
  readonly deliveryStreamDestinationRole: iam.Role;
  /** The delivery stream's log group (delivery and conversion errors). */
  readonly deliveryStreamLogGroup: logs.LogGroup;
  /** The delivery stream's role: reads the change stream. */
  readonly deliveryStreamRole: iam.Role;
  /** Key prefix under which Firehose writes failed records, one folder per error type. */
  readonly errorPrefix: string;
  /** The Glue database. */
  readonly glueDatabase: glue.CfnDatabase;
  /** Name of the Glue database. */
  readonly glueDatabaseName: string;
  /** The lake bucket. */
  readonly lakeBucket: s3.IBucket;
  /** The Glue table of the lake. */
  readonly lakeTable: glue.CfnTable;
  /** Name of the Glue table of the lake. */
  readonly lakeTableName: string;
  /** One named query per analytics statement of @org/order-schema. */
  readonly namedQueries: athena.CfnNamedQuery[];
  /** The orders table. */
  readonly ordersTable: dynamodb.ITable;
  /** The lake's file format. */
  readonly outputFormat: OutputFormat;
  /** The Firehose processor. */
  readonly transformerFunction: lambda.IFunction;
  /** The log group of the transformer the pipeline creates (none with `existingLambdaObj`). */
  readonly transformerLogGroup?: logs.LogGroup;
  /** The role of the transformer the pipeline creates: writes its log group, nothing else. */
  readonly transformerRole?: iam.Role;
  /** The Athena workgroup. */
  readonly workgroup: athena.CfnWorkGroup;

  constructor(scope: Construct, id: string, props: CdcSalesPipelineProps = {}) {
    super(scope, id);
    checkProps(props);
    this.captureMode = props.captureMode ?? CAPTURE_MODE.EVENTBRIDGE_PIPE;
    this.outputFormat = props.outputFormat ?? OUTPUT_FORMAT.PARQUET;
    this.lakeTableName = props.lakeTableName ?? DEFAULT_LAKE_TABLE;
    this.currentStateViewName = props.currentStateViewName ?? DEFAULT_CURRENT_STATE_VIEW;
    this.currentStateTableName = props.currentStateTableName ?? DEFAULT_CURRENT_STATE_TABLE;
    this.glueDatabaseName =
      props.glueDatabaseName ?? Names.uniqueResourceName(this, { maxLength: 64 }).toLowerCase();
    this.dataPrefix = `${this.lakeTableName}/`;
    this.errorPrefix = ERROR_PREFIX_ROOT;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    // Log groups go with the stack when its data does (a disposable stack leaves none behind).
    const logGroupProps: logs.LogGroupProps = {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy,
    };
    const bufferingInterval = props.bufferingInterval ?? Duration.seconds(300);

    // Source: the table and the stream between it and Firehose.
    this.changeStream = buildChangeStream(this, { ...props, removalPolicy });
    const viaPipe = this.captureMode === CAPTURE_MODE.EVENTBRIDGE_PIPE;
    this.ordersTable = buildOrdersTable(this, {
      ...props,
      removalPolicy,
      ...(viaPipe ? {} : { kinesisDestination: this.changeStream }),
    });

    // Lake: buckets, the Glue catalog Firehose converts against, and Firehose with the transformer.
    const buckets = new LakeBuckets(this, 'Buckets', {
      ...props,
      dataPrefix: this.dataPrefix,
      errorRetention: props.errorRetention ?? Duration.days(DEFAULT_ERROR_RETENTION_DAYS),
      removalPolicy,
      transitionToInfrequentAccessAfter: props.transitionToInfrequentAccessAfter ?? Duration.days(30),
    });
    this.lakeBucket = buckets.lakeBucket;
    this.accessLogsBucket = buckets.accessLogsBucket;
    this.athenaResultsBucket = buckets.resultsBucket;
    const catalog = new LakeCatalog(this, 'Catalog', {
      bucket: this.lakeBucket,
      databaseName: this.glueDatabaseName,
      dataPrefix: this.dataPrefix,
      outputFormat: this.outputFormat,
      partitionProjectionDateRange: props.partitionProjectionDateRange ?? 'NOW-3YEARS,NOW',
      tableName: this.lakeTableName,
    });
    this.glueDatabase = catalog.database;
    this.lakeTable = catalog.table;
    const transformer = props.existingLambdaObj
      ? undefined
      : new TransformerFunction(this, 'Transformer', {
          lambdaFunctionProps: props.lambdaFunctionProps,
          logGroupProps,
        });
    this.transformerFunction = props.existingLambdaObj ?? transformer!.function;
    this.transformerRole = transformer?.role;
    this.transformerLogGroup = transformer?.logGroup;
    const delivery = new LakeDeliveryStream(this, 'DeliveryStream', {
      bucket: this.lakeBucket,
      bufferingInterval,
      bufferingSize: props.bufferingSize ?? Size.mebibytes(128),
      dataPrefix: this.dataPrefix,
      glueTable: this.lakeTable,
      logGroupProps,
      outputFormat: this.outputFormat,
      source: this.changeStream,
      transformer: this.transformerFunction,
    });
    this.deliveryStream = delivery.deliveryStream;
    this.deliveryStreamRole = delivery.sourceRole;
    this.deliveryStreamDestinationRole = delivery.destinationRole;
    this.deliveryStreamLogGroup = delivery.logGroup;

    // Capture, only once Firehose exists: Firehose reads its Kinesis source from LATEST when it is
    // created, so anything written to the stream before then would never reach the lake.
    if (viaPipe) {
      const capture = new CapturePipe(this, 'CapturePipe', {
        ...props.capturePipeOptions,
        table: this.ordersTable,
        stream: this.changeStream,
        logGroupProps,
      });
      capture.pipe.node.addDependency(this.deliveryStream);
      this.capturePipe = capture.pipe;
      this.captureDeadLetterQueue = capture.deadLetterQueue;
      this.capturePipeRole = capture.role;
      this.capturePipeLogGroup = capture.logGroup;
    } else {
      // The table's Kinesis destination is a property of the table resource (there is no separate
      // CloudFormation resource for it), so the table itself waits for the delivery stream; the
      // delivery stream does not depend on the table, so this makes no cycle.
      this.ordersTable.node.addDependency(this.deliveryStream);
    }

    if (props.createBackfill) {
      this.backfill = new SnapshotBackfill(this, 'Backfill', {
        ...props.backfillOptions,
        bucket: this.lakeBucket,
        stream: this.changeStream,
        tableName: this.ordersTable.tableName,
        reservedPrefixes: [this.dataPrefix, this.errorPrefix],
        logGroupProps,
      });
    } else if (props.backfillOptions) {
      throw new InvalidPropError('backfillOptions', props.backfillOptions, 'needs createBackfill: true');
    }

    // Analytics: the workgroup, the order-schema SQL as named queries, and the view made real.
    const analytics = new AnalyticsWorkgroup(this, 'Analytics', {
      bytesScannedCutoff: props.athenaBytesScannedCutoff ?? Size.gibibytes(10),
      database: this.glueDatabaseName,
      removalPolicy,
      resultsBucket: this.athenaResultsBucket,
      tableName: this.lakeTableName,
      viewName: this.currentStateViewName,
      workgroupName:
        props.workgroupName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }),
    });
    for (const query of analytics.namedQueries) query.node.addDependency(this.glueDatabase);
    this.workgroup = analytics.workgroup;
    this.namedQueries = analytics.namedQueries;
    let view: CurrentStateView | undefined;
    if (props.createCurrentStateView ?? true) {
      view = new CurrentStateView(this, 'CurrentStateView', {
        database: this.glueDatabase,
        databaseName: this.glueDatabaseName,
        logRemovalPolicy: removalPolicy,
        logRetention: logGroupProps.retention,
        resultsBucket: this.athenaResultsBucket,
        resultsPrefix: ATHENA_RESULTS_PREFIX,
        table: this.lakeTable,
        tableName: this.lakeTableName,
        viewName: this.currentStateViewName,
        workgroup: this.workgroup,
      });
      this.currentStateView = view.statement;
      this.currentStateViewRole = view.statement.role;
      this.currentStateViewLogGroup = view.statement.logGroup;
    }

    // Observability: alarms, each notifying the alarm topic, and the dashboard.
    const watched = {
      deadLetterQueue: this.captureDeadLetterQueue,
      deliveryStream: this.deliveryStream,
      pipe: this.capturePipe,
      stream: this.changeStream,
      table: this.ordersTable,
      transformer: this.transformerFunction,
      // An existing function is watched under the handler's own defaults (see `existingLambdaObj`).
      transformerMetrics: transformer?.metrics ?? HANDLER_DEFAULT_METRICS,
    };
    this.alarms = [];
    if (props.createCloudWatchAlarms ?? true) {
      const { topic, key } = buildAlarmTopic(this, { ...props, removalPolicy });
      this.alarmTopic = topic;
      this.alarmTopicKey = key;
      this.alarms = new PipelineAlarms(this, 'Alarms', {
        ...watched,
        alarmTopic: this.alarmTopic,
        convertsToParquet: this.outputFormat === OUTPUT_FORMAT.PARQUET,
        failedRecordsThreshold: props.failedRecordsThreshold ?? 0,
        freshnessThreshold: bufferingInterval.plus(Duration.minutes(10)),
      }).alarms;
    }

    // The current-state table, refreshed on a schedule; its failures alarm to the same topic.
    if (props.createCurrentStateTable ?? true) {
      this.currentStateTable = new CurrentStateTable(this, 'CurrentStateTable', {
        ...props.currentStateTableOptions,
        alarmTopic: this.alarmTopic,
        database: this.glueDatabase,
        databaseName: this.glueDatabaseName,
        deliveryLatency: bufferingInterval,
        lakeBucket: this.lakeBucket,
        lakeDataPrefix: this.dataPrefix,
        lakeTable: this.lakeTable,
        lakeTableName: this.lakeTableName,
        logGroupProps,
        resultsBucket: this.athenaResultsBucket,
        resultsPrefix: ATHENA_RESULTS_PREFIX,
        stateTableName: this.currentStateTableName,
        workgroup: this.workgroup,
      });
      if (this.currentStateTable.alarm) this.alarms.push(this.currentStateTable.alarm);
    }
    if (props.createDashboard ?? true) {
      this.dashboard = new PipelineDashboard(this, 'Dashboard', {
        ...watched,
        alarms: this.alarms,
      }).dashboard;
    }

    acknowledgeFindings({
      buckets,
      deadLetterQueue: this.captureDeadLetterQueue,
      delivery,
      transformer: this.transformerFunction,
    });
  }
}
