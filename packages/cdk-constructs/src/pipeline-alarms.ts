import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { pipelineMetrics, type WatchedParts } from './pipeline-metrics';

export interface PipelineAlarmsProps extends WatchedParts {
  /** Notified by every alarm, on ALARM and on OK. */
  readonly alarmTopic: sns.ITopic;
  /** Set when Firehose converts to Parquet: conversion failures get an alarm. */
  readonly convertsToParquet: boolean;
  /** Failed transformer records per 5 minutes above which its alarm fires. */
  readonly failedRecordsThreshold: number;
  /** How long a record may wait in Firehose's buffer before freshness alarms. */
  readonly freshnessThreshold: Duration;
}

/**
 * The pipeline's alarms: each says one thing is wrong, and each notifies the alarm topic. "Any" alarms
 * fire on a single event; missing data is fine (a quiet pipeline is not a broken one).
 */
export class PipelineAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    this.action = new actions.SnsAction(props.alarmTopic);
    const m = pipelineMetrics(props);
    const above = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string) =>
      this.add(name, metric, threshold, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD, description);
    const below = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string) =>
      this.add(name, metric, threshold, cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD, description);

    above('TableWriteThrottles', m.tableWriteThrottles, 0, 'The orders table throttled writes');
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
    above('StreamWriteThrottles', m.streamWriteThrottles, 0, 'The change stream throttled writes');
    above(
      'StreamIteratorAge',
      m.streamIteratorAge,
      Duration.minutes(10).toMilliseconds(),
      'Firehose is more than 10 minutes behind the change stream',
    );
    above('TransformerErrors', m.lambdaErrors, 0, 'The transformer Lambda failed');
    above('TransformerThrottles', m.lambdaThrottles, 0, 'The transformer Lambda was throttled');
    above(
      'TransformerFailedRecords',
      m.transformerRecordsFailed,
      props.failedRecordsThreshold,
      'The transformer rejected change records: they are under errors/processing-failed/ until replayed',
    );
    below(
      'FirehoseProcessingFailures',
      m.firehoseProcessingSuccess,
      1,
      'Transformer invocations by Firehose failed: whole batches go to errors/processing-failed/',
    );
    if (props.convertsToParquet) {
      above(
        'FirehoseConversionFailures',
        m.firehoseConversionFailures,
        0,
        'Lake rows failed Parquet conversion: they are under errors/format-conversion-failed/',
      );
    }
    above(
      'FirehosePartitionsExceeded',
      m.firehosePartitionsExceeded,
      0,
      'More than the active-partition limit of dt/hour partitions: records over it go to errors/',
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
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
  }
}
