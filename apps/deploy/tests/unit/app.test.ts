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
    template.resourceCountIs('AWS::SNS::Topic', 0);
  });

  it('writes every output the operator commands read', () => {
    expect(Object.keys(template.toJSON().Outputs).sort()).toEqual(Object.values(OUTPUT).sort());
    template.hasOutput(OUTPUT.captureMode, { Value: 'eventbridge-pipe' });
    template.hasOutput(OUTPUT.errorPrefix, { Value: 'errors/' });
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

  it('sends alarms to an e-mail subscription and has no Pipe or DLQ output', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    template.resourceCountIs('AWS::Pipes::Pipe', 0);
    expect(template.toJSON().Outputs[OUTPUT.deadLetterQueueUrl]).toBeUndefined();
    template.hasOutput(OUTPUT.outputFormat, { Value: 'json' });
  });
});
