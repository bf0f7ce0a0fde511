import { Arn, ArnFormat, Aws, Duration, Fn, Size, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { BACKFILL_ENV } from './backfill-handler/environment';
import { backfillHandlerCode } from './backfill-handler-code';
import { InvalidPropError } from './errors';
import { acknowledge, wildcardFinding } from './nag-acknowledgements';

/** Options of the snapshot backfill (`createBackfill: true`). */
export interface BackfillOptions {
  /**
   * Key prefix in the lake bucket that DynamoDB exports go to and the backfill reads from (and writes its
   * per-file results under `<prefix>backfill-results/`). The backfill may read nothing else. It must end
   * with `/` and lie outside the lake's data and error prefixes.
   * @default 'exports/'
   */
  readonly exportPrefix?: string;
  /**
   * Export data files written to the stream at the same time (the Distributed Map's MaxConcurrency).
   * The write budget below is shared among them. Four matches the four shards' worth of write capacity a
   * new on-demand stream starts with (https://docs.aws.amazon.com/streams/latest/dev/how-do-i-size-a-stream.html):
   * enough parallel S3 reads to keep the budget in use, each writer sending ~1.5 full PutRecords a second.
   * @default 4
   */
  readonly maxConcurrency?: number;
  /**
   * Bytes per second all the backfill's writers together put on the stream.
   * @default Size.mebibytes(3) - three quarters of the 4 MB/s a new on-demand stream takes
   */
  readonly writeBytesPerSecond?: Size;
  /**
   * Records per second all the backfill's writers together put on the stream. A new on-demand stream
   * takes 4,000 records/s (4 MB/s) and doubles its capacity within 15 minutes of a higher peak
   * (https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html): the default leaves a
   * quarter for the live changes. Raise it for a stream that already carries more (or was warmed).
   * @default 3000
   */
  readonly writeRecordsPerSecond?: number;
}

export const DEFAULT_EXPORT_PREFIX = 'exports/';
export const DEFAULT_BACKFILL_MAX_CONCURRENCY = 4;
export const DEFAULT_BACKFILL_RECORDS_PER_SECOND = 3_000;
export const DEFAULT_BACKFILL_BYTES_PER_SECOND = Size.mebibytes(3);
/** Where the Distributed Map writes each file's result, under the export prefix. */
export const BACKFILL_RESULTS_FOLDER = 'backfill-results/';

export interface SnapshotBackfillProps extends BackfillOptions {
  /** The bucket exports land in (the lake bucket). */
  readonly bucket: s3.IBucket;
  /** The stream the capture writes to: snapshot records join the changes there. */
  readonly stream: kinesis.IStream;
  /** `tableName` of the snapshot records: the orders table. */
  readonly tableName: string;
  /** Prefixes the export prefix must stay out of (the lake's data and errors). */
  readonly reservedPrefixes: readonly string[];
  readonly logGroupProps: logs.LogGroupProps;
}

const MAX_MAP_CONCURRENCY = 10_000;

/** The files manifest as the map's items: each line of `manifest-files.json` (JSON lines) is one data file. */
class ExportManifestReader implements sfn.IItemReader {
  readonly resource = Arn.format({
    region: '',
    account: '',
    partition: Aws.PARTITION,
    service: 'states',
    resource: 's3',
    resourceName: 'getObject',
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });

  constructor(
    readonly bucket: s3.IBucket,
    private readonly prefix: string,
  ) {}

  render(): unknown {
    return {
      Resource: this.resource,
      // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html: InputType JSONL
      ReaderConfig: { InputType: 'JSONL' },
      Parameters: { Bucket: this.bucket.bucketName, 'Key.$': '$.manifestFilesS3Key' },
    };
  }

  /** Read access to the export prefix only (aws-cdk-lib's readers grant the whole bucket). */
  providePolicyStatements(): iam.PolicyStatement[] {
    return [
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${this.prefix}*`)],
      }),
    ];
  }

  validateItemReader(): string[] {
    return [];
  }
}

/** The map's results under one prefix; aws-cdk-lib's writer grants the whole bucket. */
class ScopedResultWriter extends sfn.ResultWriterV2 {
  constructor(
    private readonly scopedBucket: s3.IBucket,
    private readonly scopedPrefix: string,
  ) {
    super({ bucket: scopedBucket, prefix: scopedPrefix });
  }

  override providePolicyStatements(): iam.PolicyStatement[] {
    return [
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
        resources: [this.scopedBucket.arnForObjects(`${this.scopedPrefix}*`)],
      }),
    ];
  }
}

function checkOptions(props: SnapshotBackfillProps): void {
  const prefix = props.exportPrefix;
  if (prefix !== undefined && !Token.isUnresolved(prefix)) {
    if (!/^[^/].*\/$/.test(prefix)) {
      throw new InvalidPropError(
        'backfillOptions.exportPrefix',
        prefix,
        'must be a key prefix that ends with "/"',
      );
    }
    const clash = props.reservedPrefixes.find(
      (reserved) => prefix.startsWith(reserved) || reserved.startsWith(prefix),
    );
    if (clash !== undefined) {
      throw new InvalidPropError(
        'backfillOptions.exportPrefix',
        prefix,
        `must lie outside the lake's ${clash}`,
      );
    }
  }
  const concurrency = props.maxConcurrency;
  if (
    concurrency !== undefined &&
    !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= MAX_MAP_CONCURRENCY)
  ) {
    throw new InvalidPropError(
      'backfillOptions.maxConcurrency',
      concurrency,
      `must be a whole number from 1 to ${MAX_MAP_CONCURRENCY}`,
    );
  }
  const records = props.writeRecordsPerSecond;
  if (records !== undefined && !(Number.isFinite(records) && records >= 1)) {
    throw new InvalidPropError('backfillOptions.writeRecordsPerSecond', records, 'must be at least 1');
  }
  const bytes = props.writeBytesPerSecond?.toBytes();
  if (bytes !== undefined && bytes < 1024 * 1024) {
    throw new InvalidPropError(
      'backfillOptions.writeBytesPerSecond',
      `${bytes} bytes`,
      'must be at least 1 MiB (one record may be that large)',
    );
  }
}

/**
 * The snapshot backfill: a Step Functions state machine whose Distributed Map reads a DynamoDB export's
 * `manifest-files.json` and hands each data file to a Lambda, which streams the file and writes its
 * items to the change stream as snapshot records, so they reach the lake through the same Firehose,
 * transformer and partitions as live changes. A file that takes longer than one invocation is
 * continued by the next (the map loops until the Lambda says it is complete). Each file's counts, or
 * its error, go to S3 under `<exportPrefix>backfill-results/`; the execution's output points there.
 *
 * Execution input: `{ "exportId", "exportTime", "manifestFilesS3Key" }`, as `pnpm run backfill` starts it.
 */
export class SnapshotBackfill extends Construct {
  /** The Lambda that writes one data file. */
  readonly function: lambda.Function;
  /** Its log group. */
  readonly functionLogGroup: logs.LogGroup;
  /** Its role: reads the export prefix, puts records on the stream (and uses the stream's key), writes its logs. */
  readonly functionRole: iam.Role;
  /** The prefix of the lake bucket the backfill reads exports from. */
  readonly exportPrefix: string;
  /** Where the map writes the per-file results. */
  readonly resultsPrefix: string;
  /** The state machine. */
  readonly stateMachine: sfn.StateMachine;
  /** Its log group (all events, as cdk-nag asks). */
  readonly stateMachineLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: SnapshotBackfillProps) {
    checkOptions(props);
    super(scope, id);
    // Result writing with the current API (ResultWriterV2) is behind a feature flag; scoped to this construct.
    this.node.setContext('@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2', true);
    const { bucket, stream } = props;
    this.exportPrefix = props.exportPrefix ?? DEFAULT_EXPORT_PREFIX;
    this.resultsPrefix = `${this.exportPrefix}${BACKFILL_RESULTS_FOLDER}`;
    const concurrency = props.maxConcurrency ?? DEFAULT_BACKFILL_MAX_CONCURRENCY;
    const recordsPerSecond = props.writeRecordsPerSecond ?? DEFAULT_BACKFILL_RECORDS_PER_SECOND;
    const bytesPerSecond = (props.writeBytesPerSecond ?? DEFAULT_BACKFILL_BYTES_PER_SECOND).toBytes();

    this.functionLogGroup = new logs.LogGroup(this, 'FunctionLogGroup', props.logGroupProps);
    this.functionRole = new iam.Role(this, 'FunctionRole', {
      description: 'Backfill writer: reads DynamoDB export files, puts snapshot records on the change stream',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    this.functionLogGroup.grantWrite(this.functionRole);
    this.functionRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [bucket.arnForObjects(`${this.exportPrefix}*`)],
      }),
    );
    bucket.encryptionKey?.grantDecrypt(this.functionRole);
    stream.grant(this.functionRole, 'kinesis:PutRecords');
    // A stream with a customer managed key needs the producer to generate data keys; the default
    // aws/kinesis key needs no grant (https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html).
    stream.encryptionKey?.grant(this.functionRole, 'kms:GenerateDataKey');

    this.function = new lambda.Function(this, 'Function', {
      description: 'Writes one DynamoDB export data file to the change stream as snapshot records',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: backfillHandlerCode(),
      // Network and gunzip throughput grow with memory; the file is streamed, never held.
      memorySize: 1024,
      timeout: Duration.minutes(15),
      role: this.functionRole,
      logGroup: this.functionLogGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        [BACKFILL_ENV.BUCKET]: bucket.bucketName,
        [BACKFILL_ENV.STREAM_ARN]: stream.streamArn,
        [BACKFILL_ENV.TABLE_NAME]: props.tableName,
        // Each writer takes its share of the budget, so all of them together stay within it.
        [BACKFILL_ENV.RECORDS_PER_SECOND]: String(recordsPerSecond / concurrency),
        [BACKFILL_ENV.BYTES_PER_SECOND]: String(Math.floor(bytesPerSecond / concurrency)),
      },
    });

    const writeFile = new tasks.LambdaInvoke(this, 'WriteExportFile', {
      lambdaFunction: this.function,
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
    });
    // Lambda throttles invocations beyond the account's concurrency: wait and try again.
    writeFile.addRetry({
      errors: ['Lambda.TooManyRequestsException'],
      maxAttempts: 6,
      interval: Duration.seconds(5),
      backoffRate: 2,
      jitterStrategy: sfn.JitterType.FULL,
    });
    // A file that broke off (a dropped connection) is read again once; its records are sent again,
    // which the lake's de-duplication on event_id absorbs.
    writeFile.addRetry({
      errors: ['ExportFileUnreadableError'],
      maxAttempts: 1,
      interval: Duration.seconds(10),
    });
    const fileDone = new sfn.Choice(this, 'FileDone')
      .when(sfn.Condition.booleanEquals('$.complete', true), new sfn.Succeed(this, 'FileWritten'))
      .otherwise(writeFile);

    const files = new sfn.DistributedMap(this, 'ExportFiles', {
      comment: 'One child execution per data file of the export',
      itemReader: new ExportManifestReader(bucket, this.exportPrefix),
      itemSelector: {
        exportId: sfn.JsonPath.stringAt('$.exportId'),
        exportTime: sfn.JsonPath.stringAt('$.exportTime'),
        dataFileS3Key: sfn.JsonPath.stringAt('$$.Map.Item.Value.dataFileS3Key'),
        itemCount: sfn.JsonPath.numberAt('$$.Map.Item.Value.itemCount'),
      },
      maxConcurrency: concurrency,
      // Every file is tried whatever happens to the others; the operator command reports the failed ones.
      toleratedFailurePercentage: 100,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      resultWriterV2: new ScopedResultWriter(bucket, this.resultsPrefix),
    });
    files.itemProcessor(writeFile.next(fileDone));

    this.stateMachineLogGroup = new logs.LogGroup(this, 'StateMachineLogGroup', props.logGroupProps);
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: 'Backfill: writes every item of a DynamoDB export to the change stream as a snapshot record',
      definitionBody: sfn.DefinitionBody.fromChainable(files),
      logs: { destination: this.stateMachineLogGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    // A lake with a KMS key of its own: the map reads the manifest and writes its results with it.
    bucket.encryptionKey?.grant(this.stateMachine, 'kms:Decrypt', 'kms:GenerateDataKey');
    acknowledgeBackfillFindings(this, bucket);
  }
}

/** The cdk-nag findings the backfill accepts, each with its reason. */
function acknowledgeBackfillFindings(backfill: SnapshotBackfill, bucket: s3.IBucket): void {
  acknowledge(
    backfill,
    [wildcardFinding(backfill, bucket.arnForObjects(`${backfill.exportPrefix}*`))],
    'DynamoDB names the export files (AWSDynamoDB/<export id>/data/<name>.json.gz) under the export prefix, ' +
      'so the backfill reads every key under that prefix of the lake bucket and nothing else.',
  );
  acknowledge(
    backfill,
    [wildcardFinding(backfill, bucket.arnForObjects(`${backfill.resultsPrefix}*`))],
    'Step Functions names the result files of each map run under the results prefix.',
  );
  acknowledge(
    backfill,
    [wildcardFinding(backfill, `${backfill.function.functionArn}:*`)],
    'The state machine may invoke any version or alias of the backfill function; the function itself is named.',
  );
  acknowledge(
    backfill.stateMachine,
    ['AwsSolutions-IAM5[Resource::*]'],
    'Logging to CloudWatch Logs (log delivery) and X-Ray tracing, which cdk-nag requires of a state machine, ' +
      'have no resource-level permissions.',
  );
  // The Distributed Map runs each file as a child execution of this state machine, and may describe,
  // stop and redrive them: aws-cdk-lib grants this on the state machine's own executions.
  const name = Fn.select(6, Fn.split(':', backfill.stateMachine.stateMachineArn));
  const executions = (resourceName: string) =>
    Stack.of(backfill).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  acknowledge(
    backfill.stateMachine,
    [
      wildcardFinding(backfill, executions(`${name}:*`)),
      wildcardFinding(backfill, executions(`${name}/*:*`)),
    ],
    "A Distributed Map starts one child execution per data file; the state machine may only manage its own map's executions.",
  );
}
