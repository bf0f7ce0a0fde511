import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PIPE_PARTITION_KEY_PATH, STARTING_POSITION, STARTING_POSITIONS } from './constants';
import { InvalidPropError } from './errors';
import type { CapturePipeOptions } from './types';

export interface CapturePipeProps extends CapturePipeOptions {
  readonly table: dynamodb.ITable;
  readonly stream: kinesis.IStream;
  /** Retention and removal policy of its log group. */
  readonly logGroupProps: logs.LogGroupProps;
}

/**
 * EventBridge Pipe from the table's DynamoDB stream to the Kinesis Data Stream, one Kinesis record per
 * change, partitioned by `orderId` so each order's changes stay ordered on one shard.
 *
 * The stable L1 `CfnPipe` with an explicit role, not the Pipes alpha modules: those stop at 2.175 on
 * the registry, pinning them would hold aws-cdk-lib back a hundred releases, and the L1 lets every
 * permission be written out and reviewed. Retries and record age are bounded (the service default is
 * -1, forever), and batches that still fail are described in an encrypted SQS dead-letter queue.
 */
export class CapturePipe extends Construct {
  readonly deadLetterQueue: sqs.Queue;
  readonly logGroup: logs.LogGroup;
  readonly pipe: pipes.CfnPipe;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: CapturePipeProps) {
    super(scope, id);
    const options = validated(props);
    const streamArn = props.table.tableStreamArn!;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.logGroup = new logs.LogGroup(this, 'LogGroup', props.logGroupProps);

    const account = Stack.of(this).account;
    this.role = new iam.Role(this, 'Role', {
      description: 'Lets the capture Pipe read the orders stream and write to the change stream',
      // aws:SourceAccount keeps other accounts' pipes from using this role (confused deputy).
      assumedBy: new iam.PrincipalWithConditions(new iam.ServicePrincipal('pipes.amazonaws.com'), {
        StringEquals: { 'aws:SourceAccount': account },
      }),
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadOrdersStream',
        actions: [
          'dynamodb:DescribeStream',
          'dynamodb:GetRecords',
          'dynamodb:GetShardIterator',
          'dynamodb:ListStreams',
        ],
        resources: [streamArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteChangeStream',
        actions: ['kinesis:PutRecord', 'kinesis:PutRecords'],
        resources: [props.stream.streamArn],
      }),
    );
    props.stream.encryptionKey?.grantEncrypt(this.role);
    props.table.encryptionKey?.grantDecrypt(this.role);
    this.deadLetterQueue.grantSendMessages(this.role);
    this.logGroup.grantWrite(this.role);

    this.pipe = new pipes.CfnPipe(this, 'Resource', {
      description: 'Orders table stream to the change stream',
      roleArn: this.role.roleArn,
      source: streamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: options.startingPosition,
          batchSize: options.batchSize,
          maximumBatchingWindowInSeconds: options.maximumBatchingWindow.toSeconds(),
          maximumRetryAttempts: options.maximumRetryAttempts,
          maximumRecordAgeInSeconds: options.maximumRecordAge.toSeconds(),
          // Halve failing batches so one bad record cannot hold its neighbours back.
          onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
          deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
        },
      },
      target: props.stream.streamArn,
      targetParameters: { kinesisStreamParameters: { partitionKey: PIPE_PARTITION_KEY_PATH } },
      logConfiguration: {
        level: 'ERROR',
        cloudwatchLogsLogDestination: { logGroupArn: this.logGroup.logGroupArn },
      },
      desiredState: 'RUNNING',
    });
    // The Pipe validates its role when it is created: the policy must exist first.
    this.pipe.node.addDependency(this.role);
  }
}

function validated(props: CapturePipeOptions): Required<CapturePipeOptions> {
  const options = {
    batchSize: props.batchSize ?? 100,
    maximumBatchingWindow: props.maximumBatchingWindow ?? Duration.seconds(1),
    maximumRecordAge: props.maximumRecordAge ?? Duration.hours(12),
    maximumRetryAttempts: props.maximumRetryAttempts ?? 10,
    startingPosition: props.startingPosition ?? STARTING_POSITION.TRIM_HORIZON,
  };
  const field = (name: keyof CapturePipeOptions) => `capturePipeOptions.${name}`;
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1 || options.batchSize > 10_000) {
    throw new InvalidPropError(field('batchSize'), options.batchSize, 'must be an integer from 1 to 10000');
  }
  const window = options.maximumBatchingWindow.toSeconds();
  if (window < 0 || window > 300) {
    throw new InvalidPropError(field('maximumBatchingWindow'), `${window} s`, 'must be 0 to 300 seconds');
  }
  const age = options.maximumRecordAge.toSeconds();
  if (age < 60 || age > 604_800) {
    throw new InvalidPropError(field('maximumRecordAge'), `${age} s`, 'must be 60 seconds to 7 days');
  }
  const retries = options.maximumRetryAttempts;
  if (!Number.isInteger(retries) || retries < 0 || retries > 10_000) {
    throw new InvalidPropError(field('maximumRetryAttempts'), retries, 'must be an integer from 0 to 10000');
  }
  if (!(STARTING_POSITIONS as readonly string[]).includes(options.startingPosition)) {
    throw new InvalidPropError(
      field('startingPosition'),
      options.startingPosition,
      `must be one of ${STARTING_POSITIONS.join(', ')}`,
    );
  }
  return options;
}
