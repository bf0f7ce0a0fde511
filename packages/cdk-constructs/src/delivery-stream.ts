import { OUTPUT_FORMAT, type OutputFormat } from '@org/order-schema';
import { Duration, Size } from 'aws-cdk-lib';
import type * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ERROR_OUTPUT_PREFIX } from './constants';
import { CdcSalesPipelineError } from './errors';

export interface LakeDeliveryStreamProps {
  readonly bucket: s3.IBucket;
  readonly bufferingInterval: Duration;
  readonly bufferingSize: Size;
  /** Key prefix of the lake table's data, ending in `/`. */
  readonly dataPrefix: string;
  readonly glueTable: glue.CfnTable;
  /** Retention and removal policy of its log group. */
  readonly logGroupProps: logs.LogGroupProps;
  readonly outputFormat: OutputFormat;
  readonly source: kinesis.IStream;
  readonly transformer: lambda.IFunction;
}

/**
 * Firehose from the change stream to the lake: the transformer turns each change record into a lake
 * row and names its `dt`/`hour` partition; Firehose writes Parquet (converted against the Glue table)
 * or GZIP JSON lines under `<prefix>dt=…/hour=…/`, and failed records, with their original bytes,
 * under `errors/<error type>/`.
 */
export class LakeDeliveryStream extends Construct {
  readonly deliveryStream: firehose.DeliveryStream;
  /** Writes the lake, invokes the transformer, reads the Glue schema and writes the log group. */
  readonly destinationRole: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** Reads the source stream. */
  readonly sourceRole: iam.Role;

  constructor(scope: Construct, id: string, props: LakeDeliveryStreamProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', props.logGroupProps);
    const parquet = props.outputFormat === OUTPUT_FORMAT.PARQUET;
    const destination = new firehose.S3Bucket(props.bucket, {
      dataOutputPrefix: `${props.dataPrefix}dt=!{partitionKeyFromLambda:dt}/hour=!{partitionKeyFromLambda:hour}/`,
      errorOutputPrefix: ERROR_OUTPUT_PREFIX,
      dynamicPartitioning: { enabled: true, retryDuration: Duration.minutes(5) },
      // 1 MiB batches (not the 3 MiB maximum) keep each call well inside the 6 MB response limit.
      processors: [
        new firehose.LambdaFunctionProcessor(props.transformer, {
          bufferSize: Size.mebibytes(1),
          bufferInterval: Duration.seconds(60),
          retries: 3,
        }),
      ],
      bufferingInterval: props.bufferingInterval,
      bufferingSize: props.bufferingSize,
      loggingConfig: new firehose.EnableLogging(this.logGroup),
      ...(parquet
        ? {
            // Parquet brings its own SNAPPY compression; the S3 destination must stay uncompressed.
            dataFormatConversion: {
              schemaConfiguration: firehose.SchemaConfiguration.fromCfnTable(props.glueTable),
              inputFormat: new firehose.OpenXJsonInputFormat(),
              outputFormat: new firehose.ParquetOutputFormat(),
            },
          }
        : { compression: firehose.Compression.GZIP }),
    });
    this.deliveryStream = new firehose.DeliveryStream(this, 'Resource', {
      source: new firehose.KinesisStreamSource(props.source),
      destination,
    });
    // The L2 makes both roles itself (ids of aws-cdk-lib's DeliveryStream and S3Bucket); passing our own
    // would replace the deployed ones, so they are looked up instead.
    this.sourceRole = roleNamed(this.deliveryStream, 'Service Role');
    this.destinationRole = roleNamed(this.deliveryStream, 'S3 Destination Role');
  }
}

function roleNamed(deliveryStream: firehose.DeliveryStream, id: string): iam.Role {
  const role = deliveryStream.node.tryFindChild(id);
  if (!(role instanceof iam.Role)) {
    throw new CdcSalesPipelineError(`aws-cdk-lib's DeliveryStream no longer creates a role named '${id}'`);
  }
  return role;
}
