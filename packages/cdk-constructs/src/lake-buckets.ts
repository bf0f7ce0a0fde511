import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  ACCESS_LOGS_RETENTION_DAYS,
  DISPOSABLE_ACCESS_LOGS_RETENTION_DAYS,
  ERROR_PREFIX_ROOT,
} from './constants';

export interface LakeBucketsOptions {
  readonly bucketProps?: s3.BucketProps;
  /** Key prefix of the lake table's data, e.g. `orders_changes/`. */
  readonly dataPrefix: string;
  /** Age at which objects under `errors/` expire; 0 days keeps them forever. */
  readonly errorRetention: Duration;
  readonly existingBucketObj?: s3.IBucket;
  readonly removalPolicy: RemovalPolicy;
  readonly transitionToInfrequentAccessAfter: Duration;
}

/**
 * The buckets of the lake: data and errors, Athena query results, and their server access logs.
 *
 * The access-logs bucket is always RETAINed, never auto-emptied: S3 delivers server access logs late
 * (best effort, https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html) and keeps doing
 * so after CDK's auto-delete emptied it, so deleting it fails the stack delete with BucketNotEmpty
 * (aws/aws-cdk#16332, aws/aws-cdk#21776). In a disposable stack (DESTROY) its logs expire after two
 * weeks instead of a year, so what a delete leaves behind empties itself.
 */
export class LakeBuckets extends Construct {
  /** Server access logs of the lake and results buckets (it cannot log to itself); retained on delete. */
  readonly accessLogsBucket: s3.Bucket;
  /** The lake: partitioned data under the data prefix, failed records under `errors/`. */
  readonly lakeBucket: s3.IBucket;
  /** Athena query results; they expire after 30 days. */
  readonly resultsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, options: LakeBucketsOptions) {
    super(scope, id);
    const destroy = options.removalPolicy === RemovalPolicy.DESTROY;
    const secure: s3.BucketProps = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy: options.removalPolicy,
      autoDeleteObjects: destroy,
    };
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      ...secure,
      removalPolicy: RemovalPolicy.RETAIN,
      autoDeleteObjects: false,
      lifecycleRules: [
        {
          expiration: Duration.days(
            destroy ? DISPOSABLE_ACCESS_LOGS_RETENTION_DAYS : ACCESS_LOGS_RETENTION_DAYS,
          ),
        },
      ],
    });
    const keepErrorsForever = options.errorRetention.toDays({ integral: false }) === 0;
    this.lakeBucket =
      options.existingBucketObj ??
      new s3.Bucket(this, 'Lake', {
        ...secure,
        versioned: true,
        serverAccessLogsBucket: this.accessLogsBucket,
        serverAccessLogsPrefix: 'lake/',
        lifecycleRules: [
          ...(keepErrorsForever
            ? []
            : [{ id: 'expire-errors', prefix: ERROR_PREFIX_ROOT, expiration: options.errorRetention }]),
          {
            id: 'data-to-infrequent-access',
            prefix: options.dataPrefix,
            transitions: [
              {
                storageClass: s3.StorageClass.INFREQUENT_ACCESS,
                transitionAfter: options.transitionToInfrequentAccessAfter,
              },
            ],
          },
          {
            id: 'tidy-up',
            abortIncompleteMultipartUploadAfter: Duration.days(7),
            noncurrentVersionExpiration: Duration.days(30),
          },
        ],
        ...options.bucketProps,
      });
    this.resultsBucket = new s3.Bucket(this, 'AthenaResults', {
      ...secure,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'athena-results/',
      lifecycleRules: [
        { expiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }
}
