import { CustomResource, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { AthenaQueryAccess } from './athena-query-policy';
import type { AthenaStatementProperties } from './athena-statement-handler/index';
import { AthenaStatementProvider, MAX_STATEMENT_TIMEOUT } from './athena-statement-provider';
import { InvalidPropError } from './errors';

export type { AthenaDataLocation } from './athena-query-policy';

/** Columns a statement adds to a table: what lets it be skipped once they are there. */
export interface AddedColumns {
  /** The table (in the statement's database) the statement alters. */
  readonly table: string;
  /** The names of the columns it adds. */
  readonly columns: readonly string[];
}

export interface AthenaStatementProps extends Omit<AthenaQueryAccess, 'commitsTables'> {
  /**
   * The columns the statement adds (`ALTER TABLE … ADD COLUMNS`), which Athena refuses to add twice.
   * When the table already has all of them the statement is skipped, so a deploy that rolled back after
   * it ran, or a table that outlived the resource, does not fail the next deploy; when it has only some
   * of them the deploy fails and names the missing ones.
   * @default - the statement always runs
   */
  readonly addsColumns?: AddedColumns;
  /**
   * What happens to the shared provider's log groups when the stack is deleted (every statement of a
   * stack must agree).
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * How long the shared provider's log groups keep events (every statement of a stack must agree).
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * The SQL to run when the resource is created and again whenever it changes: DDL that is safe to
   * repeat, such as `CREATE OR REPLACE VIEW` or `CREATE TABLE IF NOT EXISTS … TBLPROPERTIES
   * ('table_type'='ICEBERG')`, or an `ALTER TABLE … ADD COLUMNS` with `addsColumns`. Nothing runs when it
   * is deleted.
   */
  readonly sql: string;
  /**
   * How long a deploy waits for the statement to finish before it stops the query and fails (at most
   * one hour).
   * @default Duration.minutes(10)
   */
  readonly timeout?: Duration;
}

/**
 * Runs one Athena statement as a deploy step, and the deploy succeeds only when the statement has.
 *
 * A Provider-framework custom resource: `onEvent` starts the query (retrying a few times, with backoff,
 * when IAM has not yet propagated a new policy), and `isComplete`, polled by the framework every 5
 * seconds, returns when Athena reports SUCCEEDED and fails the resource with Athena's own reason when the
 * query FAILED or was CANCELLED, or stops it when it outlives `timeout`. The handlers are this package's
 * prebuilt bundle on Node.js 24 and use the runtime's AWS SDK v3 (see the README).
 *
 * Every statement of a stack shares one provider (`AthenaStatementProvider`): one set of functions and
 * one role, to which each statement adds exactly what its props name: the workgroup, the Glue catalog,
 * database and tables, the result prefix and the data locations.
 */
export class AthenaStatement extends Construct {
  /** The log group of the Provider framework's own functions (shared by the stack's statements). */
  readonly frameworkLogGroup: logs.LogGroup;
  /** The log group of the `onEvent` and `isComplete` handlers (shared by the stack's statements). */
  readonly logGroup: logs.LogGroup;
  /** The provider framework (shared by the stack's statements). */
  readonly provider: cr.Provider;
  readonly resource: CustomResource;
  /** The role of the handlers, which Athena uses to run the statement (shared by the stack's statements). */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: AthenaStatementProps) {
    super(scope, id);
    const timeout = props.timeout ?? Duration.minutes(10);
    if (timeout.toSeconds() < 1 || timeout.toSeconds() > MAX_STATEMENT_TIMEOUT.toSeconds()) {
      throw new InvalidPropError('timeout', `${timeout.toSeconds()} s`, 'must be from 1 second to 1 hour');
    }
    const shared = AthenaStatementProvider.of(this, props);
    shared.grant(props, { readsTableMetadata: props.addsColumns !== undefined });
    this.provider = shared.provider;
    this.role = shared.role;
    this.logGroup = shared.logGroup;
    this.frameworkLogGroup = shared.frameworkLogGroup;
    const properties: AthenaStatementProperties = {
      Sql: props.sql,
      Database: props.databaseName,
      WorkGroup: props.workgroupName,
      TimeoutSeconds: String(timeout.toSeconds()),
      ...(props.addsColumns
        ? { AddsColumns: { Table: props.addsColumns.table, Columns: [...props.addsColumns.columns] } }
        : {}),
    };
    // Not 'Resource': a custom resource cannot move to another service token in place ("Modifying
    // service token is not allowed"), so a statement deployed with its own provider before providers
    // were shared is replaced (created anew, the old one deleted, which runs nothing) rather than updated.
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cfn-customresource.html
    this.resource = new CustomResource(this, 'Run', {
      serviceToken: this.provider.serviceToken,
      resourceType: 'Custom::AthenaStatement',
      properties,
    });
  }
}
