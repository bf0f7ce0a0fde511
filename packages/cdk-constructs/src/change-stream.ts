import type { RemovalPolicy } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type { Construct } from 'constructs';

export interface ChangeStreamOptions {
  readonly existingStreamObj?: kinesis.IStream;
  readonly kinesisStreamProps?: kinesis.StreamProps;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The Kinesis Data Stream between the capture and Firehose: on-demand (no shards to size), encrypted
 * with the `aws/kinesis` key, which the Pipe, DynamoDB and Firehose can all use without key grants.
 */
export function buildChangeStream(scope: Construct, options: ChangeStreamOptions): kinesis.IStream {
  if (options.existingStreamObj) return options.existingStreamObj;
  return new kinesis.Stream(scope, 'ChangeStream', {
    streamMode: kinesis.StreamMode.ON_DEMAND,
    encryption: kinesis.StreamEncryption.MANAGED,
    removalPolicy: options.removalPolicy,
    ...options.kinesisStreamProps,
  });
}
