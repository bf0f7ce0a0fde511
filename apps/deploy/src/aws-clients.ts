import type { AthenaClient } from '@aws-sdk/client-athena';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { CredentialsProvider } from './aws-credentials';

export interface AwsClients {
  readonly athena: AthenaClient;
  readonly cloudFormation: CloudFormationClient;
  readonly dynamodb: DynamoDBClient;
  readonly firehose: FirehoseClient;
  readonly kinesis: KinesisClient;
  readonly s3: S3Client;
  readonly sfn: SFNClient;
}

/**
 * One client per service the operator commands use, sharing one credential provider. Loaded on demand:
 * the SDK takes seconds to load, which `--help`, a bad flag or missing credentials should not wait for.
 */
export async function createAwsClients(config: {
  region: string;
  credentials: CredentialsProvider;
}): Promise<AwsClients> {
  const [athena, cloudFormation, dynamodb, firehose, kinesis, s3, sfn] = await Promise.all([
    import('@aws-sdk/client-athena'),
    import('@aws-sdk/client-cloudformation'),
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/client-firehose'),
    import('@aws-sdk/client-kinesis'),
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/client-sfn'),
  ]);
  return {
    athena: new athena.AthenaClient(config),
    cloudFormation: new cloudFormation.CloudFormationClient(config),
    dynamodb: new dynamodb.DynamoDBClient(config),
    firehose: new firehose.FirehoseClient(config),
    kinesis: new kinesis.KinesisClient(config),
    s3: new s3.S3Client(config),
    sfn: new sfn.SFNClient(config),
  };
}
