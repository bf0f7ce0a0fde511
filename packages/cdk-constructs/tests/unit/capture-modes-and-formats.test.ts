import { glueColumns } from '@org/order-schema/sql';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CaptureMode, FIREHOSE_METRICS, type OutputFormat } from '../../src/index';
import {
  type Deployed,
  deploy,
  metricsNamed,
  nagFindings,
  onlyResource,
  resourcesOf,
} from '../helpers/synth';

const CONFIGURATIONS: [CaptureMode, OutputFormat][] = [
  ['eventbridge-pipe', 'parquet'],
  ['eventbridge-pipe', 'json'],
  ['kinesis-destination', 'parquet'],
  ['kinesis-destination', 'json'],
];

describe.each(CONFIGURATIONS)('captureMode %s, outputFormat %s', (captureMode, outputFormat) => {
  let deployed: Deployed;
  beforeAll(() => {
    deployed = deploy({ captureMode, outputFormat });
  });
  const viaPipe = captureMode === 'eventbridge-pipe';
  const parquet = outputFormat === 'parquet';

  it('exposes the chosen mode and format', () => {
    expect(deployed.pipeline.captureMode).toBe(captureMode);
    expect(deployed.pipeline.outputFormat).toBe(outputFormat);
  });

  it(
    viaPipe
      ? 'creates the Pipe and its DLQ, no Kinesis destination'
      : 'streams the table to Kinesis itself in milliseconds, no Pipe',
    () => {
      const stream = deployed.stack.getLogicalId(deployed.pipeline.changeStream.node.defaultChild as never);
      expect(Object.keys(resourcesOf(deployed.template, 'AWS::Pipes::Pipe'))).toHaveLength(viaPipe ? 1 : 0);
      expect(Object.keys(resourcesOf(deployed.template, 'AWS::SQS::Queue'))).toHaveLength(viaPipe ? 1 : 0);
      expect(deployed.pipeline.capturePipe === undefined).toBe(!viaPipe);
      const table = onlyResource(deployed.template, 'AWS::DynamoDB::Table').properties;
      // The stream stays on in both modes: it is what a later switch to the Pipe reads.
      expect(table.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
      if (viaPipe) {
        expect(table.KinesisStreamSpecification).toBeUndefined();
      } else {
        expect(table.KinesisStreamSpecification).toEqual({
          StreamArn: { 'Fn::GetAtt': [stream, 'Arn'] },
          ApproximateCreationDateTimePrecision: 'MILLISECOND',
        });
      }
    },
  );

  it(`creates the ${viaPipe ? 'Pipe' : "table's Kinesis destination"} only after the delivery stream, which reads its source from LATEST`, () => {
    const delivery = deployed.stack.getLogicalId(deployed.pipeline.deliveryStream.node.defaultChild as never);
    const type = viaPipe ? 'AWS::Pipes::Pipe' : 'AWS::DynamoDB::Table';
    const [capture] = Object.values(deployed.template.findResources(type)) as { DependsOn?: string[] }[];
    expect(capture!.DependsOn).toContain(delivery);
    if (viaPipe) {
      expect(onlyResource(deployed.template, type).properties.SourceParameters).toMatchObject({
        DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON' },
      });
    }
  });

  it('names only the documented Firehose metrics of a Kinesis-sourced delivery stream, in alarms and dashboard', () => {
    const firehose = metricsNamed(deployed.template).filter((metric) => metric.namespace === 'AWS/Firehose');
    expect(new Set(firehose.map((metric) => metric.source)).size).toBeGreaterThan(3);
    for (const metric of firehose) expect(FIREHOSE_METRICS, metric.source).toContain(metric.name);
    expect(firehose.map((metric) => metric.name)).toEqual(
      expect.arrayContaining(['DataReadFromKinesisStream.Records', 'SucceedProcessing.Records']),
    );
  });

  it(`alarms on the ${viaPipe ? 'Pipe and DLQ' : 'stream only'}${parquet ? ' and on Parquet conversion' : ''}`, () => {
    const metrics = Object.values(resourcesOf(deployed.template, 'AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties.MetricName,
    );
    expect(metrics.includes('ExecutionFailed')).toBe(viaPipe);
    expect(metrics.includes('ApproximateNumberOfMessagesVisible')).toBe(viaPipe);
    expect(metrics.includes('FailedConversion.Records')).toBe(parquet);
    expect(metrics).toContain('GetRecords.IteratorAgeMilliseconds');
  });

  it(
    parquet
      ? 'converts to Parquet, uncompressed at the S3 level'
      : 'writes GZIP JSON lines without conversion',
    () => {
      const destination = onlyResource(deployed.template, 'AWS::KinesisFirehose::DeliveryStream').properties
        .ExtendedS3DestinationConfiguration;
      if (parquet) {
        expect(destination.DataFormatConversionConfiguration.OutputFormatConfiguration).toEqual({
          Serializer: { ParquetSerDe: {} },
        });
        expect(destination.CompressionFormat).toBeUndefined();
      } else {
        expect(destination.DataFormatConversionConfiguration).toBeUndefined();
        expect(destination.CompressionFormat).toBe('GZIP');
      }
      // Valid buffering for dynamic partitioning in both formats (>= 64 MiB, >= 60 s).
      expect(destination.BufferingHints.SizeInMBs).toBeGreaterThanOrEqual(64);
      expect(destination.BufferingHints.IntervalInSeconds).toBeGreaterThanOrEqual(60);
      expect(destination.DynamicPartitioningConfiguration.Enabled).toBe(true);
    },
  );

  it(`declares the Glue table ${parquet ? 'with the Parquet SerDe' : 'with the OpenX JSON SerDe, gzip'}`, () => {
    const input = onlyResource(deployed.template, 'AWS::Glue::Table').properties.TableInput;
    expect(input.StorageDescriptor.Columns.map((column: { Name: string }) => column.Name)).toEqual(
      glueColumns().map((column) => column.name),
    );
    if (parquet) {
      expect(input.StorageDescriptor).toMatchObject({
        InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        Compressed: false,
      });
      expect(input.Parameters.classification).toBe('parquet');
    } else {
      expect(input.StorageDescriptor).toMatchObject({
        InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
        SerdeInfo: { SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
        Compressed: true,
      });
      expect(input.Parameters).toMatchObject({ classification: 'json', compressionType: 'gzip' });
    }
  });

  it('passes cdk-nag AwsSolutions with no unacknowledged finding', () => {
    expect(nagFindings(deployed)).toEqual([]);
  });

  it('lets the Firehose role read Glue only when it converts', () => {
    deployed.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: parquet
          ? Match.arrayWith([Match.objectLike({ Action: 'glue:GetSchemaVersion' })])
          : Match.not(Match.arrayWith([Match.objectLike({ Action: 'glue:GetSchemaVersion' })])),
      },
    });
  });
});
