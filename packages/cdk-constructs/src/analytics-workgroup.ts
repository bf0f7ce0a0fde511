import { analyticsQueries } from '@org/order-schema/sql';
import { RemovalPolicy, type Size, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ATHENA_RESULTS_PREFIX } from './constants';

export interface AnalyticsWorkgroupProps {
  readonly bytesScannedCutoff: Size;
  readonly database: string;
  readonly removalPolicy: RemovalPolicy;
  readonly resultsBucket: s3.IBucket;
  readonly tableName: string;
  readonly viewName: string;
  readonly workgroupName: string;
}

/**
 * The Athena workgroup (engine 3, enforced settings, SSE-S3 results, a bytes-scanned cutoff) and one
 * named query per analytics statement of @org/order-schema: the same SQL the local pipeline runs in
 * DuckDB. The queries name the table and view unqualified; they run in the lake's database.
 */
export class AnalyticsWorkgroup extends Construct {
  readonly namedQueries: athena.CfnNamedQuery[];
  readonly workgroup: athena.CfnWorkGroup;

  constructor(scope: Construct, id: string, props: AnalyticsWorkgroupProps) {
    super(scope, id);
    this.workgroup = new athena.CfnWorkGroup(this, 'Resource', {
      name: props.workgroupName,
      description: 'Queries over the orders change lake',
      state: 'ENABLED',
      // Lets `cdk destroy` delete a workgroup that has run queries.
      recursiveDeleteOption: props.removalPolicy === RemovalPolicy.DESTROY,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoff.toBytes(),
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${props.resultsBucket.bucketName}/${ATHENA_RESULTS_PREFIX}`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
          expectedBucketOwner: Stack.of(this).account,
        },
      },
    });
    this.workgroup.applyRemovalPolicy(props.removalPolicy);
    this.namedQueries = analyticsQueries({ table: props.tableName, view: props.viewName }).map((query) => {
      const named = new athena.CfnNamedQuery(this, query.id, {
        name: query.title,
        description: query.description,
        database: props.database,
        workGroup: this.workgroup.ref,
        queryString: query.sql,
      });
      return named;
    });
  }
}
