import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { type PipelineAlarmsProps, pipelineMetrics } from './pipeline-alarms';

export interface PipelineDashboardProps extends PipelineAlarmsProps {
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
          graph('Firehose: records in, processed', [
            m.firehoseIncomingRecords,
            m.firehoseProcessingFailedRecords,
          ]),
        ],
        [
          graph('Firehose: success rates', [m.firehoseProcessingSuccess, m.firehoseDeliverySuccess]),
          graph('Firehose: data freshness (s)', [m.firehoseDataFreshness], [m.firehoseConversionFailures]),
          // A status widget with no alarms is rejected by CloudWatch.
          ...(props.alarms.length > 0
            ? [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', width: 8, alarms: [...props.alarms] })]
            : []),
        ],
      ],
    });
  }
}
