import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { pipelineMetrics, type WatchedParts } from './pipeline-metrics';

export interface PipelineDashboardProps extends WatchedParts {
  readonly alarms: readonly cloudwatch.IAlarm[];
}

/** One CloudWatch dashboard that follows a change from the table to the lake, stage by stage. */
export class PipelineDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: PipelineDashboardProps) {
    super(scope, id);
    const m = pipelineMetrics(props);
    const graph = (
      title: string,
      left: (cloudwatch.IMetric | undefined)[],
      right: cloudwatch.IMetric[] = [],
    ) =>
      new cloudwatch.GraphWidget({
        title,
        width: 8,
        left: left.filter((metric): metric is cloudwatch.IMetric => metric !== undefined),
        right,
      });
    this.dashboard = new cloudwatch.Dashboard(this, 'Resource', {
      widgets: [
        [
          graph('Orders table: writes and throttles', [m.tableConsumedWrites], [m.tableWriteThrottles]),
          graph('Capture: Pipe invocations, failures, DLQ', [
            m.pipeInvocations,
            m.pipeFailures,
            m.deadLetterMessages,
          ]),
          graph('Change stream: records and throttles', [m.streamIncomingRecords], [m.streamWriteThrottles]),
        ],
        [
          graph('Change stream: iterator age (ms)', [m.streamIteratorAge]),
          graph(
            'Transformer: invocations, errors, throttles',
            [m.lambdaInvocations, m.lambdaErrors, m.lambdaThrottles],
            [m.lambdaDuration],
          ),
          graph('Transformer: records in, ok, failed', [
            m.transformerRecordsIn,
            m.transformerRecordsOk,
            m.transformerRecordsFailed,
          ]),
        ],
        [
          graph('Firehose: records read, transformed, delivered', [
            m.firehoseRecordsRead,
            m.firehoseRecordsProcessed,
            m.firehoseRecordsDelivered,
          ]),
          graph('Firehose: success rates', [m.firehoseProcessingSuccess, m.firehoseDeliverySuccess]),
          graph('Firehose: data freshness (s)', [m.firehoseDataFreshness], [m.firehoseConversionFailures]),
        ],
        [
          graph('Firehose: active partitions', [m.firehosePartitions], [m.firehosePartitionsExceeded]),
          // A status widget with no alarms is rejected by CloudWatch.
          ...(props.alarms.length > 0
            ? [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', width: 16, alarms: [...props.alarms] })]
            : []),
        ],
      ],
    });
  }
}
