import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { OUTPUT } from '../../src/stack-outputs';

// One synth per configuration: each costs seconds, and cdk-nag runs in every one of them.
describe('the deploy app, default dev stage', () => {
  let built: ReturnType<typeof buildApp>;
  let template: Template;
  beforeAll(() => {
    built = buildApp({ env: {} });
    // Throws if cdk-nag reports any unacknowledged finding.
    const assembly = built.app.synth();
    template = Template.fromJSON(assembly.getStackByName('CdcSales-dev').template);
  });

  it('synthesizes CdcSales-dev with cdk-nag passing, account-agnostic when no account is known', () => {
    expect(built.stack.stackName).toBe('CdcSales-dev');
    expect(built.stack.region).toBe('eu-west-1');
    expect(built.config.account).toBeUndefined();
    template.resourceCountIs('AWS::Pipes::Pipe', 1);
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 1);
  });

  it('names the stage resources and makes them disposable', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: { TableName: 'OrdersRawTable-dev' },
      DeletionPolicy: 'Delete',
    });
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'cdc-sales-dev',
      RecursiveDeleteOption: true,
    });
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'cdc_sales_dev' } });
  });

  it('has an alarm topic for every alarm, without a subscription when no e-mail is set', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0]!;
    template.hasOutput(OUTPUT.alarmTopicArn, { Value: { Ref: topic } });
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
    }
  });

  it('lets destroy delete everything but the access-logs bucket, whose logs expire in 14 days', () => {
    type Resource = {
      Type: string;
      DeletionPolicy?: string;
      Properties?: { LogGroupName?: { Ref: string }; LifecycleConfiguration?: { Rules: unknown[] } };
    };
    const resources = template.toJSON().Resources as Record<string, Resource>;
    const deleted = (id: string) => resources[id]?.DeletionPolicy !== 'Retain';
    const retained = Object.entries(resources).filter(
      ([, resource]) =>
        resource.DeletionPolicy === 'Retain' &&
        // A log stream goes with its log group.
        !(resource.Type === 'AWS::Logs::LogStream' && deleted(resource.Properties?.LogGroupName?.Ref ?? '')),
    );
    expect(retained.map(([, resource]) => resource.Type)).toEqual(['AWS::S3::Bucket']);
    expect(retained[0]![1].Properties?.LifecycleConfiguration?.Rules).toEqual([
      { ExpirationInDays: 14, Status: 'Enabled' },
    ]);
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 2);
  });

  it('writes every output the operator commands read', () => {
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual(Object.values(OUTPUT).sort());
    template.hasOutput(OUTPUT.captureMode, { Value: 'eventbridge-pipe' });
    template.hasOutput(OUTPUT.errorPrefix, { Value: 'errors/' });
    template.hasOutput(OUTPUT.backfillExportPrefix, { Value: 'exports/' });
    const [machine] = Object.entries(template.findResources('AWS::StepFunctions::StateMachine')).find(
      ([, resource]) => JSON.stringify(resource.Properties.DefinitionString).includes('ExportFiles'),
    )!;
    template.hasOutput(OUTPUT.backfillStateMachineArn, { Value: { Ref: machine } });
  });
});

describe('the deploy app, prod stage with Kinesis destination, JSON and alarm e-mail', () => {
  let template: Template;
  beforeAll(() => {
    const { app } = buildApp({
      context: {
        stage: 'prod',
        captureMode: 'kinesis-destination',
        outputFormat: 'json',
        alarmEmail: 'ops@example.com',
      },
      env: { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-central-1' },
    });
    template = Template.fromJSON(app.synth().getStackByName('CdcSales-prod').template);
  });

  it('keeps the data of prod and protects its table', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: { TableName: 'OrdersRawTable', DeletionProtectionEnabled: true },
      DeletionPolicy: 'Retain',
    });
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
  });

  it('subscribes the alarm e-mail to the alarm topic and has no Pipe or DLQ output', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0]!;
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: topic },
    });
    template.resourceCountIs('AWS::Pipes::Pipe', 0);
    expect(template.toJSON().Outputs[OUTPUT.deadLetterQueueUrl]).toBeUndefined();
    template.hasOutput(OUTPUT.outputFormat, { Value: 'json' });
  });
});
