import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';

export interface AlarmTopicOptions {
  readonly alarmEmail?: string;
  readonly existingAlarmTopic?: sns.ITopic;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The SNS topic every alarm notifies: the given one, or a new one that only accepts TLS and encrypts
 * at rest with its own rotated KMS key. A customer managed key, because CloudWatch can only publish to
 * an encrypted topic whose key policy lets `cloudwatch.amazonaws.com` use it, and the AWS managed
 * `aws/sns` key's policy cannot be changed
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
 * `alarmEmail` subscribes an address to the new topic.
 */
export function buildAlarmTopic(
  scope: Construct,
  options: AlarmTopicOptions,
): { topic: sns.ITopic; key?: kms.Key } {
  if (options.existingAlarmTopic) return { topic: options.existingAlarmTopic };
  const account = Stack.of(scope).account;
  // Only this account's CloudWatch, so another account's alarms cannot use the key or the topic.
  const fromOurCloudWatch = {
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    conditions: { StringEquals: { 'aws:SourceAccount': account } },
  };
  const key = new kms.Key(scope, 'AlarmTopicKey', {
    description: 'Encrypts the alarm notifications of the CDC sales pipeline',
    enableKeyRotation: true,
    removalPolicy: options.removalPolicy,
    // A disposable stack's key is gone a week after the stack (the shortest wait KMS allows).
    ...(options.removalPolicy === RemovalPolicy.DESTROY ? { pendingWindow: Duration.days(7) } : {}),
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      ...fromOurCloudWatch,
      sid: 'CloudWatchAlarmsEncryptNotifications',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }),
  );
  const topic = new sns.Topic(scope, 'AlarmTopic', {
    displayName: 'CDC sales pipeline alarms',
    masterKey: key,
    enforceSSL: true,
  });
  topic.addToResourcePolicy(
    new iam.PolicyStatement({
      ...fromOurCloudWatch,
      sid: 'CloudWatchAlarmsPublish',
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
    }),
  );
  if (options.alarmEmail) topic.addSubscription(new subscriptions.EmailSubscription(options.alarmEmail));
  return { topic, key };
}
