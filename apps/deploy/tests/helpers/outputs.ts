import { OUTPUT, type StackOutputs } from '../../src/stack-outputs';

export const STACK = 'CdcSales-test';

/** The outputs a deployed stack of the given mode has. */
export function stackOutputs(overrides: Partial<StackOutputs> = {}): StackOutputs {
  return {
    ordersTableName: 'OrdersRawTable-test',
    changeStreamName: 'CdcSales-test-ChangeStream',
    deliveryStreamName: 'CdcSales-test-DeliveryStream',
    lakeBucketName: 'cdcsales-test-lake',
    dataPrefix: 'orders_changes/',
    errorPrefix: 'errors/',
    glueDatabaseName: 'cdc_sales_test',
    lakeTableName: 'orders_changes',
    currentStateViewName: 'orders_current',
    workgroupName: 'cdc-sales-test',
    captureMode: 'eventbridge-pipe',
    outputFormat: 'parquet',
    deadLetterQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/dlq',
    alarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:CdcSales-test-AlarmTopic',
    ...overrides,
  };
}

/** A DescribeStacks response carrying those outputs. */
export function describeStacksResponse(outputs: StackOutputs) {
  return {
    Stacks: [
      {
        StackName: STACK,
        StackStatus: 'CREATE_COMPLETE' as const,
        CreationTime: new Date(0),
        Outputs: Object.entries(outputs)
          .filter(([, value]) => value !== undefined)
          .map(([name, value]) => ({
            OutputKey: OUTPUT[name as keyof typeof OUTPUT],
            OutputValue: value as string,
          })),
      },
    ],
  };
}

/** A reporter that keeps what it was told. */
export function recordingReporter() {
  const lines: string[] = [];
  const progress: string[] = [];
  const summaries: unknown[] = [];
  return {
    lines,
    progress,
    summaries,
    reporter: {
      progress: (message: string) => progress.push(message),
      line: (message: string) => lines.push(message),
      summary: (value: unknown) => summaries.push(value),
    },
  };
}

/** A writable stream that keeps what it is given, for a command's stdout or stderr. */
export function textSink() {
  let text = '';
  const stream = {
    write(chunk: string) {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  return { stream, text: () => text };
}
