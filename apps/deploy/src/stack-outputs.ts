import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { StackOutputsError } from './errors';

/** The stack outputs the operator commands read; the stack writes each of them. */
export const OUTPUT = {
  ordersTableName: 'OrdersTableName',
  changeStreamName: 'ChangeStreamName',
  deliveryStreamName: 'DeliveryStreamName',
  lakeBucketName: 'LakeBucketName',
  dataPrefix: 'DataPrefix',
  errorPrefix: 'ErrorPrefix',
  glueDatabaseName: 'GlueDatabaseName',
  lakeTableName: 'LakeTableName',
  currentStateViewName: 'CurrentStateViewName',
  workgroupName: 'WorkgroupName',
  captureMode: 'CaptureMode',
  outputFormat: 'OutputFormat',
  deadLetterQueueUrl: 'DeadLetterQueueUrl',
  alarmTopicArn: 'AlarmTopicArn',
  backfillStateMachineArn: 'BackfillStateMachineArn',
  backfillExportPrefix: 'BackfillExportPrefix',
} as const;

type OutputName = keyof typeof OUTPUT;
/** Outputs only some stacks have: the DLQ (`eventbridge-pipe` mode), the backfill (`createBackfill`). */
const OPTIONAL_OUTPUTS = ['deadLetterQueueUrl', 'backfillStateMachineArn', 'backfillExportPrefix'] as const;
type OptionalOutput = (typeof OPTIONAL_OUTPUTS)[number];
export type StackOutputs = { readonly [K in Exclude<OutputName, OptionalOutput>]: string } & {
  readonly [K in OptionalOutput]?: string;
};

/** Reads the outputs of the deployed stack; throws `StackOutputsError` naming the stack or the output. */
export async function readStackOutputs(
  client: CloudFormationClient,
  stackName: string,
): Promise<StackOutputs> {
  let outputs: Record<string, string>;
  try {
    const response = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = response.Stacks?.[0];
    if (!stack) throw new StackOutputsError(`stack ${stackName} not found`);
    outputs = Object.fromEntries(
      (stack.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]),
    );
  } catch (error) {
    if (error instanceof StackOutputsError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new StackOutputsError(`cannot read the outputs of stack ${stackName}: ${message}`, {
      cause: error,
    });
  }
  const result: Record<string, string | undefined> = {};
  for (const [name, key] of Object.entries(OUTPUT) as [OutputName, string][]) {
    const value = outputs[key];
    if (value === undefined && !(OPTIONAL_OUTPUTS as readonly string[]).includes(name)) {
      throw new StackOutputsError(
        `stack ${stackName} has no output ${key}: deploy it with \`pnpm run deploy\` first`,
      );
    }
    result[name] = value;
  }
  return result as StackOutputs;
}
