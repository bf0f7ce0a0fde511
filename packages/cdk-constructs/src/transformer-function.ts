import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { TRANSFORMER_HANDLER } from './constants';
import { HANDLER_DEFAULT_METRICS, type TransformerMetricsSource } from './pipeline-metrics';
import { transformerCode } from './transformer-code';

export interface TransformerFunctionProps {
  readonly lambdaFunctionProps?: Partial<lambda.FunctionProps>;
  /** Retention and removal policy of its log group. */
  readonly logGroupProps: logs.LogGroupProps;
}

/**
 * The Firehose processor: the prebuilt @org/cdc-transformer bundle on Node.js 24 / arm64. It gets its
 * own role and log group: the role holds only the right to write to that log group (no AWS managed
 * policy), and the log group has a retention. Its Powertools namespace and service name default to the
 * handler's own defaults; `metrics` says where its metrics are, whatever `environment` overrides.
 */
export class TransformerFunction extends Construct {
  readonly function: lambda.Function;
  readonly logGroup: logs.LogGroup;
  readonly metrics: TransformerMetricsSource;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: TransformerFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'LogGroup', props.logGroupProps);
    this.role = new iam.Role(this, 'Role', {
      description: 'Execution role of the CDC transformer: writes its own logs, nothing else',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    this.logGroup.grantWrite(this.role);
    const overrides = props.lambdaFunctionProps ?? {};
    // Read as the handler reads them: an unset or empty variable means the default.
    this.metrics = {
      namespace: overrides.environment?.['POWERTOOLS_METRICS_NAMESPACE'] || HANDLER_DEFAULT_METRICS.namespace,
      serviceName: overrides.environment?.['POWERTOOLS_SERVICE_NAME'] || HANDLER_DEFAULT_METRICS.serviceName,
    };
    this.function = new lambda.Function(this, 'Function', {
      description: 'Turns DynamoDB change records into lake rows for Firehose (@org/cdc-transformer)',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: TRANSFORMER_HANDLER,
      // Firehose sends up to 3 MiB per call; JSON and schema work is CPU-bound, and CPU grows with memory.
      memorySize: 512,
      timeout: Duration.minutes(2),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      ...overrides,
      // Lazily: only read the bundle when no code was given.
      code: overrides.code ?? transformerCode(),
      environment: {
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...overrides.environment,
        POWERTOOLS_SERVICE_NAME: this.metrics.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: this.metrics.namespace,
      },
    });
  }
}
