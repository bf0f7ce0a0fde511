import { OUTPUT_FORMAT, type OutputFormat } from '@org/order-schema';
import { glueColumns, gluePartitionKeys } from '@org/order-schema/sql';
import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface LakeCatalogProps {
  readonly bucket: s3.IBucket;
  readonly databaseName: string;
  /** Key prefix of the table's data, ending in `/`. */
  readonly dataPrefix: string;
  readonly outputFormat: OutputFormat;
  readonly partitionProjectionDateRange: string;
  readonly tableName: string;
}

/** Hive storage classes of each lake format. */
const STORAGE = {
  [OUTPUT_FORMAT.PARQUET]: {
    classification: 'parquet',
    inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
    compressed: false,
    parameters: { 'parquet.compression': 'SNAPPY' },
  },
  [OUTPUT_FORMAT.JSON]: {
    classification: 'json',
    inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    // The OpenX SerDe reads decimal text such as "12.30" into decimal(12,2) exactly.
    serdeInfo: {
      serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
      parameters: { 'ignore.malformed.json': 'FALSE', 'case.insensitive': 'TRUE' },
    },
    compressed: true,
    parameters: { compressionType: 'gzip' },
  },
} as const;

/**
 * The Glue database and the lake table. Columns come from @org/order-schema (nothing is restated
 * here); `dt`/`hour` partitions are projected from the key layout Firehose writes, so no crawler
 * and no MSCK REPAIR are ever needed.
 */
export class LakeCatalog extends Construct {
  readonly database: glue.CfnDatabase;
  readonly table: glue.CfnTable;

  constructor(scope: Construct, id: string, props: LakeCatalogProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    const location = `s3://${props.bucket.bucketName}/${props.dataPrefix}`;
    const storage = STORAGE[props.outputFormat];
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: account,
      databaseInput: { name: props.databaseName, description: 'Order changes captured from DynamoDB' },
    });
    this.table = new glue.CfnTable(this, 'Table', {
      catalogId: account,
      databaseName: props.databaseName,
      tableInput: {
        name: props.tableName,
        description: 'Every change of every order, one row per change (append-only)',
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          EXTERNAL: 'TRUE',
          classification: storage.classification,
          ...storage.parameters,
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': props.partitionProjectionDateRange,
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
          'projection.hour.type': 'integer',
          'projection.hour.range': '0,23',
          'projection.hour.digits': '2',
          'storage.location.template': `${location}dt=\${dt}/hour=\${hour}/`,
        },
        partitionKeys: gluePartitionKeys(),
        storageDescriptor: {
          columns: glueColumns(),
          location,
          inputFormat: storage.inputFormat,
          outputFormat: storage.outputFormat,
          serdeInfo: storage.serdeInfo,
          compressed: storage.compressed,
          storedAsSubDirectories: false,
        },
      },
    });
    this.table.node.addDependency(this.database);
  }
}
