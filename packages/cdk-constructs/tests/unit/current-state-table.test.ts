import { DEFAULT_CURRENT_STATE_TABLE, DEFAULT_LAKE_TABLE } from '@org/order-schema';
import { currentStateMergeSql, icebergStateTableSql, stateTableMigrationsSql } from '@org/order-schema/sql';
import { CfnElement, Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CdcSalesPipeline, InvalidPropError, STATE_TABLE_JOB } from '../../src/index';
import {
  asArray,
  type Cfn,
  type Deployed,
  deploy,
  emptyStack,
  policyStatements,
  resourcesOf,
} from '../helpers/synth';

/** The logical id of a CloudFormation resource, or of the resource behind an L2 construct. */
const idOf = (deployed: Deployed, construct: IConstruct) =>
  deployed.stack.getLogicalId(
    (CfnElement.isCfnElement(construct) ? construct : construct.node.defaultChild) as CfnElement,
  );

/** Template text with each reference written as `<Ref:Id>` / `<Id.Attr>`, so that it can be compared. */
function text(value: Cfn): string {
  if (typeof value === 'string') return value;
  if (value.Ref) return `<Ref:${value.Ref}>`;
  if (value['Fn::GetAtt']) return `<${value['Fn::GetAtt'].join('.')}>`;
  if (value['Fn::Join']) return value['Fn::Join'][1].map(text).join(value['Fn::Join'][0]);
  return JSON.stringify(value);
}

/** The state machine's definition as JSON, references written as text. */
function definitionOf(deployed: Deployed): Cfn {
  const table = deployed.pipeline.currentStateTable!;
  const machine = resourcesOf(deployed.template, 'AWS::StepFunctions::StateMachine')[
    idOf(deployed, table.stateMachine)
  ]!;
  return JSON.parse(text(machine.Properties.DefinitionString));
}

function schedulesOf(deployed: Deployed): Record<string, { Properties: Cfn; DependsOn?: string[] }> {
  return deployed.template.findResources('AWS::Scheduler::Schedule') as Record<
    string,
    { Properties: Cfn; DependsOn?: string[] }
  >;
}

describe('CdcSalesPipeline current-state table, by default', () => {
  let deployed: Deployed;
  beforeAll(() => {
    deployed = deploy();
  });

  it('creates the Iceberg table under the lake bucket with an AthenaStatement, after the database', () => {
    const table = deployed.pipeline.currentStateTable!;
    expect(deployed.pipeline.currentStateTableName).toBe(DEFAULT_CURRENT_STATE_TABLE);
    const created = deployed.template.toJSON().Resources[idOf(deployed, table.createStatement.resource)];
    const lake = idOf(deployed, deployed.pipeline.lakeBucket);
    expect(text(created.Properties.Sql)).toBe(
      icebergStateTableSql({ location: `s3://<Ref:${lake}>/${DEFAULT_CURRENT_STATE_TABLE}/` }),
    );
    expect(text(created.Properties.Sql)).toContain("TBLPROPERTIES ('table_type' = 'ICEBERG')");
    expect(created.Properties.Database).toBe(deployed.pipeline.glueDatabaseName);
    expect(created.DependsOn).toContain(idOf(deployed, deployed.pipeline.glueDatabase));
  });

  it('adds the columns of each later row layout in order, each skipped when the table has them', () => {
    const table = deployed.pipeline.currentStateTable!;
    const migrations = stateTableMigrationsSql();
    expect(table.migrationStatements).toHaveLength(migrations.length);
    const resources = deployed.template.toJSON().Resources;
    let previous = idOf(deployed, table.createStatement.resource);
    migrations.forEach((migration, index) => {
      const id = idOf(deployed, table.migrationStatements[index]!.resource);
      expect(resources[id].Properties).toMatchObject({
        Sql: migration.sql,
        AddsColumns: { Table: DEFAULT_CURRENT_STATE_TABLE, Columns: [...migration.columns] },
      });
      expect(resources[id].DependsOn).toContain(previous);
      previous = id;
    });
  });

  it('schedules the refresh every 15 minutes, the full pass and the maintenance daily, after the table exists', () => {
    const table = deployed.pipeline.currentStateTable!;
    const machine = idOf(deployed, table.stateMachine);
    const lastStatement = idOf(
      deployed,
      (table.migrationStatements.at(-1) ?? table.createStatement).resource,
    );
    const schedules = Object.values(schedulesOf(deployed)).map((schedule) => {
      expect(schedule.DependsOn).toContain(lastStatement);
      expect(schedule.Properties.Target.Arn).toEqual({ Ref: machine });
      expect(schedule.Properties.State).toBe('ENABLED');
      return {
        expression: schedule.Properties.ScheduleExpression,
        timezone: schedule.Properties.ScheduleExpressionTimezone,
        input: JSON.parse(schedule.Properties.Target.Input),
        maxAge: schedule.Properties.Target.RetryPolicy.MaximumEventAgeInSeconds,
      };
    });
    expect(schedules).toEqual([
      { expression: 'rate(15 minutes)', timezone: 'Etc/UTC', input: { job: 'refresh' }, maxAge: 900 },
      { expression: 'cron(10 2 * * ? *)', timezone: 'Etc/UTC', input: { job: 'full-refresh' }, maxAge: 3600 },
      { expression: 'cron(40 3 * * ? *)', timezone: 'Etc/UTC', input: { job: 'maintenance' }, maxAge: 3600 },
    ]);
  });

  it('lets the schedules start that state machine and nothing else', () => {
    const table = deployed.pipeline.currentStateTable!;
    const [scheduleRole] = new Set(
      Object.values(schedulesOf(deployed)).map(
        (schedule) => schedule.Properties.Target.RoleArn['Fn::GetAtt'][0],
      ),
    );
    const role = deployed.template.toJSON().Resources[scheduleRole!];
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
      Service: 'scheduler.amazonaws.com',
    });
    const statements = policyStatements(deployed.template)
      .filter(
        ({ owner }) =>
          deployed.template.toJSON().Resources[owner].Properties.Roles?.[0]?.Ref === scheduleRole,
      )
      .map(({ statement }) => ({
        actions: asArray(statement.Action),
        resources: asArray(statement.Resource),
      }));
    expect(statements).toEqual([
      { actions: ['states:StartExecution'], resources: [{ Ref: idOf(deployed, table.stateMachine) }] },
    ]);
  });

  it('runs each job through the Athena startQueryExecution.sync integration, in the workgroup and database', () => {
    const definition = definitionOf(deployed);
    const workgroup = `<Ref:${idOf(deployed, deployed.pipeline.workgroup)}>`;
    expect(definition.States.Job).toMatchObject({
      Type: 'Choice',
      Choices: [
        { Variable: '$.job', StringEquals: STATE_TABLE_JOB.REFRESH, Next: 'MergeWindow' },
        { Variable: '$.job', StringEquals: STATE_TABLE_JOB.FULL_REFRESH, Next: 'MergeAll' },
        { Variable: '$.job', StringEquals: STATE_TABLE_JOB.MAINTENANCE, Next: 'Optimize' },
      ],
      Default: 'UnknownJob',
    });
    const names = { table: DEFAULT_LAKE_TABLE, stateTable: DEFAULT_CURRENT_STATE_TABLE };
    const queries = {
      MergeWindow: currentStateMergeSql({ ...names, windowHours: 3 }),
      MergeAll: currentStateMergeSql(names),
      Optimize: `OPTIMIZE ${DEFAULT_CURRENT_STATE_TABLE} REWRITE DATA USING BIN_PACK`,
      Vacuum: `VACUUM ${DEFAULT_CURRENT_STATE_TABLE}`,
    };
    expect(queries.MergeWindow).toContain("INTERVAL '3' HOUR");
    expect(queries.MergeAll).not.toContain('INTERVAL');
    for (const [state, sql] of Object.entries(queries)) {
      expect(definition.States[state]).toMatchObject({
        Type: 'Task',
        Resource: 'arn:<Ref:AWS::Partition>:states:::athena:startQueryExecution.sync',
        Parameters: {
          QueryString: sql,
          WorkGroup: workgroup,
          QueryExecutionContext: { Database: deployed.pipeline.glueDatabaseName },
        },
        TimeoutSeconds: 1800,
        Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
      });
    }
    expect(definition.States.Optimize.Next).toBe('Vacuum');
    expect(definition.States.Vacuum.End).toBe(true);
  });

  it('logs every state machine event and traces it', () => {
    const table = deployed.pipeline.currentStateTable!;
    const machine = resourcesOf(deployed.template, 'AWS::StepFunctions::StateMachine')[
      idOf(deployed, table.stateMachine)
    ]!;
    expect(machine.Properties.LoggingConfiguration).toEqual({
      Destinations: [
        {
          CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [idOf(deployed, table.logGroup), 'Arn'] } },
        },
      ],
      Level: 'ALL',
    });
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('gives the state machine role named resources only, wildcards only where AWS takes no resource', () => {
    const table = deployed.pipeline.currentStateTable!;
    const policy = idOf(deployed, table.role.node.findChild('DefaultPolicy'));
    const statements: Record<string, { actions: string[]; resources: string[] }> = Object.fromEntries(
      policyStatements(deployed.template)
        .filter(({ owner }) => owner === policy)
        .map(({ statement }) => [
          statement.Sid,
          { actions: asArray(statement.Action).sort(), resources: asArray(statement.Resource).map(text) },
        ]),
    );
    const database = deployed.pipeline.glueDatabaseName;
    const glue = (resource: string) => `arn:<Ref:AWS::Partition>:glue:eu-west-1:123456789012:${resource}`;
    const lake = `<${idOf(deployed, deployed.pipeline.lakeBucket)}.Arn>`;
    const results = `<${idOf(deployed, deployed.pipeline.athenaResultsBucket)}.Arn>`;
    expect(statements).toEqual({
      RunInWorkgroup: {
        actions: [
          'athena:GetQueryExecution',
          'athena:GetWorkGroup',
          'athena:StartQueryExecution',
          'athena:StopQueryExecution',
        ],
        resources: [
          `arn:<Ref:AWS::Partition>:athena:eu-west-1:123456789012:workgroup/<Ref:${idOf(deployed, deployed.pipeline.workgroup)}>`,
        ],
      },
      ReadDataCatalog: {
        actions: ['athena:GetDataCatalog'],
        resources: ['arn:<Ref:AWS::Partition>:athena:eu-west-1:123456789012:datacatalog/AwsDataCatalog'],
      },
      ReadCatalog: {
        actions: ['glue:GetDatabase', 'glue:GetTable'],
        resources: [
          glue('catalog'),
          glue(`database/${database}`),
          glue(`table/${database}/${DEFAULT_LAKE_TABLE}`),
          glue(`table/${database}/${DEFAULT_CURRENT_STATE_TABLE}`),
        ],
      },
      CommitTables: {
        actions: ['glue:UpdateTable'],
        resources: [
          glue('catalog'),
          glue(`database/${database}`),
          glue(`table/${database}/${DEFAULT_CURRENT_STATE_TABLE}`),
        ],
      },
      ListResultsBucket: {
        actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        resources: [results],
      },
      WriteResults: {
        actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
        resources: [`${results}/results/*`],
      },
      ListDataBuckets: { actions: ['s3:GetBucketLocation', 's3:ListBucket'], resources: [lake] },
      ReadData: { actions: ['s3:GetObject'], resources: [`${lake}/${DEFAULT_LAKE_TABLE}/*`] },
      ReadWriteData: {
        actions: [
          's3:AbortMultipartUpload',
          's3:DeleteObject',
          's3:GetObject',
          's3:ListMultipartUploadParts',
          's3:PutObject',
        ],
        resources: [`${lake}/${DEFAULT_CURRENT_STATE_TABLE}/*`],
      },
      DeliverLogs: {
        actions: [
          'logs:CreateLogDelivery',
          'logs:DeleteLogDelivery',
          'logs:DescribeLogGroups',
          'logs:DescribeResourcePolicies',
          'logs:GetLogDelivery',
          'logs:ListLogDeliveries',
          'logs:PutResourcePolicy',
          'logs:UpdateLogDelivery',
        ],
        resources: ['*'],
      },
      Trace: {
        actions: [
          'xray:GetSamplingRules',
          'xray:GetSamplingTargets',
          'xray:PutTelemetryRecords',
          'xray:PutTraceSegments',
        ],
        resources: ['*'],
      },
    });
    // Nothing the Athena task would have granted itself: no Glue deletes, no Lake Formation, no s3 on *.
    const everyAction = Object.values(statements).flatMap((statement) => statement.actions);
    expect(
      everyAction.filter((action) => /Delete(Table|Database|Partition)|lakeformation/.test(action)),
    ).toEqual([]);
    // The role has no other policy.
    const attached = policyStatements(deployed.template).filter(({ statement }) =>
      JSON.stringify(statement).includes('athena:startQueryExecution'),
    );
    expect(attached).toEqual([]);
  });

  it('alarms to the alarm topic on ExecutionsFailed', () => {
    const table = deployed.pipeline.currentStateTable!;
    const alarm = resourcesOf(deployed.template, 'AWS::CloudWatch::Alarm')[idOf(deployed, table.alarm!)]!;
    const topic = { Ref: idOf(deployed, deployed.pipeline.alarmTopic!) };
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: idOf(deployed, table.stateMachine) } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
      OKActions: [topic],
    });
    expect(deployed.pipeline.alarms).toContain(table.alarm);
  });
});

describe('CdcSalesPipeline current-state table, customised', () => {
  it('is left out with createCurrentStateTable: false', () => {
    const deployed = deploy({ createCurrentStateTable: false });
    expect(deployed.pipeline.currentStateTable).toBeUndefined();
    expect(Object.keys(schedulesOf(deployed))).toHaveLength(0);
    const statements = Object.values(resourcesOf(deployed.template, 'Custom::AthenaStatement'));
    expect(statements.map((statement) => text(statement.Properties.Sql))).toEqual([
      expect.stringContaining('CREATE OR REPLACE VIEW'),
    ]);
    // Only the custom-resource provider's waiter remains.
    expect(Object.keys(resourcesOf(deployed.template, 'AWS::StepFunctions::StateMachine'))).toHaveLength(1);
  });

  it('takes its name, interval, window and schedules from the props', () => {
    const deployed = deploy({
      currentStateTableName: 'orders_now',
      currentStateTableOptions: {
        refreshInterval: Duration.minutes(5),
        windowHours: 1,
        fullRefreshSchedule: scheduler.ScheduleExpression.cron({ weekDay: 'SUN', hour: '1', minute: '0' }),
        queryTimeout: Duration.minutes(10),
      },
    });
    const expressions = Object.values(schedulesOf(deployed)).map(
      (schedule) => schedule.Properties.ScheduleExpression,
    );
    expect(expressions).toEqual(['rate(5 minutes)', 'cron(0 1 ? * SUN *)', 'cron(40 3 * * ? *)']);
    const definition = definitionOf(deployed);
    expect(definition.States.MergeWindow.Parameters.QueryString).toBe(
      currentStateMergeSql({ table: DEFAULT_LAKE_TABLE, stateTable: 'orders_now', windowHours: 1 }),
    );
    expect(definition.States.Vacuum.Parameters.QueryString).toBe('VACUUM orders_now');
    expect(definition.States.MergeAll.TimeoutSeconds).toBe(600);
    const created =
      deployed.template.toJSON().Resources[
        idOf(deployed, deployed.pipeline.currentStateTable!.createStatement.resource)
      ];
    expect(text(created.Properties.Sql)).toMatch(/^CREATE TABLE IF NOT EXISTS orders_now \(/);
    expect(text(created.Properties.Sql)).toContain('/orders_now/');
  });

  it('reads and writes a KMS-encrypted lake with its key, and only that key', () => {
    const deployed = deploy({ bucketProps: { encryption: s3.BucketEncryption.KMS } });
    const table = deployed.pipeline.currentStateTable!;
    const policy = idOf(deployed, table.role.node.findChild('DefaultPolicy'));
    const kms = policyStatements(deployed.template)
      .filter(({ owner, statement }) => owner === policy && JSON.stringify(statement.Action).includes('kms:'))
      .map(({ statement }) => ({
        actions: asArray(statement.Action),
        resources: asArray(statement.Resource),
      }));
    const key = { 'Fn::GetAtt': [idOf(deployed, deployed.pipeline.lakeBucket.encryptionKey!), 'Arn'] };
    expect(kms).toEqual([
      { actions: ['kms:Decrypt'], resources: [key] },
      { actions: ['kms:GenerateDataKey'], resources: [key] },
    ]);
  });

  it('has no alarm without alarms', () => {
    const deployed = deploy({ createCloudWatchAlarms: false });
    expect(deployed.pipeline.currentStateTable!.alarm).toBeUndefined();
    expect(Object.keys(resourcesOf(deployed.template, 'AWS::CloudWatch::Alarm'))).toHaveLength(0);
  });

  it.each([
    [
      { windowHours: 0 },
      'currentStateTableOptions.windowHours',
      0,
      'must be a whole number of hours from 1 to 8784',
    ],
    [
      { windowHours: 1.5 },
      'currentStateTableOptions.windowHours',
      1.5,
      'must be a whole number of hours from 1 to 8784',
    ],
    [
      { refreshInterval: Duration.seconds(90) },
      'currentStateTableOptions.refreshInterval',
      '90 s',
      'must be whole minutes, at least 1',
    ],
    [
      { windowHours: 1, refreshInterval: Duration.minutes(55) },
      'currentStateTableOptions.windowHours',
      1,
      "must cover more than the refresh interval plus Firehose's buffering interval (60 minutes), or rows would land after every window that could hold them",
    ],
  ])('refuses %j', (options, prop, value, reason) => {
    const stack = emptyStack();
    expect(() => new CdcSalesPipeline(stack, 'Pipeline', { currentStateTableOptions: options })).toThrow(
      new InvalidPropError(prop, value, reason),
    );
  });

  it('refuses options without the table, and a table name that is no Glue name', () => {
    expect(
      () =>
        new CdcSalesPipeline(emptyStack(), 'Pipeline', {
          createCurrentStateTable: false,
          currentStateTableOptions: { windowHours: 2 },
        }),
    ).toThrow(
      new InvalidPropError(
        'currentStateTableOptions',
        { windowHours: 2 },
        'needs createCurrentStateTable: there is no current-state table',
      ),
    );
    expect(
      () => new CdcSalesPipeline(emptyStack(), 'Pipeline', { currentStateTableName: 'Orders-State' }),
    ).toThrow(
      new InvalidPropError(
        'currentStateTableName',
        'Orders-State',
        'must be lower case letters, digits and underscores',
      ),
    );
  });
});
