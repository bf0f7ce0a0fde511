import { analyticsQueries } from '@org/order-schema/sql';
import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CdcSalesPipeline,
  type CdcSalesPipelineProps,
  ConflictingPropsError,
  InvalidPropError,
} from '../../src/index';
import {
  type Cfn,
  type Deployed,
  deploy,
  emptyStack,
  joinedText,
  nagFindings,
  onlyResource,
  resourcesOf,
} from '../helpers/synth';

const TABLE_STREAM = 'arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2026-11-25T10:00:00.000';

describe('bring your own resources', () => {
  let deployed: Deployed;
  beforeAll(() => {
    deployed = deploy({}, (stack) => ({
      existingTableObj: dynamodb.Table.fromTableAttributes(stack, 'Orders', {
        tableName: 'Orders',
        tableStreamArn: TABLE_STREAM,
      }),
      existingStreamObj: kinesis.Stream.fromStreamArn(
        stack,
        'Changes',
        'arn:aws:kinesis:eu-west-1:123456789012:stream/changes',
      ),
      existingBucketObj: s3.Bucket.fromBucketName(stack, 'Lake', 'my-lake'),
      existingLambdaObj: lambda.Function.fromFunctionArn(
        stack,
        'Transformer',
        'arn:aws:lambda:eu-west-1:123456789012:function:transformer',
      ),
      existingAlarmTopic: new sns.Topic(stack, 'Alarms', { enforceSSL: true }),
      createCurrentStateTable: false,
      createCurrentStateView: false,
      createDashboard: false,
      glueDatabaseName: 'sales_lake',
      lakeTableName: 'changes',
      currentStateViewName: 'orders_now',
      workgroupName: 'sales-analytics',
    }));
  });

  it('creates no table, stream or transformer of its own and wires the given ones', () => {
    expect(resourcesOf(deployed.template, 'AWS::DynamoDB::Table')).toEqual({});
    expect(resourcesOf(deployed.template, 'AWS::Kinesis::Stream')).toEqual({});
    expect(resourcesOf(deployed.template, 'AWS::Lambda::Function')).toEqual({});
    const pipe = onlyResource(deployed.template, 'AWS::Pipes::Pipe').properties;
    expect(pipe.Source).toBe(TABLE_STREAM);
    expect(pipe.Target).toBe('arn:aws:kinesis:eu-west-1:123456789012:stream/changes');
    const destination = onlyResource(deployed.template, 'AWS::KinesisFirehose::DeliveryStream').properties
      .ExtendedS3DestinationConfiguration;
    expect(joinedText(destination.BucketARN)).toBe('arn:<token>:s3:::my-lake');
    expect(JSON.stringify(destination.ProcessingConfiguration)).toContain('function:transformer');
  });

  it('uses the given names for the database, table, view and workgroup', () => {
    const table = onlyResource(deployed.template, 'AWS::Glue::Table').properties;
    expect(table.DatabaseName).toBe('sales_lake');
    expect(table.TableInput.Name).toBe('changes');
    // Athena fills in the dt and hour placeholders.
    const template = `s3://my-lake/changes/dt=\${dt}/hour=\${hour}/`;
    expect(joinedText(table.TableInput.Parameters['storage.location.template'])).toBe(template);
    expect(onlyResource(deployed.template, 'AWS::Athena::WorkGroup').properties.Name).toBe('sales-analytics');
    const sql = Object.values(resourcesOf(deployed.template, 'AWS::Athena::NamedQuery')).map(
      (query) => query.Properties.QueryString,
    );
    expect(sql).toEqual(analyticsQueries({ table: 'changes', view: 'orders_now' }).map((query) => query.sql));
  });

  it('sends every alarm to the given topic and makes none of its own, and leaves out the view, the state table and the dashboard when asked', () => {
    const topic = deployed.stack.getLogicalId(
      deployed.stack.node.findChild('Alarms').node.defaultChild as never,
    );
    expect(Object.keys(resourcesOf(deployed.template, 'AWS::SNS::Topic'))).toEqual([topic]);
    expect(resourcesOf(deployed.template, 'AWS::KMS::Key')).toEqual({});
    expect(deployed.pipeline.alarmTopic).toBe(deployed.stack.node.findChild('Alarms'));
    const alarms = Object.values(resourcesOf(deployed.template, 'AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(5);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topic }]);
    }
    expect(resourcesOf(deployed.template, 'Custom::AthenaStatement')).toEqual({});
    expect(resourcesOf(deployed.template, 'AWS::CloudWatch::Dashboard')).toEqual({});
    expect(resourcesOf(deployed.template, 'AWS::Scheduler::Schedule')).toEqual({});
    expect(deployed.pipeline.currentStateView).toBeUndefined();
    expect(deployed.pipeline.currentStateTable).toBeUndefined();
    expect(deployed.pipeline.dashboard).toBeUndefined();
  });

  it('still passes cdk-nag', () => {
    expect(nagFindings(deployed)).toEqual([]);
  });
});

describe('props merged over the defaults', () => {
  let deployed: Deployed;
  beforeAll(() => {
    deployed = deploy({
      captureMode: 'kinesis-destination',
      createCloudWatchAlarms: false,
      dynamoTableProps: { tableName: 'OrdersDev', deletionProtection: true },
      kinesisStreamProps: { retentionPeriod: Duration.hours(48) },
      bucketProps: { versioned: false },
      lambdaFunctionProps: { memorySize: 1024, environment: { POWERTOOLS_LOG_LEVEL: 'DEBUG' } },
      bufferingInterval: Duration.seconds(60),
      bufferingSize: Size.mebibytes(64),
      athenaBytesScannedCutoff: Size.gibibytes(1),
      partitionProjectionDateRange: '2026-01-01,NOW',
      removalPolicy: RemovalPolicy.DESTROY,
      errorRetention: Duration.days(0),
    });
  });

  it('applies each override and keeps the rest', () => {
    deployed.template.hasResource('AWS::DynamoDB::Table', {
      Properties: { TableName: 'OrdersDev', DeletionProtectionEnabled: true, BillingMode: 'PAY_PER_REQUEST' },
      DeletionPolicy: 'Delete',
    });
    deployed.template.hasResourceProperties('AWS::Kinesis::Stream', {
      RetentionPeriodHours: 48,
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
    });
    const transformer = deployed.stack.getLogicalId(
      deployed.pipeline.transformerFunction.node.defaultChild as never,
    );
    const fn = resourcesOf(deployed.template, 'AWS::Lambda::Function')[transformer]!.Properties;
    expect(fn.MemorySize).toBe(1024);
    expect(fn.Runtime).toBe('nodejs24.x');
    expect(fn.Environment.Variables).toMatchObject({
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      POWERTOOLS_SERVICE_NAME: 'cdc-transformer',
    });
    const destination = onlyResource(deployed.template, 'AWS::KinesisFirehose::DeliveryStream').properties
      .ExtendedS3DestinationConfiguration;
    expect(destination.BufferingHints).toEqual({ IntervalInSeconds: 60, SizeInMBs: 64 });
    expect(onlyResource(deployed.template, 'AWS::Athena::WorkGroup').properties).toMatchObject({
      RecursiveDeleteOption: true,
      WorkGroupConfiguration: { BytesScannedCutoffPerQuery: 1024 ** 3 },
    });
    expect(
      onlyResource(deployed.template, 'AWS::Glue::Table').properties.TableInput.Parameters[
        'projection.dt.range'
      ],
    ).toBe('2026-01-01,NOW');
    const lake = resourcesOf(deployed.template, 'AWS::S3::Bucket')[
      deployed.stack.getLogicalId(deployed.pipeline.lakeBucket.node.defaultChild as never)
    ]!;
    expect(lake.Properties.VersioningConfiguration).toBeUndefined();
    // errorRetention 0: failed records never expire.
    const rules = lake.Properties.LifecycleConfiguration.Rules as { Id?: string; Prefix?: string }[];
    expect(rules.map((rule) => rule.Id)).toEqual(['data-to-infrequent-access', 'tidy-up']);
    expect(rules.some((rule) => rule.Prefix === 'errors/')).toBe(false);
  });

  it('with RemovalPolicy.DESTROY deletes the lake and results buckets (emptied) and the log groups, and retains the access logs, which expire in 14 days', () => {
    const bucketId = (bucket: s3.IBucket) => deployed.stack.getLogicalId(bucket.node.defaultChild as never);
    const buckets = deployed.template.findResources('AWS::S3::Bucket') as Record<string, Cfn>;
    const accessLogs = bucketId(deployed.pipeline.accessLogsBucket);
    for (const bucket of [deployed.pipeline.lakeBucket, deployed.pipeline.athenaResultsBucket]) {
      expect(buckets[bucketId(bucket)]).toMatchObject({ DeletionPolicy: 'Delete' });
    }
    // S3 keeps delivering access logs after an auto-delete empties their bucket (BucketNotEmpty).
    expect(buckets[accessLogs]).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { LifecycleConfiguration: { Rules: [{ ExpirationInDays: 14, Status: 'Enabled' }] } },
    });
    const autoDeleted = Object.values(resourcesOf(deployed.template, 'Custom::S3AutoDeleteObjects')).map(
      (resource) => resource.Properties.BucketName,
    );
    expect(autoDeleted).toHaveLength(2);
    expect(autoDeleted).not.toContainEqual({ Ref: accessLogs });
    // Nothing else stays behind: the log groups go with the stack.
    const logGroups = Object.values(deployed.template.findResources('AWS::Logs::LogGroup'));
    // Transformer, Firehose, the Athena statements' handlers and framework, and the state table's state
    // machine (no Pipe in this mode).
    expect(logGroups).toHaveLength(5);
    for (const logGroup of logGroups) expect(logGroup).toMatchObject({ DeletionPolicy: 'Delete' });
  });

  it('creates no alarms and no alarm topic when createCloudWatchAlarms is false', () => {
    expect(resourcesOf(deployed.template, 'AWS::CloudWatch::Alarm')).toEqual({});
    expect(resourcesOf(deployed.template, 'AWS::SNS::Topic')).toEqual({});
    expect(deployed.pipeline.alarms).toEqual([]);
    expect(deployed.pipeline.alarmTopic).toBeUndefined();
  });

  it('still passes cdk-nag', () => {
    expect(nagFindings(deployed)).toEqual([]);
  });
});

describe('prop validation', () => {
  const build = (
    props: CdcSalesPipelineProps | ((stack: ReturnType<typeof emptyStack>) => CdcSalesPipelineProps),
  ) => {
    // A fresh stack per call: each `toThrow` builds the construct again.
    return () => {
      const stack = emptyStack();
      return new CdcSalesPipeline(stack, 'Pipeline', typeof props === 'function' ? props(stack) : props);
    };
  };

  it.each([
    ['existingTableObj', 'dynamoTableProps'],
    ['existingStreamObj', 'kinesisStreamProps'],
    ['existingBucketObj', 'bucketProps'],
    ['existingLambdaObj', 'lambdaFunctionProps'],
    ['existingAlarmTopic', 'alarmEmail'],
  ])('refuses %s together with %s', (existing, shaping) => {
    const create = build({ [existing]: {}, [shaping]: {} } as CdcSalesPipelineProps);
    expect(create).toThrow(ConflictingPropsError);
    expect(create).toThrow(`Error - Either provide ${existing} or ${shaping}, but not both.`);
  });

  it.each([
    [
      { captureMode: 'dynamodb-stream' },
      `captureMode must be one of 'eventbridge-pipe', 'kinesis-destination', got "dynamodb-stream"`,
    ],
    [{ outputFormat: 'orc' }, `outputFormat must be one of 'parquet', 'json', got "orc"`],
    [
      { glueDatabaseName: 'Sales-Lake' },
      'glueDatabaseName must be lower case letters, digits and underscores, got "Sales-Lake"',
    ],
    [
      { lakeTableName: 'orders changes' },
      'lakeTableName must be lower case letters, digits and underscores, got "orders changes"',
    ],
    [
      { workgroupName: 'sales/analytics' },
      'workgroupName must be 1-128 letters, digits, ".", "_" or "-", got "sales/analytics"',
    ],
    [
      { captureMode: 'kinesis-destination', capturePipeOptions: { batchSize: 10 } },
      "capturePipeOptions only applies to captureMode 'eventbridge-pipe', got Object",
    ],
    [
      { capturePipeOptions: { batchSize: 0 } },
      'capturePipeOptions.batchSize must be an integer from 1 to 10000, got 0',
    ],
    [
      { capturePipeOptions: { maximumRetryAttempts: -1 } },
      'capturePipeOptions.maximumRetryAttempts must be an integer from 0 to 10000, got -1',
    ],
    [
      { capturePipeOptions: { maximumRecordAge: Duration.seconds(30) } },
      'capturePipeOptions.maximumRecordAge must be 60 seconds to 7 days, got "30 s"',
    ],
    [
      { capturePipeOptions: { startingPosition: 'AT_TIMESTAMP' } },
      'capturePipeOptions.startingPosition must be one of LATEST, TRIM_HORIZON, got "AT_TIMESTAMP"',
    ],
    [
      { dynamoTableProps: { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } } },
      'dynamoTableProps.partitionKey must be orderId (S) with no sort key, as the order item contract pins, got "id (S)"',
    ],
    [
      { errorRetention: Duration.days(30) },
      'errorRetention must be whole days, at least 90 (or 0 to never expire): objects under errors/ are the only copy of the records that failed, got "30 days"',
    ],
    [
      { errorRetention: Duration.hours(2300) },
      'errorRetention must be whole days, at least 90 (or 0 to never expire): objects under errors/ are the only copy of the records that failed, got "95.83333333333333 days"',
    ],
    [{ alarmEmail: 'ops at example.com' }, 'alarmEmail must be an e-mail address, got "ops at example.com"'],
    [
      { createCloudWatchAlarms: false, alarmEmail: 'ops@example.com' },
      'alarmEmail needs createCloudWatchAlarms: there are no alarms, got "ops@example.com"',
    ],
    [{ failedRecordsThreshold: -1 }, 'failedRecordsThreshold must be a number >= 0, got -1'],
    [
      { dynamoTableProps: { stream: dynamodb.StreamViewType.NEW_IMAGE } },
      'dynamoTableProps.stream must be NEW_AND_OLD_IMAGES: the lake needs the old image of updates and deletes, got "NEW_IMAGE"',
    ],
  ])('refuses %j', (props, message) => {
    const create = build(props as CdcSalesPipelineProps);
    expect(create).toThrow(InvalidPropError);
    expect(create).toThrow(message);
  });

  it('refuses an existing table without a stream, and an existing table in kinesis-destination mode', () => {
    const noStream = build((stack) => ({
      existingTableObj: dynamodb.Table.fromTableName(stack, 'T', 'Orders'),
    }));
    expect(noStream).toThrow(
      'existingTableObj must have a NEW_AND_OLD_IMAGES stream (import it with tableStreamArn), got "Orders"',
    );
    const kinesisMode = build((stack) => ({
      captureMode: 'kinesis-destination',
      existingTableObj: dynamodb.Table.fromTableAttributes(stack, 'T', {
        tableName: 'Orders',
        tableStreamArn: TABLE_STREAM,
      }),
    }));
    expect(kinesisMode).toThrow(InvalidPropError);
    expect(kinesisMode).toThrow(/existingTableObj is only supported with captureMode 'eventbridge-pipe'/);
  });

  it('refuses Firehose buffering outside the limits of dynamic partitioning', () => {
    expect(build({ bufferingSize: Size.mebibytes(16) })).toThrow(/at least 64 MiBs, got 16 MiBs/);
    expect(build({ bufferingInterval: Duration.seconds(30) })).toThrow(/at least 60 seconds, got 30 seconds/);
  });
});
