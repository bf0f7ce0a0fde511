import { createHash } from 'node:crypto';
import { currentStateViewSql } from '@org/order-schema';
import { Duration, Stack } from 'aws-cdk-lib';
import type * as athena from 'aws-cdk-lib/aws-athena';
import type * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

export interface CurrentStateViewProps {
  readonly database: glue.CfnDatabase;
  readonly databaseName: string;
  readonly logRetention: logs.RetentionDays;
  readonly resultsBucket: s3.IBucket;
  readonly table: glue.CfnTable;
  readonly tableName: string;
  readonly viewName: string;
  readonly workgroup: athena.CfnWorkGroup;
}

/**
 * Creates the current-state view after deploy. A named query only saves SQL, so a custom resource runs
 * the view statement of @org/order-schema through Athena `StartQueryExecution` in the workgroup when
 * the stack is created and whenever the statement changes. Athena creates a view in about a second;
 * the call does not wait for it, and `status` reports whether the view exists.
 */
export class CurrentStateView extends Construct {
  readonly resource: cr.AwsCustomResource;
  readonly role: iam.Role;
  readonly sql: string;

  constructor(scope: Construct, id: string, props: CurrentStateViewProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.sql = currentStateViewSql({ table: props.tableName, view: props.viewName });
    const logGroup = new logs.LogGroup(this, 'LogGroup', { retention: props.logRetention });
    this.role = new iam.Role(this, 'Role', {
      description: 'Runs the CREATE OR REPLACE VIEW statement of the current-state view in Athena',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(this.role);
    const glueArn = (resource: string, name?: string) =>
      stack.formatArn({ service: 'glue', resource, ...(name ? { resourceName: name } : {}) });
    const call: cr.AwsSdkCall = {
      service: 'Athena',
      action: 'StartQueryExecution',
      parameters: {
        QueryString: this.sql,
        QueryExecutionContext: { Database: props.databaseName },
        WorkGroup: props.workgroup.ref,
      },
      // A new id whenever the SQL changes, so the statement runs again on that deploy.
      physicalResourceId: cr.PhysicalResourceId.of(`current-state-view-${sha256(this.sql).slice(0, 16)}`),
    };
    this.resource = new cr.AwsCustomResource(this, 'Resource', {
      onCreate: call,
      onUpdate: call,
      role: this.role,
      logGroup,
      installLatestAwsSdk: false,
      timeout: Duration.minutes(1),
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['athena:StartQueryExecution', 'athena:GetWorkGroup'],
          resources: [
            stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: props.workgroup.ref }),
          ],
        }),
        // Athena creates the view as a Glue table beside the lake table, as the caller.
        new iam.PolicyStatement({
          actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:CreateTable', 'glue:UpdateTable'],
          resources: [
            glueArn('catalog'),
            glueArn('database', props.databaseName),
            glueArn('table', `${props.databaseName}/${props.tableName}`),
            glueArn('table', `${props.databaseName}/${props.viewName}`),
          ],
        }),
        // What Athena needs to write query results (here the DDL's) for its caller.
        new iam.PolicyStatement({
          actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
          resources: [props.resultsBucket.bucketArn],
        }),
        new iam.PolicyStatement({
          actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          resources: [props.resultsBucket.arnForObjects('results/*')],
        }),
      ]),
    });
    this.resource.node.addDependency(props.table, props.database, props.workgroup);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
