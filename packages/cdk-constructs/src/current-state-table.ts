import { currentStateMergeSql, icebergStateTableSql, stateTableMigrationsSql } from '@org/order-schema/sql';
import { Duration } from 'aws-cdk-lib';
import type * as athena from 'aws-cdk-lib/aws-athena';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { type AthenaDataLocation, type AthenaQueryAccess, AthenaQueryPolicy } from './athena-query-policy';
import { AthenaStatement } from './athena-statement';
import { STATE_TABLE_JOB, type StateTableJob } from './constants';
import { InvalidPropError } from './errors';
import { acknowledge } from './nag-acknowledgements';

/** How the current-state table is kept fresh (`CdcSalesPipelineProps.currentStateTableOptions`). */
export interface CurrentStateTableOptions {
  /**
   * When the full pass folds the whole lake in: it catches rows that landed in partitions older than
   * the window (replayed error records, long-delayed deliveries).
   * @default ScheduleExpression.cron({ hour: '2', minute: '10' }) - daily at 02:10 UTC
   */
  readonly fullRefreshSchedule?: scheduler.ScheduleExpression;
  /**
   * When `OPTIMIZE … REWRITE DATA USING BIN_PACK` folds the refreshes' small and delete files into
   * well-sized ones, then `VACUUM` expires old snapshots and removes the files no snapshot needs.
   * @default ScheduleExpression.cron({ hour: '3', minute: '40' }) - daily at 03:40 UTC
   */
  readonly maintenanceSchedule?: scheduler.ScheduleExpression;
  /**
   * How long one Athena query of the state machine may run before its task fails (and is retried).
   * @default Duration.minutes(30)
   */
  readonly queryTimeout?: Duration;
  /**
   * How often the windowed refresh runs (whole minutes): the table's lag behind the lake.
   * @default Duration.minutes(15)
   */
  readonly refreshInterval?: Duration;
  /**
   * Hours of event-time partitions (`dt`/`hour`) a windowed refresh reads, back from its start. Must be
   * longer than the refresh interval plus Firehose's buffering interval, so that every row lands inside
   * the window of at least one refresh.
   * @default 3
   */
  readonly windowHours?: number;
}

export interface CurrentStateTableProps extends CurrentStateTableOptions {
  /** Notified when an execution fails; no alarm without it. */
  readonly alarmTopic?: sns.ITopic;
  readonly database: glue.CfnDatabase;
  readonly databaseName: string;
  /** The longest a change waits in Firehose before it is in the lake (its buffering interval). */
  readonly deliveryLatency: Duration;
  readonly lakeBucket: s3.IBucket;
  /** Key prefix of the lake table's data, e.g. `orders_changes/`. */
  readonly lakeDataPrefix: string;
  readonly lakeTable: glue.CfnTable;
  readonly lakeTableName: string;
  /** Retention and removal policy of the log groups. */
  readonly logGroupProps: logs.LogGroupProps;
  readonly resultsBucket: s3.IBucket;
  /** Key prefix of the workgroup's results in that bucket. */
  readonly resultsPrefix: string;
  /** Name of the Iceberg table; its files go under `<name>/` in the lake bucket. */
  readonly stateTableName: string;
  readonly workgroup: athena.CfnWorkGroup;
}

const MAX_WINDOW_HOURS = 24 * 366;

/**
 * The current-state table: one row per live order, an Apache Iceberg table in the lake's database,
 * kept by the MERGE of @org/order-schema instead of recomputed from the whole change log on every
 * query as the view is.
 *
 * Deploy creates it (`CREATE TABLE IF NOT EXISTS … TBLPROPERTIES ('table_type'='ICEBERG')`, not
 * partitioned: see `icebergStateTableSql`) and adds the columns of each later row layout, each an
 * `AthenaStatement` that the deploy waits for. EventBridge Scheduler then starts one Step Functions
 * state machine with `{ "job": … }`: every `refreshInterval` the windowed MERGE, on `fullRefreshSchedule`
 * the full pass, on `maintenanceSchedule` OPTIMIZE then VACUUM. Each query runs through the Athena
 * `startQueryExecution.sync` integration (https://docs.aws.amazon.com/step-functions/latest/dg/connect-athena.html),
 * which waits for the query and fails the task when it fails: no Lambda code. A failed task is retried
 * (an Iceberg commit can lose to a concurrent one, and every job is safe to repeat: the MERGE is
 * idempotent); a failed execution raises the `ExecutionsFailed` alarm.
 */
export class CurrentStateTable extends Construct {
  /** `ExecutionsFailed` of the state machine > 0 (none without an alarm topic). */
  readonly alarm?: cloudwatch.Alarm;
  /** The statement that creates the table on deploy. */
  readonly createStatement: AthenaStatement;
  /** The state machine's log group (every event, without execution data). */
  readonly logGroup: logs.LogGroup;
  /** One `ALTER TABLE … ADD COLUMNS` statement per row layout after the first, in order. */
  readonly migrationStatements: AthenaStatement[];
  /** The state machine's role: Athena runs its queries with these rights. */
  readonly role: iam.Role;
  /** Schedules by job: `refresh`, `full-refresh`, `maintenance`. */
  readonly schedules: Record<StateTableJob, scheduler.Schedule>;
  readonly stateMachine: sfn.StateMachine;
  /** Key prefix of the table's data and metadata in the lake bucket. */
  readonly tablePrefix: string;

  constructor(scope: Construct, id: string, props: CurrentStateTableProps) {
    super(scope, id);
    const windowHours = props.windowHours ?? 3;
    const refreshInterval = props.refreshInterval ?? Duration.minutes(15);
    checkRefresh(windowHours, refreshInterval, props.deliveryLatency);
    this.tablePrefix = `${props.stateTableName}/`;
    const tableFiles: AthenaDataLocation = {
      bucket: props.lakeBucket,
      prefix: this.tablePrefix,
      write: true,
    };
    const access = {
      databaseName: props.databaseName,
      workgroupName: props.workgroup.ref,
      resultsBucket: props.resultsBucket,
      resultsPrefix: props.resultsPrefix,
    } satisfies AthenaQueryAccess;

    // Deploy: the table, then each layout's columns, in order.
    const tableDdl = {
      ...access,
      writesTables: [props.stateTableName],
      dataLocations: [tableFiles],
      logRetention: props.logGroupProps.retention,
      logRemovalPolicy: props.logGroupProps.removalPolicy,
    };
    this.createStatement = new AthenaStatement(this, 'CreateTable', {
      ...tableDdl,
      sql: icebergStateTableSql({
        stateTable: props.stateTableName,
        location: `s3://${props.lakeBucket.bucketName}/${this.tablePrefix}`,
      }),
    });
    this.createStatement.resource.node.addDependency(props.database);
    let previous = this.createStatement;
    this.migrationStatements = stateTableMigrationsSql({ stateTable: props.stateTableName }).map(
      (migration) => {
        const statement = new AthenaStatement(this, `AddColumnsV${migration.schemaVersion}`, {
          ...tableDdl,
          sql: migration.sql,
          addsColumns: { table: props.stateTableName, columns: migration.columns },
        });
        statement.resource.node.addDependency(previous.resource);
        previous = statement;
        return statement;
      },
    );

    // The jobs: one state machine, its input says which.
    const query = (name: string, comment: string, sql: string) =>
      new tasks.AthenaStartQueryExecution(this, name, {
        comment,
        queryString: sql,
        integrationPattern: sfn.IntegrationPattern.RUN_JOB,
        queryExecutionContext: { databaseName: props.databaseName },
        workGroup: props.workgroup.ref,
        taskTimeout: sfn.Timeout.duration(props.queryTimeout ?? Duration.minutes(30)),
        // The query's id and statistics are in the log; the next state needs nothing from them.
        resultPath: sfn.JsonPath.DISCARD,
      }).addRetry({
        errors: [sfn.Errors.ALL],
        interval: Duration.minutes(1),
        backoffRate: 2,
        maxAttempts: 2,
      });
    const merge = (windowed: boolean) =>
      currentStateMergeSql({
        table: props.lakeTableName,
        stateTable: props.stateTableName,
        ...(windowed ? { windowHours } : {}),
      });
    // https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-data-optimization.html
    const maintenance = query(
      'Optimize',
      'Rewrites small data files and folds delete files in',
      `OPTIMIZE ${props.stateTableName} REWRITE DATA USING BIN_PACK`,
    ).next(
      query('Vacuum', 'Expires old snapshots, removes unreferenced files', `VACUUM ${props.stateTableName}`),
    );
    const job = (name: StateTableJob) => sfn.Condition.stringEquals('$.job', name);
    const definition = new sfn.Choice(this, 'Job')
      .when(
        job(STATE_TABLE_JOB.REFRESH),
        query('MergeWindow', `Folds in the last ${windowHours} hours of partitions`, merge(true)),
      )
      .when(job(STATE_TABLE_JOB.FULL_REFRESH), query('MergeAll', 'Folds in the whole lake', merge(false)))
      .when(job(STATE_TABLE_JOB.MAINTENANCE), maintenance)
      .otherwise(
        new sfn.Fail(this, 'UnknownJob', {
          error: 'UnknownJob',
          cause: `The input's job must be one of ${Object.values(STATE_TABLE_JOB).join(', ')}`,
        }),
      );

    this.logGroup = new logs.LogGroup(this, 'LogGroup', props.logGroupProps);
    this.role = new iam.Role(this, 'Role', {
      description: `Refreshes and maintains the ${props.stateTableName} table in Athena`,
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
    });
    this.grantRole(props, tableFiles);
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: `Keeps ${props.stateTableName} current: input { "job": "${Object.values(STATE_TABLE_JOB).join('" | "')}" }`,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      // The Athena task would grant itself S3 reads on every bucket, Glue writes on every table of the
      // database and Lake Formation on *; the role gets this construct's policy instead (grantRole).
      role: this.role.withoutPolicyUpdates(),
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL },
      tracingEnabled: true,
    });
    // Step Functions checks at creation that the role may deliver its logs: the policy comes first.
    this.stateMachine.node.addDependency(this.role);

    this.schedules = this.buildSchedules(props, refreshInterval);
    for (const schedule of Object.values(this.schedules)) {
      schedule.node.addDependency(previous.resource);
    }
    if (props.alarmTopic) this.alarm = this.buildAlarm(props.alarmTopic);
  }

  /**
   * What Athena needs to run the jobs with the role's rights, and no more: the workgroup and its
   * results, the lake table read, the state table committed to (Iceberg swaps its metadata location in
   * Glue), the lake's data read and the table's files written; plus what Step Functions needs for the
   * `.sync` integration (`athena:GetDataCatalog`,
   * https://docs.aws.amazon.com/step-functions/latest/dg/athena-iam.html), its logs and X-Ray.
   */
  private grantRole(props: CurrentStateTableProps, tableFiles: AthenaDataLocation): void {
    const policy = new AthenaQueryPolicy(this.role, this);
    // No glue:GetPartitions: the lake table's partitions are projected, so Athena does not look them up
    // (https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html).
    policy.grantQuery({
      databaseName: props.databaseName,
      workgroupName: props.workgroup.ref,
      resultsBucket: props.resultsBucket,
      resultsPrefix: props.resultsPrefix,
      readsTables: [props.lakeTableName],
      commitsTables: [props.stateTableName],
      dataLocations: [{ bucket: props.lakeBucket, prefix: props.lakeDataPrefix, write: false }, tableFiles],
    });
    policy.grantDataCatalog(['athena:GetDataCatalog']);
    // https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy
    policy.allow(
      'DeliverLogs',
      [
        'logs:CreateLogDelivery',
        'logs:GetLogDelivery',
        'logs:UpdateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:ListLogDeliveries',
        'logs:PutResourcePolicy',
        'logs:DescribeResourcePolicies',
        'logs:DescribeLogGroups',
      ],
      ['*'],
    );
    // https://docs.aws.amazon.com/step-functions/latest/dg/xray-iam.html
    policy.allow(
      'Trace',
      [
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
      ],
      ['*'],
    );
    acknowledge(
      this,
      ['AwsSolutions-IAM5[Resource::*]'],
      'CloudWatch Logs log delivery and X-Ray tracing of a state machine take no resource-level permissions.',
    );
  }

  private buildSchedules(
    props: CurrentStateTableProps,
    refreshInterval: Duration,
  ): Record<StateTableJob, scheduler.Schedule> {
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html (StartExecution)
    const schedule = (
      name: string,
      job: StateTableJob,
      expression: scheduler.ScheduleExpression,
      maxAge: Duration,
    ) =>
      new scheduler.Schedule(this, name, {
        description: `Starts the ${job} of ${props.stateTableName}`,
        schedule: expression,
        target: new targets.StepFunctionsStartExecution(this.stateMachine, {
          input: scheduler.ScheduleTargetInput.fromObject({ job }),
          // A start that could not happen in time is superseded by the next one.
          maxEventAge: maxAge,
          retryAttempts: 3,
        }),
      });
    return {
      [STATE_TABLE_JOB.REFRESH]: schedule(
        'RefreshSchedule',
        STATE_TABLE_JOB.REFRESH,
        scheduler.ScheduleExpression.rate(refreshInterval),
        Duration.minutes(Math.max(1, refreshInterval.toMinutes())),
      ),
      [STATE_TABLE_JOB.FULL_REFRESH]: schedule(
        'FullRefreshSchedule',
        STATE_TABLE_JOB.FULL_REFRESH,
        props.fullRefreshSchedule ?? scheduler.ScheduleExpression.cron({ hour: '2', minute: '10' }),
        Duration.hours(1),
      ),
      [STATE_TABLE_JOB.MAINTENANCE]: schedule(
        'MaintenanceSchedule',
        STATE_TABLE_JOB.MAINTENANCE,
        props.maintenanceSchedule ?? scheduler.ScheduleExpression.cron({ hour: '3', minute: '40' }),
        Duration.hours(1),
      ),
    };
  }

  /** https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html (ExecutionsFailed) */
  private buildAlarm(topic: sns.ITopic): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, 'ExecutionsFailed', {
      metric: this.stateMachine.metricFailed({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      alarmDescription:
        'A refresh or maintenance of the current-state table failed after its retries: the table lags the lake until one succeeds',
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const action = new actions.SnsAction(topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  }
}

/** Every row must fall inside the window of at least one refresh that runs after it lands. */
function checkRefresh(windowHours: number, refreshInterval: Duration, deliveryLatency: Duration): void {
  if (!Number.isInteger(windowHours) || windowHours < 1 || windowHours > MAX_WINDOW_HOURS) {
    throw new InvalidPropError(
      'currentStateTableOptions.windowHours',
      windowHours,
      `must be a whole number of hours from 1 to ${MAX_WINDOW_HOURS}`,
    );
  }
  const minutes = refreshInterval.toMinutes({ integral: false });
  if (!Number.isInteger(minutes) || minutes < 1) {
    throw new InvalidPropError(
      'currentStateTableOptions.refreshInterval',
      `${refreshInterval.toSeconds()} s`,
      'must be whole minutes, at least 1',
    );
  }
  if (refreshInterval.plus(deliveryLatency).toSeconds() >= Duration.hours(windowHours).toSeconds()) {
    throw new InvalidPropError(
      'currentStateTableOptions.windowHours',
      windowHours,
      `must cover more than the refresh interval plus Firehose's buffering interval (${refreshInterval.plus(deliveryLatency).toMinutes({ integral: false })} minutes), or rows would land after every window that could hold them`,
    );
  }
}
