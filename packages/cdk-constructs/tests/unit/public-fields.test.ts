import * as schema from '@org/order-schema';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { CAPTURE_MODE, CAPTURE_MODES, OUTPUT_FORMAT, OUTPUT_FORMATS } from '../../src/index';
import { type Deployed, deploy, resourcesOf } from '../helpers/synth';

const idOf = (deployed: Deployed, construct: { node: { defaultChild?: unknown } }) =>
  deployed.stack.getLogicalId((construct.node.defaultChild ?? construct) as never);
const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

describe('the roles and log groups CdcSalesPipeline creates, as public fields', () => {
  let full: Deployed;
  let lean: Deployed;
  beforeAll(() => {
    full = deploy();
    lean = deploy(
      {
        captureMode: CAPTURE_MODE.KINESIS_DESTINATION,
        createCurrentStateTable: false,
        createCurrentStateView: false,
      },
      (stack) => ({
        existingLambdaObj: lambda.Function.fromFunctionArn(
          stack,
          'Transformer',
          'arn:aws:lambda:eu-west-1:123456789012:function:transformer',
        ),
        existingAlarmTopic: new sns.Topic(stack, 'Alarms', { enforceSSL: true }),
      }),
    );
  });

  it('are the ones the transformer, the Pipe and the view statement run with and log to', () => {
    const { pipeline } = full;
    const functions = resourcesOf(full.template, 'AWS::Lambda::Function');
    expect(functions[idOf(full, pipeline.transformerFunction)]!.Properties).toMatchObject({
      Role: arnOf(idOf(full, pipeline.transformerRole!)),
      LoggingConfig: { LogGroup: { Ref: idOf(full, pipeline.transformerLogGroup!) } },
    });
    const pipe = resourcesOf(full.template, 'AWS::Pipes::Pipe')[idOf(full, pipeline.capturePipe!)]!
      .Properties;
    expect(pipe.RoleArn).toEqual(arnOf(idOf(full, pipeline.capturePipeRole!)));
    expect(pipe.LogConfiguration.CloudwatchLogsLogDestination.LogGroupArn).toEqual(
      arnOf(idOf(full, pipeline.capturePipeLogGroup!)),
    );
    const statementFunctions = Object.values(functions).filter(
      (fn) => fn.Properties.Role?.['Fn::GetAtt']?.[0] === idOf(full, pipeline.currentStateViewRole!),
    );
    expect(statementFunctions).toHaveLength(2);
    expect(pipeline.currentStateViewRole).toBe(pipeline.currentStateView!.role);
    expect(pipeline.currentStateViewLogGroup).toBe(pipeline.currentStateView!.logGroup);
    const delivery = resourcesOf(full.template, 'AWS::KinesisFirehose::DeliveryStream')[
      idOf(full, pipeline.deliveryStream)
    ]!.Properties;
    expect(delivery.KinesisStreamSourceConfiguration.RoleARN).toEqual(
      arnOf(idOf(full, pipeline.deliveryStreamRole)),
    );
    expect(delivery.ExtendedS3DestinationConfiguration.RoleARN).toEqual(
      arnOf(idOf(full, pipeline.deliveryStreamDestinationRole)),
    );
    expect(delivery.ExtendedS3DestinationConfiguration.CloudWatchLoggingOptions.LogGroupName).toEqual({
      Ref: idOf(full, pipeline.deliveryStreamLogGroup),
    });
    const topic = resourcesOf(full.template, 'AWS::SNS::Topic')[idOf(full, pipeline.alarmTopic as never)]!;
    expect(topic.Properties.KmsMasterKeyId).toEqual(arnOf(idOf(full, pipeline.alarmTopicKey!)));
  });

  it('are left undefined for the parts the pipeline does not create', () => {
    const { pipeline } = lean;
    expect(pipeline.transformerRole).toBeUndefined();
    expect(pipeline.transformerLogGroup).toBeUndefined();
    expect(pipeline.capturePipeRole).toBeUndefined();
    expect(pipeline.capturePipeLogGroup).toBeUndefined();
    expect(pipeline.currentStateViewRole).toBeUndefined();
    expect(pipeline.currentStateViewLogGroup).toBeUndefined();
    expect(pipeline.alarmTopicKey).toBeUndefined();
    expect(pipeline.currentStateTable).toBeUndefined();
    // Firehose is always the pipeline's own.
    expect(pipeline.deliveryStreamRole).toBeDefined();
    expect(pipeline.deliveryStreamDestinationRole).toBeDefined();
    expect(pipeline.deliveryStreamLogGroup).toBeDefined();
    expect(Object.keys(resourcesOf(lean.template, 'AWS::Logs::LogGroup'))).toEqual([
      idOf(lean, pipeline.deliveryStreamLogGroup),
    ]);
  });
});

describe('capture modes and output formats', () => {
  it('are those of @org/order-schema, spelled as the props take them', () => {
    expect([CAPTURE_MODE, CAPTURE_MODES, OUTPUT_FORMAT, OUTPUT_FORMATS]).toEqual([
      schema.CAPTURE_MODE,
      schema.CAPTURE_MODES,
      schema.OUTPUT_FORMAT,
      schema.OUTPUT_FORMATS,
    ]);
    expect(CAPTURE_MODE).toBe(schema.CAPTURE_MODE);
    expect(OUTPUT_FORMAT).toBe(schema.OUTPUT_FORMAT);
    expect(CAPTURE_MODES).toEqual(['eventbridge-pipe', 'kinesis-destination']);
    expect(OUTPUT_FORMATS).toEqual(['parquet', 'json']);
  });
});
