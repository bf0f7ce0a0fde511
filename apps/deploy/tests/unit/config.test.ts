import { describe, expect, it } from 'vitest';
import { resolveDeployConfig, stackNameOf } from '../../src/config';
import { InvalidSettingError } from '../../src/errors';

const noContext = () => undefined;

describe('resolveDeployConfig', () => {
  it('defaults to a dev stage in eu-west-1, Pipe capture, Parquet, no account and no alarm e-mail', () => {
    expect(resolveDeployConfig(noContext, {})).toEqual({
      stage: 'dev',
      region: 'eu-west-1',
      account: undefined,
      captureMode: 'eventbridge-pipe',
      outputFormat: 'parquet',
      alarmEmail: undefined,
    });
    expect(stackNameOf('dev')).toBe('CdcSales-dev');
  });

  it('reads the environment, and CDK context wins over it', () => {
    const env = {
      CDC_STAGE: 'qa',
      CDK_DEFAULT_REGION: 'us-east-1',
      CDK_DEFAULT_ACCOUNT: '123456789012',
      CDC_CAPTURE_MODE: 'kinesis-destination',
      CDC_OUTPUT_FORMAT: 'json',
      CDC_ALARM_EMAIL: 'ops@example.com',
    };
    expect(resolveDeployConfig(noContext, env)).toEqual({
      stage: 'qa',
      region: 'us-east-1',
      account: '123456789012',
      captureMode: 'kinesis-destination',
      outputFormat: 'json',
      alarmEmail: 'ops@example.com',
    });
    const context: Record<string, string> = {
      stage: 'prod',
      region: 'eu-central-1',
      outputFormat: 'parquet',
    };
    expect(resolveDeployConfig((key) => context[key], env)).toMatchObject({
      stage: 'prod',
      region: 'eu-central-1',
      outputFormat: 'parquet',
      captureMode: 'kinesis-destination',
    });
    expect(resolveDeployConfig(noContext, { AWS_REGION: 'ap-southeast-2' }).region).toBe('ap-southeast-2');
  });

  it.each([
    [
      { stage: 'Prod' },
      'stage (context stage or CDC_STAGE) must be lower case letters, digits and "-", starting with a letter, at most 20, got "Prod"',
    ],
    [
      { region: 'europe' },
      'region (context region or CDK_DEFAULT_REGION) must be an AWS region such as eu-west-1, got "europe"',
    ],
    [
      { account: '1234' },
      'account (context account or CDK_DEFAULT_ACCOUNT) must be a 12-digit AWS account id, got "1234"',
    ],
    [
      { captureMode: 'streams' },
      'captureMode (context captureMode or CDC_CAPTURE_MODE) must be one of eventbridge-pipe, kinesis-destination, got "streams"',
    ],
    [
      { outputFormat: 'csv' },
      'outputFormat (context outputFormat or CDC_OUTPUT_FORMAT) must be one of parquet, json, got "csv"',
    ],
    [
      { alarmEmail: 'ops' },
      'alarmEmail (context alarmEmail or CDC_ALARM_EMAIL) must be an e-mail address, got "ops"',
    ],
  ])('refuses %j', (context, message) => {
    const read = () => resolveDeployConfig((key) => (context as Record<string, string>)[key], {});
    expect(read).toThrow(InvalidSettingError);
    expect(read).toThrow(message);
  });
});
