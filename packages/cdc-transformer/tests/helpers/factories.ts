import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LakeRow } from '@org/order-schema';
import type {
  FirehoseTransformationEvent,
  FirehoseTransformationEventRecord,
  FirehoseTransformationResultRecord,
  LambdaContext,
} from '../../src/index';

export const EVENTS_DIR = join(import.meta.dirname, '..', 'events');

/** A sample event from tests/events/, parsed. */
export function loadEvent<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(EVENTS_DIR, name), 'utf8')) as T;
}

/** Real events carry the number 0, which the types (as `@types/aws-lambda`'s) call a string. */
export const REAL_SUBSEQUENCE_NUMBER = 0 as unknown as string;

export const ARRIVAL_MILLIS = Date.UTC(2026, 10, 25, 10, 15, 31, 250);

/** One Firehose record; `payload` is JSON-encoded unless it is already a Buffer (raw bytes). */
export function aFirehoseRecord(
  payload: unknown,
  options: { recordId?: string; arrival?: number; sequenceNumber?: string } = {},
): FirehoseTransformationEventRecord {
  const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload));
  const sequenceNumber = options.sequenceNumber ?? '49658937618304971620837256194038572619403857261940380001';
  return {
    recordId: options.recordId ?? `${sequenceNumber}000000000000`,
    approximateArrivalTimestamp: options.arrival ?? ARRIVAL_MILLIS,
    data: bytes.toString('base64'),
    kinesisRecordMetadata: {
      shardId: 'shardId-000000000000',
      partitionKey: 'ord-000001',
      approximateArrivalTimestamp: options.arrival ?? ARRIVAL_MILLIS,
      sequenceNumber,
      subsequenceNumber: REAL_SUBSEQUENCE_NUMBER,
    },
  };
}

/** A Firehose event from payloads; record ids and sequence numbers are numbered. */
export function aFirehoseEvent(payloads: unknown[]): FirehoseTransformationEvent {
  return {
    invocationId: '2a6f8b4c-1d3e-4f5a-9b7c-0d1e2f3a4b5c',
    deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/orders-changes',
    sourceKinesisStreamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders-changes',
    region: 'eu-west-1',
    records: payloads.map((payload, index) =>
      aFirehoseRecord(payload, {
        sequenceNumber: `4965893761830497162083725619403857261940385726194038${String(index).padStart(6, '0')}`,
      }),
    ),
  };
}

/** The lake row an Ok response record carries. */
export function rowOf(record: FirehoseTransformationResultRecord): LakeRow {
  return JSON.parse(lineOf(record)) as LakeRow;
}

/** The text an Ok response record carries: one JSON line. */
export function lineOf(record: FirehoseTransformationResultRecord): string {
  if (record.data === undefined) throw new Error(`record ${record.recordId} has no data`);
  const text = Buffer.from(record.data, 'base64').toString('utf8');
  if (!text.endsWith('\n')) throw new Error('a row line must end with a newline');
  return text;
}

/** A Lambda context as the Node.js runtime passes it. */
export function aLambdaContext(
  overrides: Partial<LambdaContext> = {},
): LambdaContext & Record<string, unknown> {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'orders-cdc-transformer',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-cdc-transformer',
    memoryLimitInMB: '512',
    awsRequestId: '3f6c1c7e-2b4a-4f7e-9a51-6d1e8f0b2c3d',
    logGroupName: '/aws/lambda/orders-cdc-transformer',
    logStreamName: '2026/11/25/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...overrides,
  };
}
