import { currentStateViewSql } from '@org/order-schema/sql';
import type * as athena from 'aws-cdk-lib/aws-athena';
import type * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AthenaStatement, type AthenaStatementProps } from './athena-statement';

export interface CurrentStateViewProps
  extends Pick<AthenaStatementProps, 'logRetention' | 'logRemovalPolicy'> {
  readonly database: glue.CfnDatabase;
  readonly databaseName: string;
  readonly resultsBucket: s3.IBucket;
  /** Key prefix of the workgroup's results in that bucket. */
  readonly resultsPrefix: string;
  readonly table: glue.CfnTable;
  readonly tableName: string;
  readonly viewName: string;
  readonly workgroup: athena.CfnWorkGroup;
}

/**
 * The current-state view, made real on deploy. A named query only saves SQL, so the view statement of
 * @org/order-schema (`CREATE OR REPLACE VIEW`) runs as an `AthenaStatement` when the stack is created
 * and whenever the statement changes; the deploy waits until Athena has created the view, and fails
 * with Athena's reason if it could not.
 */
export class CurrentStateView extends Construct {
  readonly sql: string;
  readonly statement: AthenaStatement;

  constructor(scope: Construct, id: string, props: CurrentStateViewProps) {
    super(scope, id);
    this.sql = currentStateViewSql({ table: props.tableName, view: props.viewName });
    this.statement = new AthenaStatement(this, 'Statement', {
      sql: this.sql,
      databaseName: props.databaseName,
      workgroupName: props.workgroup.ref,
      resultsBucket: props.resultsBucket,
      resultsPrefix: props.resultsPrefix,
      readsTables: [props.tableName],
      writesTables: [props.viewName],
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
    });
    this.statement.resource.node.addDependency(props.table, props.database);
  }
}
