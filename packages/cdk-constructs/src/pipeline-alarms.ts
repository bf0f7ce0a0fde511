import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as pipes from 'aws-cdk-lib/aws-pipes';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface PipelineAlarmsProps {
  readonly alarmTopic?: sns.ITopic;
  /** Set when Firehose converts to Parquet: conversion failures get an alarm. */
  readonly convertsToParquet: boolean;
  readonly deadLetterQueue?: sqs.IQueue;
  readonly deliveryStream: firehose.IDeliveryStream;
  /** How long a record may wait in Firehose's buffer before freshness alarms. */
  readonly freshnessThreshold: Duration;
  readonly pipe?: pipes.CfnPipe;
  readonly stream: kinesis.IStream;
  readonly table: dynamodb.ITable;
  readonly transformer: lambda.IFunction;
}

const PERIOD = Duration.minutes(5);

/** Pipeline metrics used by both the alarms and the dashboard. */
export function pipelineMetrics(props: PipelineAlarmsProps) {
  const firehoseMetric = (name: string, statistic: string) =>
    props.deliveryStream.metric(name, { statistic, period: PERIOD });
  const pipeMetric = (name: string) =>
    new cloudwatch.Metric({
      namespace: 'AWS/EventBridge/Pipes',
      metricName: name,
      dimensionsMap: { PipeName: props.pipe?.ref ?? '' },
      statistic: 'Sum',
      period: PERIOD,
    });
  const tableMetric = (name: string) =>
    new cloudwatch.Metric({
      namespace: 'AWS/DynamoDB',
      metricName: name,
      dimensionsMap: { TableName: props.table.tableName },
      statistic: 'Sum',
      period: PERIOD,
    });
  return {
    tableWriteThrottles: tableMetric('WriteThrottleEvents'),
    tableConsumedWrites: tableMetric('ConsumedWriteCapacityUnits'),
    pipeInvocations: props.pipe ? pipeMetric('Invocations') : undefined,
    pipeFailures: props.pipe ? pipeMetric('ExecutionFailed') : undefined,
    deadLetterMessages: props.deadLetterQueue?.metricApproximateNumberOfMessagesVisible({ period: PERIOD }),
    streamIncomingRecords: props.stream.metricIncomingRecords({ period: PERIOD, statistic: 'Sum' }),
    streamIteratorAge: props.stream.metricGetRecordsIteratorAgeMilliseconds({
      period: PERIOD,
      statistic: 'Maximum',
    }),
    streamWriteThrottles: props.stream.metricWriteProvisionedThroughputExceeded({
      period: PERIOD,
      statistic: 'Sum',
    }),
    firehoseIncomingRecords: firehoseMetric('IncomingRecords', 'Sum'),
    firehoseProcessingSuccess: firehoseMetric('ExecuteProcessing.Success', 'Average'),
    firehoseDeliverySuccess: firehoseMetric('DeliveryToS3.Success', 'Average'),
    firehoseDataFreshness: firehoseMetric('DeliveryToS3.DataFreshness', 'Maximum'),
    firehoseConversionFailures: firehoseMetric('FailedConversion.Records', 'Sum'),
    firehoseProcessingFailedRecords: firehoseMetric('ExecuteProcessing.Records', 'Sum'),
    lambdaInvocations: props.transformer.metricInvocations({ period: PERIOD }),
    lambdaErrors: props.transformer.metricErrors({ period: PERIOD }),
    lambdaThrottles: props.transformer.metricThrottles({ period: PERIOD }),
    lambdaDuration: props.transformer.metricDuration({ period: PERIOD, statistic: 'p99' }),
  };
}

/**
 * The pipeline's alarms: each says one thing is wrong. "Any" alarms fire on a single event; missing
 * data is fine (a quiet pipeline is not a broken one).
 */
export class PipelineAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly topic: sns.ITopic | undefined;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    this.topic = props.alarmTopic;
    const m = pipelineMetrics(props);
    const above = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string) =>
      this.add(name, metric, threshold, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD, description);
    const below = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string) =>
      this.add(name, metric, threshold, cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD, description);

    above('TableWriteThrottles', m.tableWriteThrottles, 0, 'The orders table throttled writes');
    above(
      'StreamIteratorAge',
      m.streamIteratorAge,
      Duration.minutes(10).toMilliseconds(),
      'Firehose is more than 10 minutes behind the change stream',
    );
    above('StreamWriteThrottles', m.streamWriteThrottles, 0, 'The change stream throttled writes');
    if (m.pipeFailures)
      above('PipeFailures', m.pipeFailures, 0, 'The capture Pipe failed to deliver a batch');
    if (m.deadLetterMessages) {
      above(
        'PipeDeadLetters',
        m.deadLetterMessages,
        0,
        'Stream batches were given up and described in the DLQ',
      );
    }
    below(
      'FirehoseProcessingFailures',
      m.firehoseProcessingSuccess,
      1,
      'Transformer invocations by Firehose failed',
    );
    below(
      'FirehoseDeliveryFailures',
      m.firehoseDeliverySuccess,
      1,
      'Firehose failed to write to the lake bucket',
    );
    above(
      'FirehoseDataFreshness',
      m.firehoseDataFreshness,
      props.freshnessThreshold.toSeconds(),
      'Records wait in Firehose much longer than its buffering interval',
    );
    if (props.convertsToParquet) {
      above(
        'FirehoseConversionFailures',
        m.firehoseConversionFailures,
        0,
        'Lake rows failed Parquet conversion',
      );
    }
    above('TransformerErrors', m.lambdaErrors, 0, 'The transformer Lambda failed');
    above('TransformerThrottles', m.lambdaThrottles, 0, 'The transformer Lambda was throttled');
  }

  private add(
    id: string,
    metric: cloudwatch.IMetric,
    threshold: number,
    comparisonOperator: cloudwatch.ComparisonOperator,
    description: string,
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      comparisonOperator,
      evaluationPeriods: 1,
      alarmDescription: description,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (this.topic) {
      alarm.addAlarmAction(new actions.SnsAction(this.topic));
      alarm.addOkAction(new actions.SnsAction(this.topic));
    }
    this.alarms.push(alarm);
  }
}
