import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';
import { type AthenaQueryAccess, AthenaQueryPolicy } from './athena-query-policy';
import { athenaStatementHandlerCode } from './athena-statement-code';
import { InvalidPropError } from './errors';
import { acknowledge, wildcardFinding } from './nag-acknowledgements';

export interface AthenaStatementProviderProps {
  /**
   * What happens to its log groups when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * How long its log groups keep events.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The longest a statement may run: what the provider's waiter allows before it gives up, and the
 * longest `timeout` an `AthenaStatement` takes (a CloudFormation custom resource waits an hour by default).
 */
export const MAX_STATEMENT_TIMEOUT = Duration.hours(1);

/**
 * The one custom-resource provider every `AthenaStatement` of a stack shares: the `onEvent` and
 * `isComplete` handlers, the Provider framework's three functions and waiter state machine, and one
 * handler role. Athena runs a statement with its caller's rights, so the role's policy is the union of
 * what the stack's statements name, and grows as statements are added (`grant`), each right still
 * scoped to a named workgroup, database, table or S3 prefix.
 *
 * Found by id at the root of the stack (`AthenaStatementProvider.of(scope)`): the first statement
 * creates it, with its log settings; a later one asking for other log settings is refused.
 */
export class AthenaStatementProvider extends Construct {
  /** Its id at the root of the stack. */
  static readonly ID = 'AthenaStatementProvider';

  /** The stack's provider, created on first use with `props`. */
  static of(scope: IConstruct, props: AthenaStatementProviderProps = {}): AthenaStatementProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(AthenaStatementProvider.ID);
    if (!existing) return new AthenaStatementProvider(stack, AthenaStatementProvider.ID, props);
    const provider = existing as AthenaStatementProvider;
    provider.checkSameLogSettings(props);
    return provider;
  }

  /** The log group of the Provider framework's own functions. */
  readonly frameworkLogGroup: logs.LogGroup;
  /** The log group of the `onEvent` and `isComplete` handlers. */
  readonly logGroup: logs.LogGroup;
  readonly provider: cr.Provider;
  /** The role of the handlers, which Athena uses to run every statement. */
  readonly role: iam.Role;
  private readonly logRetention: logs.RetentionDays;
  private readonly logRemovalPolicy: RemovalPolicy;
  private readonly policy: AthenaQueryPolicy;

  private constructor(scope: Construct, id: string, props: AthenaStatementProviderProps) {
    super(scope, id);
    this.logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    this.logRemovalPolicy = props.logRemovalPolicy ?? RemovalPolicy.RETAIN;
    const logGroupProps: logs.LogGroupProps = {
      retention: this.logRetention,
      removalPolicy: this.logRemovalPolicy,
    };
    this.logGroup = new logs.LogGroup(this, 'LogGroup', logGroupProps);
    this.role = new iam.Role(this, 'Role', {
      description: `Runs the Athena statements of stack ${Stack.of(this).stackName}`.slice(0, 1000),
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    this.logGroup.grantWrite(this.role);
    this.policy = new AthenaQueryPolicy(this.role, this);
    const code = athenaStatementHandlerCode();
    const handler = (name: string, entry: string, timeout: Duration) =>
      new lambda.Function(this, name, {
        description: `AthenaStatement ${entry} (${this.node.path})`.slice(0, 256),
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        code,
        handler: `index.${entry}`,
        timeout,
        role: this.role,
        logGroup: this.logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
      });
    // Start retries wait up to 31 s in all; a status check is one or two calls.
    const onEvent = handler('OnEvent', 'onEvent', Duration.minutes(2));
    const isComplete = handler('IsComplete', 'isComplete', Duration.seconds(30));

    // The framework's own functions get roles that write to one log group and nothing else (the
    // framework adds what they invoke), instead of the AWS managed basic-execution policy.
    this.frameworkLogGroup = new logs.LogGroup(this, 'FrameworkLogGroup', logGroupProps);
    const frameworkRole = (name: string) => {
      const role = new iam.Role(this, name, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      this.frameworkLogGroup.grantWrite(role);
      return role;
    };
    // Each statement enforces its own timeout in isComplete; the waiter only bounds the longest.
    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: Duration.seconds(5),
      totalTimeout: MAX_STATEMENT_TIMEOUT,
      frameworkOnEventRole: frameworkRole('FrameworkOnEventRole'),
      frameworkCompleteAndTimeoutRole: frameworkRole('FrameworkCompleteRole'),
      logGroup: this.frameworkLogGroup,
    });
    this.acknowledgeFrameworkFindings([onEvent, isComplete]);
  }

  /** Lets the handler role run a statement with this access; `readsTableMetadata` for a column check. */
  grant(access: AthenaQueryAccess, options: { readsTableMetadata?: boolean } = {}): void {
    this.policy.grantQuery(access);
    if (options.readsTableMetadata) this.policy.grantDataCatalog(['athena:GetTableMetadata']);
  }

  private checkSameLogSettings(props: AthenaStatementProviderProps): void {
    const retention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const removal = props.logRemovalPolicy ?? RemovalPolicy.RETAIN;
    if (retention !== this.logRetention || removal !== this.logRemovalPolicy) {
      throw new InvalidPropError(
        'logRetention/logRemovalPolicy',
        `${retention}/${removal}`,
        `must match the ${this.logRetention}/${this.logRemovalPolicy} of the stack's shared AthenaStatementProvider`,
      );
    }
  }

  /** The cdk-nag findings on the Provider framework's own parts, which its props cannot change. */
  private acknowledgeFrameworkFindings(handlers: lambda.IFunction[]): void {
    const frameworkFunctions = ['onEvent', 'isComplete', 'onTimeout'].map(
      (entry) => this.provider.node.findChild(`framework-${entry}`) as lambda.IFunction,
    );
    acknowledge(
      this,
      [...handlers, ...frameworkFunctions].map((fn) => wildcardFinding(this, `${fn.functionArn}:*`)),
      "The Provider framework's grants to invoke a named function cover its versions and aliases.",
    );
    acknowledge(
      this,
      ['AwsSolutions-SF1', 'AwsSolutions-SF2'],
      "The Provider framework's waiter state machine only polls isComplete, whose function logs every " +
        'call; logging the state machine would need log-delivery rights on every resource (*), and the ' +
        'Provider offers no tracing option.',
    );
  }
}
