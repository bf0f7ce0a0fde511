import { DEFAULT_CURRENT_STATE_VIEW, DEFAULT_LAKE_TABLE, DEFAULT_TABLE_NAME } from '@org/order-schema';
import { analyticsQueries, currentStateViewSql, glueColumns, gluePartitionKeys } from '@org/order-schema/sql';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_OUTPUT_PREFIX, PIPE_PARTITION_KEY_PATH } from '../../src/index';
import {
  asArray,
  type Cfn,
  type Deployed,
  deploy,
  joinedText,
  onlyResource,
  policyStatements,
  resourcesOf,
} from '../helpers/synth';

let deployed: Deployed;
const ref = (logicalId: string) => ({ Ref: logicalId });
const arnOf = (logicalId: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [logicalId, attribute] });
const idOf = (construct: { node: { defaultChild?: unknown } } | object) =>
  deployed.stack.getLogicalId(
    ((construct as { node: { defaultChild?: unknown } }).node.defaultChild ?? construct) as never,
  );

beforeAll(() => {
  deployed = deploy();
});

describe('CdcSalesPipeline with no props', () => {
  it('creates OrdersRawTable: orderId key, on-demand, PITR, encrypted, NEW_AND_OLD_IMAGES stream, retained', () => {
    deployed.template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        TableName: DEFAULT_TABLE_NAME,
        KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        KinesisStreamSpecification: Match.absent(),
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('creates an on-demand Kinesis Data Stream encrypted with the aws/kinesis key', () => {
    deployed.template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
      RetentionPeriodHours: 24,
    });
  });

  it('captures with a Pipe from the table stream to Kinesis from TRIM_HORIZON, keyed by orderId, bounded retries and an encrypted DLQ', () => {
    const table = idOf(deployed.pipeline.ordersTable);
    const stream = idOf(deployed.pipeline.changeStream);
    const queue = idOf(deployed.pipeline.captureDeadLetterQueue!);
    const { properties } = onlyResource(deployed.template, 'AWS::Pipes::Pipe');
    expect(properties.Source).toEqual(arnOf(table, 'StreamArn'));
    expect(properties.Target).toEqual(arnOf(stream));
    expect(properties.TargetParameters).toEqual({
      KinesisStreamParameters: { PartitionKey: PIPE_PARTITION_KEY_PATH },
    });
    expect(PIPE_PARTITION_KEY_PATH).toBe('$.dynamodb.Keys.orderId.S');
    expect(properties.SourceParameters.DynamoDBStreamParameters).toEqual({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 12 * 3600,
      OnPartialBatchItemFailure: 'AUTOMATIC_BISECT',
      DeadLetterConfig: { Arn: arnOf(queue) },
    });
    expect(properties.LogConfiguration.Level).toBe('ERROR');
    expect(properties.DesiredState).toBe('RUNNING');
    deployed.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    deployed.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ],
      },
    });
  });

  it('gives the Pipe a role that only pipes.amazonaws.com of this account assumes, naming every resource', () => {
    const pipe = onlyResource(deployed.template, 'AWS::Pipes::Pipe').properties;
    const roleId = pipe.RoleArn['Fn::GetAtt'][0] as string;
    const role = resourcesOf(deployed.template, 'AWS::IAM::Role')[roleId]!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'pipes.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      },
    ]);
    const statements = policyStatements(deployed.template)
      .filter(({ owner }) => owner.startsWith('PipelineCapturePipeRole'))
      .map(({ statement }) => ({ actions: asArray(statement.Action).sort(), resource: statement.Resource }));
    const table = idOf(deployed.pipeline.ordersTable);
    const stream = idOf(deployed.pipeline.changeStream);
    const queue = idOf(deployed.pipeline.captureDeadLetterQueue!);
    expect(statements).toEqual([
      {
        actions: [
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:ListStreams',
        ],
        resource: arnOf(table, 'StreamArn'),
      },
      { actions: ['kinesis:PutRecord', 'kinesis:PutRecords'], resource: arnOf(stream) },
      { actions: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], resource: arnOf(queue) },
      {
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resource: expect.objectContaining({ 'Fn::GetAtt': expect.any(Array) }),
      },
    ]);
  });

  it('runs the transformer bundle on Node.js 24 / arm64 with Powertools settings and its own log-only role', () => {
    const functionId = idOf(deployed.pipeline.transformerFunction);
    const properties = resourcesOf(deployed.template, 'AWS::Lambda::Function')[functionId]!.Properties;
    expect(properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 120,
      Environment: {
        Variables: {
          POWERTOOLS_SERVICE_NAME: 'cdc-transformer',
          POWERTOOLS_METRICS_NAMESPACE: 'CdcSalesPipeline',
          POWERTOOLS_LOG_LEVEL: 'INFO',
        },
      },
      LoggingConfig: { LogFormat: 'JSON' },
    });
    const roleId = properties.Role['Fn::GetAtt'][0] as string;
    const role = resourcesOf(deployed.template, 'AWS::IAM::Role')[roleId]!;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const actions = policyStatements(deployed.template)
      .filter(({ owner }) => owner.startsWith(roleId.replace(/[0-9A-F]{8}$/, '')))
      .flatMap(({ statement }) => asArray(statement.Action));
    expect(actions.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  it('delivers with Firehose from the stream through the transformer to dt/hour partitions, as Parquet', () => {
    const stream = idOf(deployed.pipeline.changeStream);
    const functionId = idOf(deployed.pipeline.transformerFunction);
    const { properties } = onlyResource(deployed.template, 'AWS::KinesisFirehose::DeliveryStream');
    expect(properties.DeliveryStreamType).toBe('KinesisStreamAsSource');
    expect(properties.KinesisStreamSourceConfiguration.KinesisStreamARN).toEqual(arnOf(stream));
    expect(properties.DeliveryStreamEncryptionConfigurationInput).toBeUndefined();
    const s3 = properties.ExtendedS3DestinationConfiguration;
    expect(s3.Prefix).toBe(
      `${DEFAULT_LAKE_TABLE}/dt=!{partitionKeyFromLambda:dt}/hour=!{partitionKeyFromLambda:hour}/`,
    );
    expect(s3.ErrorOutputPrefix).toBe(ERROR_OUTPUT_PREFIX);
    expect(s3.ErrorOutputPrefix).toContain('!{firehose:error-output-type}');
    expect(s3.DynamicPartitioningConfiguration).toEqual({
      Enabled: true,
      RetryOptions: { DurationInSeconds: 300 },
    });
    expect(s3.BufferingHints).toEqual({ IntervalInSeconds: 300, SizeInMBs: 128 });
    expect(s3.CompressionFormat).toBeUndefined();
    expect(s3.CloudWatchLoggingOptions.Enabled).toBe(true);
    expect(s3.ProcessingConfiguration.Processors).toEqual([
      {
        Type: 'Lambda',
        Parameters: expect.arrayContaining([
          { ParameterName: 'LambdaArn', ParameterValue: arnOf(functionId) },
          { ParameterName: 'BufferSizeInMBs', ParameterValue: '1' },
          { ParameterName: 'NumberOfRetries', ParameterValue: '3' },
        ]),
      },
    ]);
    expect(s3.DataFormatConversionConfiguration).toMatchObject({
      Enabled: true,
      InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
      OutputFormatConfiguration: { Serializer: { ParquetSerDe: {} } },
      SchemaConfiguration: {
        DatabaseName: deployed.pipeline.glueDatabaseName,
        TableName: ref(idOf(deployed.pipeline.lakeTable)),
        VersionId: 'LATEST',
      },
    });
  });

  it('keeps the lake in a private, TLS-only, encrypted bucket with access logs and lifecycle rules', () => {
    const buckets = resourcesOf(deployed.template, 'AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(3);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(
        bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault,
      ).toEqual({ SSEAlgorithm: 'AES256' });
    }
    const lake = buckets[idOf(deployed.pipeline.lakeBucket)]!.Properties;
    expect(lake.LoggingConfiguration).toEqual({
      DestinationBucketName: ref(idOf(deployed.pipeline.accessLogsBucket)),
      LogFilePrefix: 'lake/',
    });
    const accessLogs = buckets[idOf(deployed.pipeline.accessLogsBucket)]!.Properties;
    expect(accessLogs.LifecycleConfiguration.Rules).toEqual([{ ExpirationInDays: 365, Status: 'Enabled' }]);
    expect(lake.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(lake.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Prefix: 'errors/', ExpirationInDays: 365, Status: 'Enabled' }),
        expect.objectContaining({
          Prefix: `${DEFAULT_LAKE_TABLE}/`,
          Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
        }),
      ]),
    );
    const tlsOnly = Object.values(resourcesOf(deployed.template, 'AWS::S3::BucketPolicy')).filter((policy) =>
      policy.Properties.PolicyDocument.Statement.some(
        (statement: Record<string, Cfn>) =>
          statement.Effect === 'Deny' && statement.Condition?.Bool?.['aws:SecureTransport'] === 'false',
      ),
    );
    expect(tlsOnly).toHaveLength(3);
    deployed.template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
  });

  it('catalogs the lake in Glue with the columns and partition keys of @org/order-schema', () => {
    const { properties } = onlyResource(deployed.template, 'AWS::Glue::Table');
    const input = properties.TableInput;
    expect(properties.DatabaseName).toBe(deployed.pipeline.glueDatabaseName);
    expect(input.Name).toBe(DEFAULT_LAKE_TABLE);
    expect(input.StorageDescriptor.Columns).toEqual(
      glueColumns().map((column) => ({ Name: column.name, Type: column.type, Comment: column.comment })),
    );
    expect(input.PartitionKeys).toEqual(
      gluePartitionKeys().map((column) => ({
        Name: column.name,
        Type: column.type,
        Comment: column.comment,
      })),
    );
    expect(input.StorageDescriptor.Columns.find((c: { Name: string }) => c.Name === 'order_total').Type).toBe(
      'decimal(12,2)',
    );
    expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe(
      'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    );
    expect(input.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.range': 'NOW-3YEARS,NOW',
      'projection.hour.type': 'integer',
      'projection.hour.range': '0,23',
      'projection.hour.digits': '2',
      'storage.location.template': {
        'Fn::Join': [
          '',
          [
            's3://',
            ref(idOf(deployed.pipeline.lakeBucket)),
            `/${DEFAULT_LAKE_TABLE}/dt=\${dt}/hour=\${hour}/`,
          ],
        ],
      },
    });
    deployed.template.hasResourceProperties('AWS::Glue::Database', {
      DatabaseInput: { Name: deployed.pipeline.glueDatabaseName },
    });
    expect(resourcesOf(deployed.template, 'AWS::Glue::Crawler')).toEqual({});
  });

  it('sets up an enforced, encrypted Athena workgroup with a bytes-scanned cutoff', () => {
    const { properties } = onlyResource(deployed.template, 'AWS::Athena::WorkGroup');
    expect(properties.WorkGroupConfiguration).toMatchObject({
      EnforceWorkGroupConfiguration: true,
      BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
      EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
      ResultConfiguration: {
        EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        OutputLocation: {
          'Fn::Join': ['', ['s3://', ref(idOf(deployed.pipeline.athenaResultsBucket)), '/results/']],
        },
      },
    });
  });

  it('saves exactly the analytics SQL of @org/order-schema as named queries', () => {
    const queries = Object.values(resourcesOf(deployed.template, 'AWS::Athena::NamedQuery')).map(
      (query) => query.Properties,
    );
    const expected = analyticsQueries();
    expect(queries.map((query) => query.QueryString)).toEqual(expected.map((query) => query.sql));
    expect(queries.map((query) => query.Name)).toEqual(expected.map((query) => query.title));
    for (const query of queries) {
      expect(query.Database).toBe(deployed.pipeline.glueDatabaseName);
      expect(query.WorkGroup).toEqual(ref(idOf(deployed.pipeline.workgroup)));
    }
  });

  it('creates the current-state view on deploy with an AthenaStatement that waits for Athena', () => {
    const statement = deployed.pipeline.currentStateView!;
    const view = resourcesOf(deployed.template, 'Custom::AthenaStatement')[idOf(statement.resource)];
    expect(view!.Properties).toEqual({
      ServiceToken: expect.objectContaining({ 'Fn::GetAtt': expect.any(Array) }),
      Sql: currentStateViewSql(),
      Database: deployed.pipeline.glueDatabaseName,
      WorkGroup: ref(idOf(deployed.pipeline.workgroup)),
      TimeoutSeconds: '600',
    });
    expect(currentStateViewSql()).toContain(`CREATE OR REPLACE VIEW ${DEFAULT_CURRENT_STATE_VIEW}`);
    const athenaStatement = policyStatements(deployed.template).find(({ statement }) =>
      asArray(statement.Action).includes('athena:StartQueryExecution'),
    );
    expect(joinedText(athenaStatement!.statement.Resource)).toBe(
      'arn:<token>:athena:eu-west-1:123456789012:workgroup/<token>',
    );
    expect(statement.provider.isCompleteHandler).toBeDefined();
    const viewResource = deployed.template.toJSON().Resources[idOf(statement.resource)] as {
      DependsOn?: string[];
    };
    // After the lake table and database it reads from and writes into.
    expect(viewResource.DependsOn).toEqual(
      expect.arrayContaining([idOf(deployed.pipeline.lakeTable), idOf(deployed.pipeline.glueDatabase)]),
    );
  });

  it('alarms on every stage, each notifying the alarm topic on ALARM and OK', () => {
    const alarms = Object.values(resourcesOf(deployed.template, 'AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties,
    );
    expect(alarms.map((alarm) => alarm.MetricName).sort()).toEqual(
      [
        'ApproximateNumberOfMessagesVisible',
        'DeliveryToS3.DataFreshness',
        'DeliveryToS3.Success',
        'Errors',
        'ExecuteProcessing.Success',
        'ExecutionFailed',
        'ExecutionsFailed',
        'FailedConversion.Records',
        'GetRecords.IteratorAgeMilliseconds',
        'PartitionCountExceeded',
        'RecordsFailed',
        'Throttles',
        'WriteProvisionedThroughputExceeded',
        'WriteThrottleEvents',
      ].sort(),
    );
    expect(deployed.pipeline.alarms).toHaveLength(alarms.length);
    const topic = ref(idOf(deployed.pipeline.alarmTopic!));
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([topic]);
      expect(alarm.OKActions).toEqual([topic]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
    }
    const freshness = alarms.find((alarm) => alarm.MetricName === 'DeliveryToS3.DataFreshness')!;
    expect(freshness.Threshold).toBe(300 + 600);
    const pipeFailures = alarms.find((alarm) => alarm.MetricName === 'ExecutionFailed')!;
    expect(pipeFailures.Namespace).toBe('AWS/EventBridge/Pipes');
    expect(pipeFailures.Dimensions).toEqual([
      { Name: 'PipeName', Value: ref(idOf(deployed.pipeline.capturePipe!)) },
    ]);
  });

  it('draws a dashboard of the pipeline', () => {
    const { properties } = onlyResource(deployed.template, 'AWS::CloudWatch::Dashboard');
    const body = JSON.parse(joinedText(properties.DashboardBody));
    const metrics = JSON.stringify(body.widgets.map((widget: { properties: unknown }) => widget.properties));
    for (const metric of [
      'WriteThrottleEvents',
      'ExecutionFailed',
      'IncomingRecords',
      'DataReadFromKinesisStream.Records',
      'SucceedProcessing.Records',
      'RecordsFailed',
      'DeliveryToS3.DataFreshness',
      'PartitionCount',
      'Errors',
    ]) {
      expect(metrics).toContain(`"${metric}"`);
    }
    const alarmWidget = body.widgets.find((widget: { type: string }) => widget.type === 'alarm');
    expect(alarmWidget.properties.alarms).toHaveLength(deployed.pipeline.alarms.length);
  });

  it('never allows a * action, and a * resource only where the action has no resource-level permissions', () => {
    for (const { owner, statement } of policyStatements(deployed.template)) {
      if (statement.Effect !== 'Allow') continue;
      for (const action of asArray(statement.Action))
        expect(action, owner).not.toMatch(/^(\*|[a-z0-9-]+:\*)$/);
      if (asArray(statement.Resource).includes('*')) {
        // Parquet conversion's schema read, and the state machine's log delivery and X-Ray.
        expect(asArray(statement.Action).join(' '), owner).toMatch(
          /^(glue:GetSchemaVersion|(logs:[A-Za-z]+ ?){8}|(xray:[A-Za-z]+ ?){4})$/,
        );
      }
    }
  });
});

// What the whole-template snapshot held and no other test asserts, stated as the rule it follows.
describe('CdcSalesPipeline with no props, in detail', () => {
  const properties = (construct: object) =>
    resourcesOf(deployed.template, deployed.template.toJSON().Resources[idOf(construct)].Type)[
      idOf(construct)
    ]!.Properties;
  const dependsOn = (construct: object): string[] =>
    asArray(deployed.template.toJSON().Resources[idOf(construct)].DependsOn ?? []);
  const policyOf = (role: { node: { findChild(id: string): object } }) =>
    policyStatements(deployed.template)
      .filter(({ owner }) => owner === idOf(role.node.findChild('DefaultPolicy')))
      .map(({ statement }) => ({ actions: asArray(statement.Action).sort(), resource: statement.Resource }));

  it('retains everything that holds data or history, and deletes only the DLQ, the statements and the state machine', () => {
    const policies = Object.entries(deployed.template.toJSON().Resources as Record<string, Cfn>)
      .filter(([, resource]) => resource.DeletionPolicy !== undefined)
      .map(
        ([id, resource]) =>
          `${resource.Type} ${resource.DeletionPolicy} ${resource.UpdateReplacePolicy} ${id}`,
      );
    const pipeline = deployed.pipeline;
    const retained = [
      pipeline.changeStream,
      pipeline.ordersTable,
      pipeline.accessLogsBucket,
      pipeline.lakeBucket,
      pipeline.athenaResultsBucket,
      pipeline.transformerLogGroup!,
      pipeline.deliveryStreamLogGroup,
      pipeline.capturePipeLogGroup!,
      pipeline.workgroup,
      pipeline.currentStateViewLogGroup!,
      pipeline.currentStateView!.frameworkLogGroup,
      pipeline.currentStateTable!.logGroup,
      pipeline.alarmTopicKey!,
    ].map(idOf);
    for (const id of retained)
      expect(policies).toContainEqual(expect.stringMatching(` Retain Retain ${id}$`));
    expect(policies.filter((line) => !line.includes(' Retain Retain ')).sort()).toEqual(
      [
        `AWS::SQS::Queue Delete Delete ${idOf(pipeline.captureDeadLetterQueue!)}`,
        `Custom::AthenaStatement Delete Delete ${idOf(pipeline.currentStateView!.resource)}`,
        // Deleting a statement runs nothing: the table it created stays in the catalog and the lake.
        ...[
          pipeline.currentStateTable!.createStatement,
          ...pipeline.currentStateTable!.migrationStatements,
        ].map((statement) => `Custom::AthenaStatement Delete Delete ${idOf(statement.resource)}`),
        // Holds no data: the table's rows are in the lake bucket.
        `AWS::StepFunctions::StateMachine Delete Delete ${idOf(pipeline.currentStateTable!.stateMachine)}`,
      ].sort(),
    );
  });

  it('keeps each of its six log groups three months (which writes to which: public-fields.test.ts)', () => {
    const logGroups = resourcesOf(deployed.template, 'AWS::Logs::LogGroup');
    expect(Object.keys(logGroups)).toHaveLength(6);
    for (const logGroup of Object.values(logGroups))
      expect(logGroup.Properties).toEqual({ RetentionInDays: 90 });
  });

  it('lets the access-logs bucket take S3 server access logs, and the buckets refuse TLS below 1.2', () => {
    expect(properties(deployed.pipeline.accessLogsBucket)).toMatchObject({
      AccessControl: 'LogDeliveryWrite',
      OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
    });
    const policies = Object.values(resourcesOf(deployed.template, 'AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(3);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
        }),
      );
    }
  });

  it('expires Athena results after 30 days, logs their bucket, and tidies the lake of uploads and old versions', () => {
    expect(properties(deployed.pipeline.athenaResultsBucket)).toMatchObject({
      LifecycleConfiguration: {
        Rules: [
          {
            ExpirationInDays: 30,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            Status: 'Enabled',
          },
        ],
      },
      LoggingConfiguration: {
        DestinationBucketName: ref(idOf(deployed.pipeline.accessLogsBucket)),
        LogFilePrefix: 'athena-results/',
      },
    });
    expect(properties(deployed.pipeline.lakeBucket).LifecycleConfiguration.Rules).toContainEqual({
      Id: 'tidy-up',
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
      Status: 'Enabled',
    });
  });

  it('declares the Glue table as an external, SNAPPY Parquet table in this account, at the data prefix, after its database', () => {
    const table = properties(deployed.pipeline.lakeTable);
    expect(table.CatalogId).toBe('123456789012');
    expect(properties(deployed.pipeline.glueDatabase).CatalogId).toBe('123456789012');
    expect(table.TableInput).toMatchObject({
      Description: 'Every change of every order, one row per change (append-only)',
      Parameters: {
        EXTERNAL: 'TRUE',
        classification: 'parquet',
        'parquet.compression': 'SNAPPY',
        'projection.dt.interval': '1',
        'projection.dt.interval.unit': 'DAYS',
      },
      StorageDescriptor: {
        Location: {
          'Fn::Join': ['', ['s3://', ref(idOf(deployed.pipeline.lakeBucket)), `/${DEFAULT_LAKE_TABLE}/`]],
        },
        OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      },
    });
    expect(dependsOn(deployed.pipeline.lakeTable)).toEqual([idOf(deployed.pipeline.glueDatabase)]);
  });

  it('reads the change stream with one Firehose role and writes the lake with the other, each allowed only that', () => {
    const pipeline = deployed.pipeline;
    const delivery = properties(pipeline.deliveryStream);
    const sourceRole = arnOf(idOf(pipeline.deliveryStreamRole));
    const destinationRole = arnOf(idOf(pipeline.deliveryStreamDestinationRole));
    expect(delivery.KinesisStreamSourceConfiguration.RoleARN).toEqual(sourceRole);
    const s3 = delivery.ExtendedS3DestinationConfiguration;
    expect(s3.RoleARN).toEqual(destinationRole);
    expect(s3.BucketARN).toEqual(arnOf(idOf(pipeline.lakeBucket)));
    expect(s3.DataFormatConversionConfiguration.SchemaConfiguration).toMatchObject({
      RoleARN: destinationRole,
      CatalogId: '123456789012',
      Region: 'eu-west-1',
    });
    expect(s3.ProcessingConfiguration.Processors[0].Parameters).toEqual(
      expect.arrayContaining([
        { ParameterName: 'RoleArn', ParameterValue: destinationRole },
        { ParameterName: 'BufferIntervalInSeconds', ParameterValue: '60' },
      ]),
    );
    expect(s3.CloudWatchLoggingOptions).toEqual({
      Enabled: true,
      LogGroupName: ref(idOf(pipeline.deliveryStreamLogGroup)),
      LogStreamName: ref(idOf(pipeline.deliveryStreamLogGroup.node.findChild('S3Destination'))),
    });
    // Both roles' policies exist before Firehose starts using them.
    expect(dependsOn(pipeline.deliveryStream).sort()).toEqual(
      [
        idOf(pipeline.deliveryStreamRole.node.findChild('DefaultPolicy')),
        idOf(pipeline.deliveryStreamDestinationRole.node.findChild('DefaultPolicy')),
      ].sort(),
    );
    const stream = idOf(pipeline.changeStream);
    expect(policyOf(pipeline.deliveryStreamRole)).toEqual([
      {
        actions: expect.arrayContaining([
          'kinesis:GetRecords',
          'kinesis:GetShardIterator',
          'kinesis:ListShards',
        ]),
        resource: arnOf(stream),
      },
    ]);
    const lake = idOf(pipeline.lakeBucket);
    const transformer = idOf(pipeline.transformerFunction);
    const granted = policyOf(pipeline.deliveryStreamDestinationRole);
    expect(granted.map(({ resource }) => JSON.stringify(resource))).toEqual([
      JSON.stringify([arnOf(lake), { 'Fn::Join': ['', [arnOf(lake), '/*']] }]),
      JSON.stringify(arnOf(idOf(pipeline.deliveryStreamLogGroup))),
      expect.stringContaining(`:glue:eu-west-1:123456789012:table/${pipeline.glueDatabaseName}/`),
      JSON.stringify('*'),
      JSON.stringify([arnOf(transformer), { 'Fn::Join': ['', [arnOf(transformer), ':*']] }]),
    ]);
    expect(granted.map(({ actions }) => actions)).toEqual([
      expect.arrayContaining(['s3:PutObject', 's3:GetBucket*', 's3:Abort*']),
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
      ['glue:GetSchemaVersion'],
      ['lambda:InvokeFunction'],
    ]);
  });

  it('keeps DLQ messages 14 days, logs the Pipe to its own log group, and creates the Pipe after its role policy', () => {
    const pipeline = deployed.pipeline;
    expect(properties(pipeline.captureDeadLetterQueue!).MessageRetentionPeriod).toBe(14 * 24 * 3600);
    expect(properties(pipeline.capturePipe!)).toMatchObject({
      Description: 'Orders table stream to the change stream',
      RoleArn: arnOf(idOf(pipeline.capturePipeRole!)),
      LogConfiguration: {
        Level: 'ERROR',
        CloudwatchLogsLogDestination: { LogGroupArn: arnOf(idOf(pipeline.capturePipeLogGroup!)) },
      },
    });
    expect(dependsOn(pipeline.capturePipe!)).toEqual(
      expect.arrayContaining([
        idOf(pipeline.capturePipeRole!),
        idOf(pipeline.capturePipeRole!.node.findChild('DefaultPolicy')),
      ]),
    );
  });

  it('names the workgroup after the construct path, publishes its metrics, and expects the results bucket in this account', () => {
    expect(properties(deployed.pipeline.workgroup)).toMatchObject({
      Name: expect.stringMatching(/^Sales-Pipeline-[0-9A-F]{8}$/),
      Description: 'Queries over the orders change lake',
      State: 'ENABLED',
      RecursiveDeleteOption: false,
      WorkGroupConfiguration: {
        PublishCloudWatchMetricsEnabled: true,
        ResultConfiguration: { ExpectedBucketOwner: '123456789012' },
      },
    });
  });

  it('describes each named query as order-schema does and saves it after the Glue database', () => {
    const expected = analyticsQueries();
    deployed.pipeline.namedQueries.forEach((query, index) => {
      expect(properties(query).Description).toBe(expected[index]!.description);
      expect(dependsOn(query)).toEqual([idOf(deployed.pipeline.glueDatabase)]);
    });
  });

  it('runs the view statement on arm64 with JSON logs, polls Athena every 5 s, and stops it after 10 minutes', () => {
    const statement = deployed.pipeline.currentStateView!;
    const handlers = Object.values(resourcesOf(deployed.template, 'AWS::Lambda::Function'))
      .map((fn) => fn.Properties)
      .filter((fn) => fn.Role?.['Fn::GetAtt']?.[0] === idOf(statement.role));
    expect(handlers.map((fn) => [fn.Handler, fn.Timeout]).sort()).toEqual([
      ['index.isComplete', 30],
      ['index.onEvent', 120],
    ]);
    for (const fn of handlers) {
      expect(fn).toMatchObject({
        Architectures: ['arm64'],
        LoggingConfig: { LogFormat: 'JSON', LogGroup: ref(idOf(statement.logGroup)) },
      });
    }
    expect(properties(statement.resource).TimeoutSeconds).toBe('600');
    // The shared waiter polls for up to an hour, the longest a statement may take.
    const waiter = properties(statement.provider.node.findChild('waiter-state-machine'));
    const definition = JSON.parse(joinedText(waiter.DefinitionString).replaceAll('<token>', ''));
    expect(definition.States['framework-isComplete-task'].Retry).toEqual([
      { ErrorEquals: ['States.ALL'], IntervalSeconds: 5, MaxAttempts: 720, BackoffRate: 1 },
    ]);
  });

  it('gives the view statement a new logical id, since its service token moved to the shared provider', () => {
    // The id it had with a provider of its own: CloudFormation cannot change a custom resource's
    // service token in place, so keeping it would fail the update of a stack deployed before.
    expect(idOf(deployed.pipeline.currentStateView!.resource)).not.toBe(
      'PipelineCurrentStateViewStatementE43834AB',
    );
    expect(idOf(deployed.pipeline.currentStateView!.resource)).toMatch(
      /^PipelineCurrentStateViewStatementRun/,
    );
  });

  it('alarms with these metrics, statistics and thresholds, each over one 5-minute period, each described', () => {
    const alarms = Object.values(resourcesOf(deployed.template, 'AWS::CloudWatch::Alarm')).map(
      ({ Properties: alarm }) =>
        `${alarm.Namespace} ${alarm.MetricName} ${alarm.Statistic} ${alarm.ComparisonOperator} ${alarm.Threshold} ` +
        `[${alarm.Dimensions.map((dimension: { Name: string }) => dimension.Name).join()}] ` +
        `${alarm.Period}x${alarm.EvaluationPeriods} ${alarm.AlarmDescription.length > 20}`,
    );
    expect(alarms.sort()).toEqual(
      [
        'AWS/DynamoDB WriteThrottleEvents Sum GreaterThanThreshold 0 [TableName] 300x1 true',
        'AWS/EventBridge/Pipes ExecutionFailed Sum GreaterThanThreshold 0 [PipeName] 300x1 true',
        'AWS/SQS ApproximateNumberOfMessagesVisible Maximum GreaterThanThreshold 0 [QueueName] 300x1 true',
        'AWS/Kinesis WriteProvisionedThroughputExceeded Sum GreaterThanThreshold 0 [StreamName] 300x1 true',
        'AWS/Kinesis GetRecords.IteratorAgeMilliseconds Maximum GreaterThanThreshold 600000 [StreamName] 300x1 true',
        'AWS/Lambda Errors Sum GreaterThanThreshold 0 [FunctionName] 300x1 true',
        'AWS/Lambda Throttles Sum GreaterThanThreshold 0 [FunctionName] 300x1 true',
        'CdcSalesPipeline RecordsFailed Sum GreaterThanThreshold 0 [service] 300x1 true',
        'AWS/States ExecutionsFailed Sum GreaterThanThreshold 0 [StateMachineArn] 300x1 true',
        'AWS/Firehose ExecuteProcessing.Success Average LessThanThreshold 1 [DeliveryStreamName] 300x1 true',
        'AWS/Firehose FailedConversion.Records Sum GreaterThanThreshold 0 [DeliveryStreamName] 300x1 true',
        'AWS/Firehose PartitionCountExceeded Maximum GreaterThanThreshold 0 [DeliveryStreamName] 300x1 true',
        'AWS/Firehose DeliveryToS3.Success Average LessThanThreshold 1 [DeliveryStreamName] 300x1 true',
        'AWS/Firehose DeliveryToS3.DataFreshness Maximum GreaterThanThreshold 900 [DeliveryStreamName] 300x1 true',
      ].sort(),
    );
  });

  it('names the alarm topic and its key for what they are', () => {
    expect(properties(deployed.pipeline.alarmTopic!).DisplayName).toBe('CDC sales pipeline alarms');
    expect(properties(deployed.pipeline.alarmTopicKey!).Description).toBe(
      'Encrypts the alarm notifications of the CDC sales pipeline',
    );
  });
});
