import { CustomResource, Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { athenaStatementHandlerCode } from './athena-statement-code';
import type { AthenaStatementProperties } from './athena-statement-handler/index';
import { acknowledge, wildcardFinding } from './nag-acknowledgements';

/** An S3 location a statement reads or writes besides its results, e.g. an Iceberg table's files. */
export interface AthenaDataLocation {
  readonly bucket: s3.IBucket;
  /** Key prefix, ending in `/`. */
  readonly prefix: string;
  /** Whether the statement writes there (Iceberg metadata and data) or only reads. */
  readonly write: boolean;
}

export interface AthenaStatementProps {
  /** S3 locations the statement reads or writes. */
  readonly dataLocations?: readonly AthenaDataLocation[];
  /** The Glue database the statement runs in. */
  readonly databaseName: string;
  /**
   * What happens to its log groups when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * How long its log groups keep events.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /** Glue tables and views (in `databaseName`) the statement reads. */
  readonly readsTables?: readonly string[];
  /** Where the workgroup writes query results (Athena writes them as the caller). */
  readonly resultsBucket: s3.IBucket;
  /** Key prefix of the results in that bucket, ending in `/`. */
  readonly resultsPrefix: string;
  /**
   * The SQL to run when the resource is created and again whenever it changes: DDL that is safe to
   * repeat, such as `CREATE OR REPLACE VIEW`, `CREATE TABLE IF NOT EXISTS … TBLPROPERTIES
   * ('table_type'='ICEBERG')` or `ALTER TABLE … ADD COLUMNS`. Nothing runs when it is deleted.
   */
  readonly sql: string;
  /**
   * How long a deploy waits for the statement to finish before it fails.
   * @default Duration.minutes(10)
   */
  readonly timeout?: Duration;
  /** The Athena workgroup it runs in; its enforced result location must be in `resultsBucket`. */
  readonly workgroupName: string;
  /** Glue tables and views (in `databaseName`) the statement creates or changes. */
  readonly writesTables?: readonly string[];
}

/**
 * Runs one Athena statement as a deploy step, and the deploy succeeds only when the statement has.
 *
 * A Provider-framework custom resource: `onEvent` starts the query (retrying a few times, with backoff,
 * when IAM has not yet propagated the new role's policy), and `isComplete`, polled by the framework
 * every 5 seconds, returns when Athena reports SUCCEEDED and fails the resource with Athena's own
 * reason when the query FAILED or was CANCELLED. The handlers are this package's prebuilt bundle on
 * Node.js 24 and use the runtime's AWS SDK v3 (see the README). Each statement has its own role,
 * allowed exactly what the props name: the workgroup, the Glue catalog, database and tables, the
 * result prefix and the data locations.
 */
export class AthenaStatement extends Construct {
  /** The log group of the Provider framework's own functions. */
  readonly frameworkLogGroup: logs.LogGroup;
  /** The log group of the `onEvent` and `isComplete` handlers. */
  readonly logGroup: logs.LogGroup;
  readonly provider: cr.Provider;
  readonly resource: CustomResource;
  /** The role of the handlers, which Athena uses to run the statement. */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: AthenaStatementProps) {
    super(scope, id);
    const logGroupProps: logs.LogGroupProps = {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: props.logRemovalPolicy,
    };
    this.logGroup = new logs.LogGroup(this, 'LogGroup', logGroupProps);
    this.role = statementRole(this, props, this.logGroup);
    const code = athenaStatementHandlerCode();
    const handler = (name: string, entry: string, timeout: Duration) =>
      new lambda.Function(this, name, {
        description: `AthenaStatement ${entry} (${this.node.path})`.slice(0, 256),
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        code,
        handler: `index.${entry}`,
        timeout,
        role: this.role,
        logGroup: this.logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
      });
    // Start retries wait up to 31 s in all; a status check is one call.
    const onEvent = handler('OnEvent', 'onEvent', Duration.minutes(2));
    const isComplete = handler('IsComplete', 'isComplete', Duration.seconds(30));

    // The framework's own functions get roles that write to one log group and nothing else (the
    // framework adds what they invoke), instead of the AWS managed basic-execution policy.
    this.frameworkLogGroup = new logs.LogGroup(this, 'FrameworkLogGroup', logGroupProps);
    const frameworkRole = (name: string) => {
      const role = new iam.Role(this, name, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      this.frameworkLogGroup.grantWrite(role);
      return role;
    };
    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: Duration.seconds(5),
      totalTimeout: props.timeout ?? Duration.minutes(10),
      frameworkOnEventRole: frameworkRole('FrameworkOnEventRole'),
      frameworkCompleteAndTimeoutRole: frameworkRole('FrameworkCompleteRole'),
      logGroup: this.frameworkLogGroup,
    });
    const properties: AthenaStatementProperties = {
      Sql: props.sql,
      Database: props.databaseName,
      WorkGroup: props.workgroupName,
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.provider.serviceToken,
      resourceType: 'Custom::AthenaStatement',
      properties,
    });
    acknowledgeFindings(this, props, [onEvent, isComplete]);
  }
}

/** Athena runs the statement with the caller's rights: the role needs Athena's and the statement's. */
function statementRole(scope: Construct, props: AthenaStatementProps, logGroup: logs.ILogGroup): iam.Role {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'Role', {
    description: `Runs the Athena statement of ${scope.node.path}`.slice(0, 1000),
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  });
  logGroup.grantWrite(role);
  const allow = (sid: string, actions: string[], resources: string[]) =>
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid, actions, resources }));
  allow(
    'RunInWorkgroup',
    ['athena:GetWorkGroup', 'athena:StartQueryExecution', 'athena:GetQueryExecution'],
    [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: props.workgroupName })],
  );
  const glueArn = (resource: string, name?: string) =>
    stack.formatArn({ service: 'glue', resource, ...(name ? { resourceName: name } : {}) });
  const tableArn = (table: string) => glueArn('table', `${props.databaseName}/${table}`);
  const reads = props.readsTables ?? [];
  const writes = props.writesTables ?? [];
  allow(
    'ReadCatalog',
    ['glue:GetDatabase', 'glue:GetTable'],
    [glueArn('catalog'), glueArn('database', props.databaseName), ...[...reads, ...writes].map(tableArn)],
  );
  if (writes.length > 0) {
    allow(
      'WriteTables',
      ['glue:CreateTable', 'glue:UpdateTable'],
      [glueArn('catalog'), glueArn('database', props.databaseName), ...writes.map(tableArn)],
    );
  }
  // What Athena needs to write the query's results for its caller.
  allow(
    'ListResultsBucket',
    ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
    [props.resultsBucket.bucketArn],
  );
  allow(
    'WriteResults',
    ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
    [props.resultsBucket.arnForObjects(`${props.resultsPrefix}*`)],
  );
  // Named actions, not the bucket grants' action groups (s3:GetObject*, s3:List*, …).
  for (const [index, location] of (props.dataLocations ?? []).entries()) {
    allow(`ListData${index}`, ['s3:GetBucketLocation', 's3:ListBucket'], [location.bucket.bucketArn]);
    allow(
      `${location.write ? 'ReadWriteData' : 'ReadData'}${index}`,
      location.write
        ? [
            's3:GetObject',
            's3:PutObject',
            's3:DeleteObject',
            's3:AbortMultipartUpload',
            's3:ListMultipartUploadParts',
          ]
        : ['s3:GetObject'],
      [location.bucket.arnForObjects(`${location.prefix}*`)],
    );
  }
  return role;
}

/** The cdk-nag findings on the Provider framework's own parts, which its props cannot change. */
function acknowledgeFindings(
  statement: AthenaStatement,
  props: AthenaStatementProps,
  handlers: lambda.IFunction[],
): void {
  acknowledge(
    statement,
    [wildcardFinding(statement, props.resultsBucket.arnForObjects(`${props.resultsPrefix}*`))],
    `Athena writes query results under keys named after each query execution id, below ${props.resultsPrefix}.`,
  );
  for (const location of props.dataLocations ?? []) {
    acknowledge(
      statement,
      [wildcardFinding(statement, location.bucket.arnForObjects(`${location.prefix}*`))],
      `The statement's table keeps its files under keys Athena generates, below ${location.prefix}.`,
    );
  }
  const frameworkFunctions = ['onEvent', 'isComplete', 'onTimeout'].map(
    (entry) => statement.provider.node.findChild(`framework-${entry}`) as lambda.IFunction,
  );
  acknowledge(
    statement,
    [...handlers, ...frameworkFunctions].map((fn) => wildcardFinding(statement, `${fn.functionArn}:*`)),
    "The Provider framework's grants to invoke a named function cover its versions and aliases.",
  );
  acknowledge(
    statement,
    ['AwsSolutions-SF1', 'AwsSolutions-SF2'],
    "The Provider framework's waiter state machine only polls isComplete, whose function logs every " +
      'call; logging the state machine would need log-delivery rights on every resource (*), and the ' +
      'Provider offers no tracing option.',
  );
}
