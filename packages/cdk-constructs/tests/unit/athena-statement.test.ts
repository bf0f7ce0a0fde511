import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { AthenaStatement, athenaStatementHandlerDir } from '../../src/index';
import { asArray, type Cfn, ENV, policyStatements, resourcesOf } from '../helpers/synth';

const ICEBERG_SQL =
  "CREATE TABLE IF NOT EXISTS orders_state (order_id string) LOCATION 's3://lake/orders_state/' " +
  "TBLPROPERTIES ('table_type'='ICEBERG')";
const glue = (resource: string) => `arn:<partition>:glue:eu-west-1:123456789012:${resource}`;

/** Resolves `{ Fn::Join }` ARNs to text, with the partition and bucket references spelled out. */
function arnText(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = value as Record<string, Cfn>;
  if (node['Fn::Join']) return (node['Fn::Join'][1] as unknown[]).map(arnText).join(node['Fn::Join'][0]);
  if (node.Ref === 'AWS::Partition') return '<partition>';
  return `<${JSON.stringify(node)}>`;
}

describe('AthenaStatement', () => {
  let app: App;
  let stack: Stack;
  let statement: AthenaStatement;
  let template: Template;
  beforeAll(() => {
    app = new App();
    // Registered as a real app does: synth fails on any unacknowledged finding.
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    stack = new Stack(app, 'Statement', { env: ENV });
    statement = new AthenaStatement(stack, 'CreateOrdersState', {
      sql: ICEBERG_SQL,
      databaseName: 'sales_lake',
      workgroupName: 'sales-analytics',
      resultsBucket: s3.Bucket.fromBucketName(stack, 'Results', 'results'),
      resultsPrefix: 'results/',
      readsTables: ['orders_changes'],
      writesTables: ['orders_state'],
      dataLocations: [
        { bucket: s3.Bucket.fromBucketName(stack, 'Lake', 'lake'), prefix: 'orders_state/', write: true },
      ],
      logRetention: logs.RetentionDays.ONE_MONTH,
    });
    template = Template.fromJSON(app.synth().getStackByName('Statement').template);
  });

  it('is a Provider-framework custom resource carrying the SQL, database and workgroup', () => {
    const [resource] = Object.values(resourcesOf(template, 'Custom::AthenaStatement'));
    const frameworkOnEvent = stack.getLogicalId(
      statement.provider.node.findChild('framework-onEvent').node.defaultChild as never,
    );
    expect(resource!.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [frameworkOnEvent, 'Arn'] },
      Sql: ICEBERG_SQL,
      Database: 'sales_lake',
      WorkGroup: 'sales-analytics',
    });
    // isComplete is polled by the framework's waiter state machine.
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    expect(statement.provider.isCompleteHandler).toBeDefined();
  });

  it('runs onEvent and isComplete from the handler bundle on Node.js 24 with the statement role', () => {
    const role = stack.getLogicalId(statement.role.node.defaultChild as never);
    const handlers = Object.values(resourcesOf(template, 'AWS::Lambda::Function'))
      .map((fn) => fn.Properties)
      .filter((fn) => fn.Handler.startsWith('index.'));
    expect(handlers.map((fn) => fn.Handler).sort()).toEqual(['index.isComplete', 'index.onEvent']);
    for (const fn of handlers) {
      expect(fn).toMatchObject({ Runtime: 'nodejs24.x', Role: { 'Fn::GetAtt': [role, 'Arn'] } });
    }
  });

  it('stages the prebuilt handler bundle as the functions’ code', () => {
    const assembly = app.synth();
    const manifest = JSON.parse(readFileSync(join(assembly.directory, 'Statement.assets.json'), 'utf8')) as {
      files: Record<string, { source: { path: string; packaging: string } }>;
    };
    const bundle = readFileSync(join(athenaStatementHandlerDir(), 'index.mjs'));
    const staged = Object.values(manifest.files)
      .map((file) => file.source)
      .filter((source) => source.packaging === 'zip')
      .filter((source) => {
        try {
          return readFileSync(join(assembly.directory, source.path, 'index.mjs')).equals(bundle);
        } catch {
          return false;
        }
      });
    expect(staged).toHaveLength(1);
  });

  it('lets its role do exactly what the statement needs, on the named resources only', () => {
    const owner = stack.getLogicalId(
      statement.role.node.findChild('DefaultPolicy').node.defaultChild as never,
    );
    const statements = policyStatements(template)
      .filter((entry) => entry.owner === owner)
      .map(({ statement }) => ({
        actions: asArray(statement.Action).sort(),
        resources: asArray(statement.Resource).map(arnText),
      }));
    expect(statements).toEqual([
      { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [expect.any(String)] },
      {
        actions: ['athena:GetQueryExecution', 'athena:GetWorkGroup', 'athena:StartQueryExecution'],
        resources: ['arn:<partition>:athena:eu-west-1:123456789012:workgroup/sales-analytics'],
      },
      {
        actions: ['glue:GetDatabase', 'glue:GetTable'],
        resources: [
          glue('catalog'),
          glue('database/sales_lake'),
          glue('table/sales_lake/orders_changes'),
          glue('table/sales_lake/orders_state'),
        ],
      },
      {
        actions: ['glue:CreateTable', 'glue:UpdateTable'],
        resources: [glue('catalog'), glue('database/sales_lake'), glue('table/sales_lake/orders_state')],
      },
      {
        actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        resources: ['arn:<partition>:s3:::results'],
      },
      {
        actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'],
        resources: ['arn:<partition>:s3:::results/results/*'],
      },
      { actions: ['s3:GetBucketLocation', 's3:ListBucket'], resources: ['arn:<partition>:s3:::lake'] },
      {
        actions: [
          's3:AbortMultipartUpload',
          's3:DeleteObject',
          's3:GetObject',
          's3:ListMultipartUploadParts',
          's3:PutObject',
        ],
        resources: ['arn:<partition>:s3:::lake/orders_state/*'],
      },
    ]);
  });

  it('gives every role of the framework its own policy, none an AWS managed one', () => {
    for (const [id, role] of Object.entries(resourcesOf(template, 'AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    }
  });
});
