import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AthenaStatement,
  AthenaStatementProvider,
  athenaStatementHandlerDir,
  InvalidPropError,
} from '../../src/index';
import { asArray, type Cfn, ENV, emptyStack, policyStatements, resourcesOf } from '../helpers/synth';

const ICEBERG_SQL =
  "CREATE TABLE IF NOT EXISTS orders_state (order_id string) LOCATION 's3://lake/orders_state/' " +
  "TBLPROPERTIES ('table_type'='ICEBERG')";
const VIEW_SQL = 'CREATE OR REPLACE VIEW orders_current AS SELECT order_id FROM orders_changes';
const ALTER_SQL = 'ALTER TABLE orders_state ADD COLUMNS (coupon_code string)';
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
  let view: AthenaStatement;
  let migration: AthenaStatement;
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
    const shared = {
      databaseName: 'sales_lake',
      workgroupName: 'sales-analytics',
      resultsBucket: s3.Bucket.fromBucketName(stack, 'SameResults', 'results'),
      resultsPrefix: 'results/',
      logRetention: logs.RetentionDays.ONE_MONTH,
    };
    view = new AthenaStatement(stack, 'CreateView', {
      ...shared,
      sql: VIEW_SQL,
      readsTables: ['orders_changes'],
      writesTables: ['orders_current'],
    });
    migration = new AthenaStatement(stack, 'AddCoupon', {
      ...shared,
      sql: ALTER_SQL,
      writesTables: ['orders_state'],
      addsColumns: { table: 'orders_state', columns: ['coupon_code'] },
      timeout: Duration.minutes(3),
    });
    template = Template.fromJSON(app.synth().getStackByName('Statement').template);
  });

  it('is a Provider-framework custom resource carrying the SQL, database, workgroup and timeout', () => {
    const resources = resourcesOf(template, 'Custom::AthenaStatement');
    const frameworkOnEvent = stack.getLogicalId(
      statement.provider.node.findChild('framework-onEvent').node.defaultChild as never,
    );
    const serviceToken = { 'Fn::GetAtt': [frameworkOnEvent, 'Arn'] };
    const common = { ServiceToken: serviceToken, Database: 'sales_lake', WorkGroup: 'sales-analytics' };
    const propertiesOf = (construct: AthenaStatement) =>
      resources[stack.getLogicalId(construct.resource.node.defaultChild as never)]!.Properties;
    expect(propertiesOf(statement)).toEqual({ ...common, Sql: ICEBERG_SQL, TimeoutSeconds: '600' });
    expect(propertiesOf(view)).toEqual({ ...common, Sql: VIEW_SQL, TimeoutSeconds: '600' });
    expect(propertiesOf(migration)).toEqual({
      ...common,
      Sql: ALTER_SQL,
      TimeoutSeconds: '180',
      AddsColumns: { Table: 'orders_state', Columns: ['coupon_code'] },
    });
    // isComplete is polled by the framework's waiter state machine.
    expect(statement.provider.isCompleteHandler).toBeDefined();
  });

  it('shares one provider, one role and one pair of log groups among every statement of the stack', () => {
    const provider = AthenaStatementProvider.of(stack, { logRetention: logs.RetentionDays.ONE_MONTH });
    for (const each of [statement, view, migration]) {
      expect(each.provider).toBe(provider.provider);
      expect(each.role).toBe(provider.role);
      expect(each.logGroup).toBe(provider.logGroup);
      expect(each.frameworkLogGroup).toBe(provider.frameworkLogGroup);
    }
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.resourceCountIs('AWS::Lambda::Function', 5);
    template.resourceCountIs('AWS::Logs::LogGroup', 2);
    template.resourceCountIs('Custom::AthenaStatement', 3);
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

  it('lets its role do exactly what the statements need, on the named resources only', () => {
    const owner = stack.getLogicalId(
      statement.role.node.findChild('DefaultPolicy').node.defaultChild as never,
    );
    const statements = policyStatements(template)
      .filter((entry) => entry.owner === owner)
      .map(({ statement }) => ({
        sid: statement.Sid,
        actions: asArray(statement.Action).sort(),
        resources: asArray(statement.Resource).map(arnText),
      }));
    const sids = statements.map((entry) => entry.sid).filter((sid) => sid !== undefined);
    expect(new Set(sids).size).toBe(sids.length);
    expect(statements.map(({ actions, resources }) => ({ actions, resources }))).toEqual([
      { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [expect.any(String)] },
      {
        actions: [
          'athena:GetQueryExecution',
          'athena:GetWorkGroup',
          'athena:StartQueryExecution',
          'athena:StopQueryExecution',
        ],
        resources: ['arn:<partition>:athena:eu-west-1:123456789012:workgroup/sales-analytics'],
      },
      {
        actions: ['glue:GetDatabase', 'glue:GetTable'],
        resources: [
          glue('catalog'),
          glue('database/sales_lake'),
          glue('table/sales_lake/orders_changes'),
          glue('table/sales_lake/orders_state'),
          glue('table/sales_lake/orders_current'),
        ],
      },
      {
        actions: ['glue:CreateTable', 'glue:UpdateTable'],
        resources: [
          glue('catalog'),
          glue('database/sales_lake'),
          glue('table/sales_lake/orders_state'),
          glue('table/sales_lake/orders_current'),
        ],
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
      {
        // Only for the statement that adds columns, to see whether the table has them.
        actions: ['athena:GetTableMetadata'],
        resources: ['arn:<partition>:athena:eu-west-1:123456789012:datacatalog/AwsDataCatalog'],
      },
    ]);
  });

  it('gives every role of the framework its own policy, none an AWS managed one', () => {
    for (const [id, role] of Object.entries(resourcesOf(template, 'AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    }
  });
});

describe('AthenaStatement props', () => {
  const props = (stack: Stack) => ({
    sql: VIEW_SQL,
    databaseName: 'sales_lake',
    workgroupName: 'sales-analytics',
    resultsBucket: s3.Bucket.fromBucketName(stack, 'Results', 'results'),
    resultsPrefix: 'results/',
  });

  it.each([Duration.seconds(0), Duration.minutes(61)])('refuses a timeout of %s', (timeout) => {
    const stack = emptyStack();
    expect(() => new AthenaStatement(stack, 'S', { ...props(stack), timeout })).toThrow(
      new InvalidPropError('timeout', `${timeout.toSeconds()} s`, 'must be from 1 second to 1 hour'),
    );
  });

  it('refuses log settings that differ from those of the stack’s shared provider', () => {
    const stack = emptyStack();
    const first = props(stack);
    new AthenaStatement(stack, 'First', first);
    expect(
      () => new AthenaStatement(stack, 'Second', { ...first, logRemovalPolicy: RemovalPolicy.DESTROY }),
    ).toThrow(
      'logRetention/logRemovalPolicy must match the 90/retain of the stack\'s shared AthenaStatementProvider, got "90/destroy"',
    );
  });
});
