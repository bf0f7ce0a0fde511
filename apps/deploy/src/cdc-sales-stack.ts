import { CdcSalesPipeline } from '@org/cdk-constructs';
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { DeployConfig } from './config';
import { OUTPUT } from './stack-outputs';

export interface CdcSalesStackProps extends StackProps {
  readonly config: DeployConfig;
}

/** Stages whose data is kept when the stack is deleted; every other stage is disposable. */
const KEPT_STAGES = new Set(['prod', 'production']);

/** One stage of the CDC sales pipeline, with the outputs the operator commands read. */
export class CdcSalesStack extends Stack {
  readonly pipeline: CdcSalesPipeline;

  constructor(scope: Construct, id: string, props: CdcSalesStackProps) {
    super(scope, id, props);
    const { config } = props;
    const stage = config.stage.replaceAll('-', '_');
    this.pipeline = new CdcSalesPipeline(this, 'Pipeline', {
      alarmEmail: config.alarmEmail,
      captureMode: config.captureMode,
      outputFormat: config.outputFormat,
      glueDatabaseName: `cdc_sales_${stage}`,
      workgroupName: `cdc-sales-${config.stage}`,
      dynamoTableProps: KEPT_STAGES.has(config.stage)
        ? { deletionProtection: true }
        : { tableName: `OrdersRawTable-${config.stage}` },
      removalPolicy: KEPT_STAGES.has(config.stage) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      // `pnpm run backfill` writes the orders that predate the stream; it costs nothing until run.
      createBackfill: true,
    });
    const pipeline = this.pipeline;
    const outputs: Record<string, string | undefined> = {
      [OUTPUT.ordersTableName]: pipeline.ordersTable.tableName,
      [OUTPUT.changeStreamName]: pipeline.changeStream.streamName,
      [OUTPUT.deliveryStreamName]: pipeline.deliveryStream.deliveryStreamName,
      [OUTPUT.lakeBucketName]: pipeline.lakeBucket.bucketName,
      [OUTPUT.dataPrefix]: pipeline.dataPrefix,
      [OUTPUT.errorPrefix]: pipeline.errorPrefix,
      [OUTPUT.glueDatabaseName]: pipeline.glueDatabaseName,
      [OUTPUT.lakeTableName]: pipeline.lakeTableName,
      [OUTPUT.currentStateViewName]: pipeline.currentStateViewName,
      [OUTPUT.workgroupName]: pipeline.workgroup.ref,
      [OUTPUT.captureMode]: pipeline.captureMode,
      [OUTPUT.outputFormat]: pipeline.outputFormat,
      [OUTPUT.deadLetterQueueUrl]: pipeline.captureDeadLetterQueue?.queueUrl,
      [OUTPUT.alarmTopicArn]: pipeline.alarmTopic?.topicArn,
      [OUTPUT.backfillStateMachineArn]: pipeline.backfill?.stateMachine.stateMachineArn,
      [OUTPUT.backfillExportPrefix]: pipeline.backfill?.exportPrefix,
    };
    for (const [key, value] of Object.entries(outputs)) {
      if (value !== undefined) new CfnOutput(this, key, { value });
    }
  }
}
