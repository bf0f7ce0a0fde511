import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { acknowledge, wildcardFinding } from './nag-acknowledgements';

/** An S3 location a query reads or writes besides its results, e.g. an Iceberg table's files. */
export interface AthenaDataLocation {
  readonly bucket: s3.IBucket;
  /** Key prefix, ending in `/`. */
  readonly prefix: string;
  /** Whether the query writes there (Iceberg metadata and data) or only reads. */
  readonly write: boolean;
}

/** What one kind of Athena query touches: the workgroup, the Glue catalog, its results and data in S3. */
export interface AthenaQueryAccess {
  /** S3 locations the query reads or writes. */
  readonly dataLocations?: readonly AthenaDataLocation[];
  /** The Glue database the query runs in. */
  readonly databaseName: string;
  /** Glue tables and views (in `databaseName`) the query reads. */
  readonly readsTables?: readonly string[];
  /** Where the workgroup writes query results (Athena writes them as the caller). */
  readonly resultsBucket: s3.IBucket;
  /** Key prefix of the results in that bucket, ending in `/`. */
  readonly resultsPrefix: string;
  /** The Athena workgroup the query runs in. */
  readonly workgroupName: string;
  /** Glue tables and views (in `databaseName`) the query creates or alters (DDL). */
  readonly writesTables?: readonly string[];
  /** Iceberg tables (in `databaseName`) the query commits to (DML): `glue:UpdateTable` only. */
  readonly commitsTables?: readonly string[];
}

/** Athena's own catalog of the Glue Data Catalog, which `.sync` and table metadata calls name. */
const ATHENA_DATA_CATALOG = 'AwsDataCatalog';

/**
 * The least-privilege policy of a role that runs Athena queries with its own rights, as Athena requires
 * (https://docs.aws.amazon.com/athena/latest/ug/access.html): one statement per kind of right, each
 * naming its resources, which grows as more queries are granted. Several statements of one role share
 * the statements (no duplicated `Sid`, which IAM refuses). The wildcards Athena makes unavoidable (object
 * keys it generates below a prefix) are acknowledged to cdk-nag on `scope`, each with its reason.
 */
export class AthenaQueryPolicy {
  private readonly statements = new Map<
    string,
    { statement: iam.PolicyStatement; actions: Set<string>; resources: Set<string> }
  >();

  constructor(
    private readonly role: iam.IRole,
    private readonly scope: IConstruct,
  ) {}

  /** Allows `actions` on `resources`, merged into the statement `sid`. */
  allow(sid: string, actions: readonly string[], resources: readonly string[]): void {
    let entry = this.statements.get(sid);
    if (!entry) {
      entry = { statement: new iam.PolicyStatement({ sid }), actions: new Set(), resources: new Set() };
      this.statements.set(sid, entry);
      this.role.addToPrincipalPolicy(entry.statement);
    }
    for (const action of actions) {
      if (entry.actions.has(action)) continue;
      entry.actions.add(action);
      entry.statement.addActions(action);
    }
    for (const resource of resources) {
      if (entry.resources.has(resource)) continue;
      entry.resources.add(resource);
      entry.statement.addResources(resource);
    }
  }

  /** Grants what a query with this access needs to run, read its inputs and write its results. */
  grantQuery(access: AthenaQueryAccess): void {
    const stack = Stack.of(this.scope);
    this.allow(
      'RunInWorkgroup',
      [
        'athena:GetWorkGroup',
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:StopQueryExecution',
      ],
      [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: access.workgroupName })],
    );
    const glueArn = (resource: string, name?: string) =>
      stack.formatArn({ service: 'glue', resource, ...(name ? { resourceName: name } : {}) });
    const tableArn = (table: string) => glueArn('table', `${access.databaseName}/${table}`);
    const database = [glueArn('catalog'), glueArn('database', access.databaseName)];
    const reads = access.readsTables ?? [];
    const writes = access.writesTables ?? [];
    const commits = access.commitsTables ?? [];
    this.allow(
      'ReadCatalog',
      ['glue:GetDatabase', 'glue:GetTable'],
      [...database, ...[...reads, ...writes, ...commits].map(tableArn)],
    );
    if (writes.length > 0) {
      this.allow(
        'WriteTables',
        ['glue:CreateTable', 'glue:UpdateTable'],
        [...database, ...writes.map(tableArn)],
      );
    }
    if (commits.length > 0) {
      // An Iceberg commit swaps the table's metadata location in Glue.
      this.allow('CommitTables', ['glue:UpdateTable'], [...database, ...commits.map(tableArn)]);
    }
    // What Athena needs to write the query's results for its caller. Named actions, not the bucket
    // grants' action groups (s3:GetObject*, s3:List*, …).
    this.allow(
      'ListResultsBucket',
      ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      [access.resultsBucket.bucketArn],
    );
    const results = access.resultsBucket.arnForObjects(`${access.resultsPrefix}*`);
    this.allow(
      'WriteResults',
      ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      [results],
    );
    acknowledge(
      this.scope,
      [wildcardFinding(this.scope, results)],
      `Athena writes query results under keys named after each query execution id, below ${access.resultsPrefix}.`,
    );
    for (const location of access.dataLocations ?? []) this.grantData(location);
  }

  /**
   * Lets the role read Athena's data catalog: `athena:GetDataCatalog` for the Step Functions `.sync`
   * integration, `athena:GetTableMetadata` to look at a table's columns.
   */
  grantDataCatalog(actions: readonly ('athena:GetDataCatalog' | 'athena:GetTableMetadata')[]): void {
    this.allow('ReadDataCatalog', actions, [
      Stack.of(this.scope).formatArn({
        service: 'athena',
        resource: 'datacatalog',
        resourceName: ATHENA_DATA_CATALOG,
      }),
    ]);
  }

  private grantData(location: AthenaDataLocation): void {
    this.allow('ListDataBuckets', ['s3:GetBucketLocation', 's3:ListBucket'], [location.bucket.bucketArn]);
    const objects = location.bucket.arnForObjects(`${location.prefix}*`);
    if (location.write) {
      // Iceberg writes data, delete and metadata files; VACUUM deletes the ones no snapshot needs.
      this.allow(
        'ReadWriteData',
        [
          's3:GetObject',
          's3:PutObject',
          's3:DeleteObject',
          's3:AbortMultipartUpload',
          's3:ListMultipartUploadParts',
        ],
        [objects],
      );
    } else {
      this.allow('ReadData', ['s3:GetObject'], [objects]);
    }
    const key = location.bucket.encryptionKey;
    if (key) {
      this.allow('DecryptData', ['kms:Decrypt'], [key.keyArn]);
      if (location.write) this.allow('EncryptData', ['kms:GenerateDataKey'], [key.keyArn]);
    }
    acknowledge(
      this.scope,
      [wildcardFinding(this.scope, objects)],
      `The table below ${location.prefix} keeps its files under keys the engine generates.`,
    );
  }
}
