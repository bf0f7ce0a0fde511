import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  DEFAULT_METRICS_NAMESPACE,
  DEFAULT_SERVICE_NAME,
  METRIC,
  METRICS_SERVICE_DIMENSION,
} from '@org/cdc-transformer';
import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Cfn, type Deployed, deploy, resourcesOf } from '../helpers/synth';

const run = promisify(execFile);
const packageDir = join(import.meta.dirname, '..', '..');

const logicalId = (deployed: Deployed, construct: { node: { defaultChild?: unknown } }) =>
  deployed.stack.getLogicalId((construct.node.defaultChild ?? construct) as never);

function alarmOn(deployed: Deployed, metricName: string): Record<string, Cfn> {
  const alarms = Object.values(resourcesOf(deployed.template, 'AWS::CloudWatch::Alarm'))
    .map((alarm) => alarm.Properties)
    .filter((alarm) => alarm.MetricName === metricName);
  expect(alarms).toHaveLength(1);
  return alarms[0]!;
}

/** A Firehose event of one record that is not JSON: the transformer returns it as ProcessingFailed. */
const EVENT_WITH_A_FAILED_RECORD = {
  invocationId: 'invocation-1',
  deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/lake',
  sourceKinesisStreamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/changes',
  region: 'eu-west-1',
  records: [
    {
      recordId: 'record-1',
      approximateArrivalTimestamp: 1_795_000_000_000,
      data: Buffer.from('{ not json').toString('base64'),
      kinesisRecordMetadata: {
        shardId: 'shardId-000000000000',
        partitionKey: 'ord-000001',
        approximateArrivalTimestamp: 1_795_000_000_000,
        sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
        subsequenceNumber: 0,
      },
    },
  ],
};

/** Runs the real handler in a fresh Node process with exactly `environment`, and returns its EMF blobs. */
async function emfOfTheRealHandler(environment: Record<string, string>) {
  const script = `
    const { handler } = await import('@org/cdc-transformer/lambda');
    await handler(JSON.parse(process.argv[1]), {
      functionName: 'transformer', functionVersion: '$LATEST', memoryLimitInMB: '512',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:transformer',
      awsRequestId: 'request-1', getRemainingTimeInMillis: () => 60000,
    });`;
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify(EVENT_WITH_A_FAILED_RECORD)],
    { cwd: packageDir, env: { PATH: process.env.PATH ?? '', ...environment } },
  );
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, Cfn>)
    .filter((line) => '_aws' in line);
}

describe.each([
  ['with the default Powertools settings', {}],
  [
    'with the namespace and service overridden through lambdaFunctionProps',
    {
      lambdaFunctionProps: {
        environment: { POWERTOOLS_METRICS_NAMESPACE: 'Sales/Orders', POWERTOOLS_SERVICE_NAME: 'orders-cdc' },
      },
      failedRecordsThreshold: 5,
    },
  ],
])('the failed-records alarm %s', (_name, props) => {
  let deployed: Deployed;
  beforeAll(() => {
    deployed = deploy(props);
  });

  it('watches RecordsFailed under the namespace and service the construct gives the Lambda', () => {
    const alarm = alarmOn(deployed, METRIC.RECORDS_FAILED);
    const fn = resourcesOf(deployed.template, 'AWS::Lambda::Function')[
      logicalId(deployed, deployed.pipeline.transformerFunction)
    ]!.Properties;
    const environment = fn.Environment.Variables;
    expect(alarm).toMatchObject({
      Namespace: environment.POWERTOOLS_METRICS_NAMESPACE,
      MetricName: METRIC.RECORDS_FAILED,
      Dimensions: [{ Name: METRICS_SERVICE_DIMENSION, Value: environment.POWERTOOLS_SERVICE_NAME }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 'failedRecordsThreshold' in props ? props.failedRecordsThreshold : 0,
    });
    if (!('lambdaFunctionProps' in props)) {
      expect(environment).toMatchObject({
        POWERTOOLS_METRICS_NAMESPACE: DEFAULT_METRICS_NAMESPACE,
        POWERTOOLS_SERVICE_NAME: DEFAULT_SERVICE_NAME,
      });
    }
  });

  it('matches the EMF the real handler prints with that environment: namespace, metric and every dimension', async () => {
    const alarm = alarmOn(deployed, METRIC.RECORDS_FAILED);
    const fn = resourcesOf(deployed.template, 'AWS::Lambda::Function')[
      logicalId(deployed, deployed.pipeline.transformerFunction)
    ]!.Properties;
    const blobs = await emfOfTheRealHandler(fn.Environment.Variables);
    const failed = blobs.filter((blob) =>
      blob._aws.CloudWatchMetrics.some((directive: Cfn) =>
        directive.Metrics.some((metric: { Name: string }) => metric.Name === alarm.MetricName),
      ),
    );
    expect(failed).toHaveLength(1);
    const blob = failed[0]!;
    expect(blob[alarm.MetricName]).toBe(1);
    const [directive] = blob._aws.CloudWatchMetrics;
    expect(directive.Namespace).toBe(alarm.Namespace);
    // CloudWatch matches a metric by its exact dimension set: the alarm's must be the one published.
    const names = (dimensions: string[]) => [...dimensions].sort();
    expect(directive.Dimensions.map(names)).toEqual([
      names(alarm.Dimensions.map((dimension: Cfn) => dimension.Name)),
    ]);
    for (const dimension of alarm.Dimensions) expect(blob[dimension.Name]).toBe(dimension.Value);
  });
});

describe('the alarm topic', () => {
  let plain: Deployed;
  let withEmail: Deployed;
  beforeAll(() => {
    plain = deploy();
    withEmail = deploy({ alarmEmail: 'ops@example.com', errorRetention: Duration.days(120) });
  });

  it('is created, TLS-only, encrypted with a rotated key that only this account’s CloudWatch may use', () => {
    const topicId = logicalId(plain, plain.pipeline.alarmTopic as never);
    const topic = resourcesOf(plain.template, 'AWS::SNS::Topic')[topicId]!.Properties;
    const [keyId, key] = Object.entries(resourcesOf(plain.template, 'AWS::KMS::Key'))[0]!;
    expect(topic.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement).toContainEqual({
      Sid: 'CloudWatchAlarmsEncryptNotifications',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
    });
    plain.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Sid: 'CloudWatchAlarmsPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          }),
        ]),
      },
    });
    expect(resourcesOf(plain.template, 'AWS::SNS::Subscription')).toEqual({});
  });

  it('gets an e-mail subscription with alarmEmail, and nothing else changes', () => {
    const topicId = logicalId(withEmail, withEmail.pipeline.alarmTopic as never);
    expect(Object.values(resourcesOf(withEmail.template, 'AWS::SNS::Subscription'))).toEqual([
      {
        Type: 'AWS::SNS::Subscription',
        Properties: { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: { Ref: topicId } },
      },
    ]);
    const alarms = Object.values(resourcesOf(withEmail.template, 'AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(plain.pipeline.alarms.length);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it('leaves errorRetention, when given, as the expiry of errors/', () => {
    const lake = resourcesOf(withEmail.template, 'AWS::S3::Bucket')[
      logicalId(withEmail, withEmail.pipeline.lakeBucket as never)
    ]!.Properties;
    expect(lake.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Id: 'expire-errors', Prefix: 'errors/', ExpirationInDays: 120 }),
    );
  });
});
