import { Size } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import {
  CdcSalesPipeline,
  DEFAULT_BACKFILL_MAX_CONCURRENCY,
  DEFAULT_BACKFILL_RECORDS_PER_SECOND,
  InvalidPropError,
} from '../../src/index';
import {
  asArray,
  type Cfn,
  type Deployed,
  deploy,
  emptyStack,
  joinedText,
  nagFindings,
  policyStatements,
  resourcesOf,
} from '../helpers/synth';

/** The backfill's state machine definition, parsed: its tokens (ARNs, bucket names) become `<token>`. */
function definitionOf(deployed: Deployed): Cfn {
  const machines = Object.values(resourcesOf(deployed.template, 'AWS::StepFunctions::StateMachine'))
    .map((machine) => JSON.parse(joinedText(machine.Properties.DefinitionString)))
    .filter((definition) => definition.StartAt === 'ExportFiles');
  expect(machines).toHaveLength(1);
  return machines[0];
}

/** The logical id of a construct's CloudFormation resource. */
function logicalIdOf(deployed: Deployed, construct: { node: { defaultChild?: unknown } }): string {
  return deployed.stack.getLogicalId(construct.node.defaultChild as never);
}

/** The statements of the policies attached to a role, by the role's logical id. */
function statementsOf(deployed: Deployed, roleLogicalId: string): Cfn[] {
  const owners = Object.entries(resourcesOf(deployed.template, 'AWS::IAM::Policy'))
    .filter(([, policy]) => policy.Properties.Roles.some((role: Cfn) => role.Ref === roleLogicalId))
    .map(([id]) => id);
  return policyStatements(deployed.template)
    .filter(({ owner }) => owners.includes(owner))
    .map(({ statement }) => statement);
}

const backfilled = deploy({ createBackfill: true });

describe('CdcSalesPipeline without createBackfill', () => {
  it('creates no backfill', () => {
    const { pipeline, template } = deploy();
    expect(pipeline.backfill).toBeUndefined();
    const definitions = Object.values(resourcesOf(template, 'AWS::StepFunctions::StateMachine')).map(
      (machine) => joinedText(machine.Properties.DefinitionString),
    );
    expect(definitions.some((text) => text.includes('ExportFiles'))).toBe(false);
  });

  it('refuses backfillOptions, which would do nothing', () => {
    expect(
      () => new CdcSalesPipeline(emptyStack(), 'Pipeline', { backfillOptions: { maxConcurrency: 2 } }),
    ).toThrow(InvalidPropError);
  });
});

describe('the backfill state machine', () => {
  const definition = definitionOf(backfilled);
  const map = definition.States.ExportFiles;

  it('is a Distributed Map over the lines of the export manifest named in the execution input', () => {
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map.ItemReader).toEqual({
      Resource: 'arn:<token>:states:::s3:getObject',
      ReaderConfig: { InputType: 'JSONL' },
      Parameters: { Bucket: '<token>', 'Key.$': '$.manifestFilesS3Key' },
    });
    expect(map.ItemSelector).toEqual({
      'exportId.$': '$.exportId',
      'exportTime.$': '$.exportTime',
      'dataFileS3Key.$': '$$.Map.Item.Value.dataFileS3Key',
      'itemCount.$': '$$.Map.Item.Value.itemCount',
    });
  });

  it('runs every file whatever happens to the others, at the default concurrency, results under the export prefix', () => {
    expect(map.MaxConcurrency).toBe(DEFAULT_BACKFILL_MAX_CONCURRENCY);
    expect(map.ToleratedFailurePercentage).toBe(100);
    expect(map.ResultWriter).toEqual({
      Resource: 'arn:<token>:states:::s3:putObject',
      Parameters: { Bucket: '<token>', Prefix: 'exports/backfill-results/' },
    });
  });

  it('invokes the backfill Lambda per file and again until the file is complete', () => {
    const { StartAt, States } = map.ItemProcessor;
    expect(StartAt).toBe('WriteExportFile');
    expect(States.WriteExportFile).toMatchObject({ Type: 'Task', Next: 'FileDone' });
    const retried = States.WriteExportFile.Retry.flatMap((retry: Cfn) => retry.ErrorEquals);
    expect(retried).toEqual(
      expect.arrayContaining(['Lambda.TooManyRequestsException', 'ExportFileUnreadableError']),
    );
    expect(States.FileDone).toEqual({
      Type: 'Choice',
      Choices: [{ Variable: '$.complete', BooleanEquals: true, Next: 'FileWritten' }],
      Default: 'WriteExportFile',
    });
    const resource = backfilled.template
      .toJSON()
      .Resources[
        logicalIdOf(backfilled, backfilled.pipeline.backfill!.stateMachine)
      ].Properties.DefinitionString['Fn::Join'][1].find((part: Cfn) => part['Fn::GetAtt']);
    expect(resource['Fn::GetAtt'][0]).toBe(logicalIdOf(backfilled, backfilled.pipeline.backfill!.function));
  });

  it('logs every event and traces', () => {
    const machine =
      backfilled.template.toJSON().Resources[
        logicalIdOf(backfilled, backfilled.pipeline.backfill!.stateMachine)
      ];
    expect(machine.Properties.LoggingConfiguration).toMatchObject({ Level: 'ALL' });
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('takes its concurrency and export prefix from backfillOptions', () => {
    const custom = deploy({
      createBackfill: true,
      backfillOptions: { maxConcurrency: 10, exportPrefix: 'dynamodb-exports/' },
    });
    const customMap = definitionOf(custom).States.ExportFiles;
    expect(customMap.MaxConcurrency).toBe(10);
    expect(customMap.ResultWriter.Parameters.Prefix).toBe('dynamodb-exports/backfill-results/');
    expect(custom.pipeline.backfill!.exportPrefix).toBe('dynamodb-exports/');
  });
});

describe('the backfill Lambda', () => {
  const backfill = backfilled.pipeline.backfill!;
  const fn = backfilled.template.toJSON().Resources[logicalIdOf(backfilled, backfill.function)];

  it('runs the bundled handler on Node 24 with the stream, bucket, table and its share of the budget', () => {
    expect(fn.Properties).toMatchObject({
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 900,
    });
    const env = fn.Properties.Environment.Variables;
    expect(env.STREAM_ARN).toEqual({
      'Fn::GetAtt': [logicalIdOf(backfilled, backfilled.pipeline.changeStream as kinesis.Stream), 'Arn'],
    });
    expect(env.EXPORT_BUCKET).toEqual({ Ref: logicalIdOf(backfilled, backfilled.pipeline.lakeBucket) });
    expect(env.TABLE_NAME).toEqual({ Ref: logicalIdOf(backfilled, backfilled.pipeline.ordersTable) });
    expect(Number(env.WRITE_RECORDS_PER_SECOND)).toBe(
      DEFAULT_BACKFILL_RECORDS_PER_SECOND / DEFAULT_BACKFILL_MAX_CONCURRENCY,
    );
    expect(Number(env.WRITE_BYTES_PER_SECOND)).toBe(
      Math.floor(Size.mebibytes(3).toBytes() / DEFAULT_BACKFILL_MAX_CONCURRENCY),
    );
  });

  it('may only read the export prefix, put records on the change stream and write its own logs', () => {
    const statements = statementsOf(backfilled, logicalIdOf(backfilled, backfill.functionRole));
    const lake = logicalIdOf(backfilled, backfilled.pipeline.lakeBucket);
    const stream = logicalIdOf(backfilled, backfilled.pipeline.changeStream as kinesis.Stream);
    const logGroup = logicalIdOf(backfilled, backfill.functionLogGroup);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [logGroup, 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [lake, 'Arn'] }, '/exports/*']] },
      },
      { Effect: 'Allow', Action: 'kinesis:PutRecords', Resource: { 'Fn::GetAtt': [stream, 'Arn'] } },
    ]);
    const role = backfilled.template.toJSON().Resources[logicalIdOf(backfilled, backfill.functionRole)];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('may generate data keys with the stream key when the stream has a customer managed key', () => {
    const deployed = deploy({ createBackfill: true }, (stack) => ({
      kinesisStreamProps: {
        encryption: kinesis.StreamEncryption.KMS,
        encryptionKey: new kms.Key(stack, 'StreamKey', { enableKeyRotation: true }),
      },
    }));
    const statements = statementsOf(
      deployed,
      logicalIdOf(deployed, deployed.pipeline.backfill!.functionRole),
    );
    const kmsStatements = statements.filter((statement) =>
      asArray(statement.Action).some((action: string) => action.startsWith('kms:')),
    );
    expect(kmsStatements).toEqual([
      {
        Effect: 'Allow',
        Action: 'kms:GenerateDataKey',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^StreamKey/), 'Arn'] },
      },
    ]);
  });
});

describe('a lake encrypted with a KMS key of its own', () => {
  it('lets the writer decrypt the export and the state machine read the manifest and write results', () => {
    const deployed = deploy({ createBackfill: true }, (stack) => ({
      bucketProps: {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: new kms.Key(stack, 'LakeKey', { enableKeyRotation: true }),
      },
    }));
    const backfill = deployed.pipeline.backfill!;
    const kmsActions = (roleId: string) =>
      statementsOf(deployed, roleId)
        .filter((statement) => JSON.stringify(statement.Resource).includes('LakeKey'))
        .flatMap((statement) => asArray(statement.Action))
        .sort();
    expect(kmsActions(logicalIdOf(deployed, backfill.functionRole))).toEqual(['kms:Decrypt']);
    expect(
      kmsActions(deployed.stack.getLogicalId(backfill.stateMachine.role.node.defaultChild as never)),
    ).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
  });
});

describe('the state machine role', () => {
  it('invokes only the backfill function and reads only the export prefix', () => {
    const backfill = backfilled.pipeline.backfill!;
    const roleId = backfilled.stack.getLogicalId(backfill.stateMachine.role.node.defaultChild as never);
    const statements = statementsOf(backfilled, roleId);
    const functionId = logicalIdOf(backfilled, backfill.function);
    const invoke = statements.filter((statement) =>
      asArray(statement.Action).includes('lambda:InvokeFunction'),
    );
    expect(invoke).toHaveLength(1);
    expect(asArray(invoke[0].Resource)[0]).toEqual({ 'Fn::GetAtt': [functionId, 'Arn'] });
    const s3Resources = statements
      .filter((statement) => asArray(statement.Action).some((action: string) => action.startsWith('s3:')))
      .flatMap((statement) => asArray(statement.Resource))
      .map((resource) => joinedText(resource));
    expect(s3Resources.sort()).toEqual(['<token>/exports/*', '<token>/exports/backfill-results/*']);
  });
});

describe('backfillOptions validation', () => {
  it.each([
    [{ exportPrefix: 'exports' }, 'backfillOptions.exportPrefix must be a key prefix that ends with "/"'],
    [{ exportPrefix: '/exports/' }, 'backfillOptions.exportPrefix must be a key prefix'],
    [{ exportPrefix: 'orders_changes/exports/' }, "backfillOptions.exportPrefix must lie outside the lake's"],
    [{ exportPrefix: 'errors/' }, "backfillOptions.exportPrefix must lie outside the lake's errors/"],
    [{ maxConcurrency: 0 }, 'backfillOptions.maxConcurrency must be a whole number from 1 to 10000'],
    [{ maxConcurrency: 2.5 }, 'backfillOptions.maxConcurrency must be a whole number'],
    [{ writeRecordsPerSecond: 0 }, 'backfillOptions.writeRecordsPerSecond must be at least 1'],
    [
      { writeBytesPerSecond: Size.kibibytes(10) },
      'backfillOptions.writeBytesPerSecond must be at least 1 MiB',
    ],
  ])('refuses %j', (backfillOptions, message) => {
    expect(
      () => new CdcSalesPipeline(emptyStack(), 'Pipeline', { createBackfill: true, backfillOptions }),
    ).toThrow(message);
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in a pipeline with the backfill', () => {
    expect(nagFindings(backfilled)).toEqual([]);
  });
});
