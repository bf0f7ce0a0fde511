import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

import type { LakeDeliveryStream } from './delivery-stream';
import type { LakeBuckets } from './lake-buckets';
import { acknowledge, wildcardFinding } from './nag-acknowledgements';

export interface AcknowledgedParts {
  readonly buckets: LakeBuckets;
  readonly deadLetterQueue?: sqs.IQueue;
  readonly delivery: LakeDeliveryStream;
  readonly transformer: lambda.IFunction;
}

/**
 * The cdk-nag AwsSolutions findings the pipeline accepts, each by its exact finding id and with its
 * reason. Everything else the checks ask for is built in; a new finding fails `cdk synth`.
 */
export function acknowledgeFindings(parts: AcknowledgedParts): void {
  const { buckets, delivery } = parts;
  acknowledge(
    delivery,
    ['AwsSolutions-KDF1'],
    'Firehose cannot encrypt server-side when its source is a Kinesis Data Stream; the source stream is ' +
      'KMS-encrypted and the lake bucket encrypts every object at rest.',
  );
  acknowledge(
    delivery,
    ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map(
      (action) => `AwsSolutions-IAM5[Action::${action}]`,
    ),
    "The Firehose L2 grants its destination role the bucket's read-write action groups; they are scoped to the " +
      'lake bucket only.',
  );
  acknowledge(
    delivery,
    [wildcardFinding(delivery, `${buckets.lakeBucket.bucketArn}/*`)],
    'Firehose writes objects under keys it generates (partitions, timestamps), so it needs every key of the lake bucket.',
  );
  acknowledge(
    delivery,
    [wildcardFinding(delivery, `${parts.transformer.functionArn}:*`)],
    'Firehose may invoke any version or alias of the transformer function; the function itself is named.',
  );
  acknowledge(
    delivery,
    ['AwsSolutions-IAM5[Resource::*]'],
    "Parquet conversion calls glue:GetSchemaVersion, which has no resource-level permissions (as in AWS's own " +
      'example); glue:GetTable is scoped to the lake table.',
  );
  if (parts.deadLetterQueue) {
    acknowledge(
      parts.deadLetterQueue,
      ['AwsSolutions-SQS3'],
      'This queue is itself the dead-letter queue of the capture Pipe.',
    );
  }
}
