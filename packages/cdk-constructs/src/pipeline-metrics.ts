import {
  DEFAULT_METRICS_NAMESPACE,
  DEFAULT_SERVICE_NAME,
  METRIC,
  METRICS_SERVICE_DIMENSION,
} from '@org/cdc-transformer';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as pipes from 'aws-cdk-lib/aws-pipes';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { FIREHOSE_METRIC, type FirehoseMetric } from './constants';

/** Where the transformer publishes its own metrics (Powertools EMF). */
export interface TransformerMetricsSource {
  /** `POWERTOOLS_METRICS_NAMESPACE` of the function. */
  readonly namespace: string;
  /** `POWERTOOLS_SERVICE_NAME` of the function: the value of the `service` dimension. */
  readonly serviceName: string;
}

/** Where the handler publishes when its Powertools environment variables are not set. */
export const HANDLER_DEFAULT_METRICS: TransformerMetricsSource = {
  namespace: DEFAULT_METRICS_NAMESPACE,
  serviceName: DEFAULT_SERVICE_NAME,
};

export interface WatchedParts {
  readonly deadLetterQueue?: sqs.IQueue;
  readonly deliveryStream: firehose.IDeliveryStream;
  readonly pipe?: pipes.CfnPipe;
  readonly stream: kinesis.IStream;
  readonly table: dynamodb.ITable;
  readonly transformer: lambda.IFunction;
  readonly transformerMetrics: TransformerMetricsSource;
}

/** Every alarm and dashboard widget looks at 5-minute periods, Firehose's own publishing interval. */
export const PERIOD = Duration.minutes(5);

/**
 * The pipeline's metrics, shared by the alarms and the dashboard. Firehose metrics are typed to the
 * documented list for a Kinesis source (`FIREHOSE_METRIC`); per-record transformer results are the
 * Lambda's EMF metrics, named from the same constants the handler publishes with.
 */
export function pipelineMetrics(parts: WatchedParts) {
  const firehoseMetric = (name: FirehoseMetric, statistic: string) =>
    parts.deliveryStream.metric(name, { statistic, period: PERIOD });
  const transformerMetric = (name: string) =>
    new cloudwatch.Metric({
      namespace: parts.transformerMetrics.namespace,
      metricName: name,
      dimensionsMap: { [METRICS_SERVICE_DIMENSION]: parts.transformerMetrics.serviceName },
      statistic: 'Sum',
      period: PERIOD,
    });
  const pipeMetric = (name: string) =>
    new cloudwatch.Metric({
      namespace: 'AWS/EventBridge/Pipes',
      metricName: name,
      dimensionsMap: { PipeName: parts.pipe?.ref ?? '' },
      statistic: 'Sum',
      period: PERIOD,
    });
  const tableMetric = (name: string) =>
    new cloudwatch.Metric({
      namespace: 'AWS/DynamoDB',
      metricName: name,
      dimensionsMap: { TableName: parts.table.tableName },
      statistic: 'Sum',
      period: PERIOD,
    });
  return {
    tableWriteThrottles: tableMetric('WriteThrottleEvents'),
    tableConsumedWrites: tableMetric('ConsumedWriteCapacityUnits'),
    pipeInvocations: parts.pipe ? pipeMetric('Invocations') : undefined,
    pipeFailures: parts.pipe ? pipeMetric('ExecutionFailed') : undefined,
    deadLetterMessages: parts.deadLetterQueue?.metricApproximateNumberOfMessagesVisible({ period: PERIOD }),
    streamIncomingRecords: parts.stream.metricIncomingRecords({ period: PERIOD, statistic: 'Sum' }),
    streamIteratorAge: parts.stream.metricGetRecordsIteratorAgeMilliseconds({
      period: PERIOD,
      statistic: 'Maximum',
    }),
    streamWriteThrottles: parts.stream.metricWriteProvisionedThroughputExceeded({
      period: PERIOD,
      statistic: 'Sum',
    }),
    firehoseRecordsRead: firehoseMetric(FIREHOSE_METRIC.DATA_READ_FROM_KINESIS_STREAM_RECORDS, 'Sum'),
    firehoseRecordsProcessed: firehoseMetric(FIREHOSE_METRIC.SUCCEED_PROCESSING_RECORDS, 'Sum'),
    firehoseRecordsDelivered: firehoseMetric(FIREHOSE_METRIC.DELIVERY_TO_S3_RECORDS, 'Sum'),
    firehoseProcessingSuccess: firehoseMetric(FIREHOSE_METRIC.EXECUTE_PROCESSING_SUCCESS, 'Average'),
    firehoseDeliverySuccess: firehoseMetric(FIREHOSE_METRIC.DELIVERY_TO_S3_SUCCESS, 'Average'),
    firehoseDataFreshness: firehoseMetric(FIREHOSE_METRIC.DELIVERY_TO_S3_DATA_FRESHNESS, 'Maximum'),
    firehoseConversionFailures: firehoseMetric(FIREHOSE_METRIC.FAILED_CONVERSION_RECORDS, 'Sum'),
    firehosePartitions: firehoseMetric(FIREHOSE_METRIC.PARTITION_COUNT, 'Maximum'),
    firehosePartitionsExceeded: firehoseMetric(FIREHOSE_METRIC.PARTITION_COUNT_EXCEEDED, 'Maximum'),
    lambdaInvocations: parts.transformer.metricInvocations({ period: PERIOD }),
    lambdaErrors: parts.transformer.metricErrors({ period: PERIOD }),
    lambdaThrottles: parts.transformer.metricThrottles({ period: PERIOD }),
    lambdaDuration: parts.transformer.metricDuration({ period: PERIOD, statistic: 'p99' }),
    transformerRecordsIn: transformerMetric(METRIC.RECORDS_IN),
    transformerRecordsOk: transformerMetric(METRIC.RECORDS_OK),
    transformerRecordsFailed: transformerMetric(METRIC.RECORDS_FAILED),
  };
}
