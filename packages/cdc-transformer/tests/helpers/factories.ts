import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AttributeMap,
  exampleOrder,
  type LakeRow,
  type Order,
  orderToAttributeMap,
} from '@org/order-schema';
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

/** A valid order (order-schema's example); override any field. */
export const anOrder = exampleOrder;

/** DynamoDB returns numbers without trailing zeros: "129.90" → "129.9", "20.00" → "20". */
export function trimNumber(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** An order image as a stream record carries it: numbers trimmed as DynamoDB does, plus any extra attributes. */
export function anImage(order: Order, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const map = orderToAttributeMap(order) as Record<string, unknown> & AttributeMap;
  const items = (map['items'] as { L: { M: Record<string, { N?: string }> }[] }).L;
  for (const item of items) item.M['unitPrice'] = { N: trimNumber(item.M['unitPrice']!.N!) };
  return { ...map, orderTotal: { N: trimNumber(order.orderTotal) }, ...extra };
}

export type EventName = 'INSERT' | 'MODIFY' | 'REMOVE';

export interface ChangeOptions {
  eventName: EventName;
  newImage?: Record<string, unknown> | undefined;
  oldImage?: Record<string, unknown> | undefined;
  keys?: Record<string, unknown>;
  eventId?: string;
}

/** The images a change of `order` carries: MODIFY's old image is the previous version, PLACED. */
export function imagesFor(eventName: EventName, order: Order) {
  const previous = { ...order, status: 'PLACED' as const, version: Math.max(1, order.version - 1) };
  return eventName === 'INSERT'
    ? { newImage: anImage(order) }
    : eventName === 'MODIFY'
      ? { newImage: anImage(order), oldImage: anImage(previous) }
      : { oldImage: anImage(order) };
}

/** A DynamoDB Streams record as an EventBridge Pipe forwards it: epoch seconds and a SequenceNumber. */
export function aStreamsRecord(
  options: ChangeOptions & { seconds?: number; sequenceNumber?: string },
): Record<string, unknown> {
  return {
    eventID: options.eventId ?? 'c4ca4238a0b923820dcc509a6f75849b',
    eventName: options.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    dynamodb: {
      ApproximateCreationDateTime: options.seconds ?? 1_795_601_730,
      Keys: options.keys ?? { orderId: { S: 'ord-000001' } },
      ...(options.newImage ? { NewImage: options.newImage } : {}),
      ...(options.oldImage ? { OldImage: options.oldImage } : {}),
      SequenceNumber: options.sequenceNumber ?? '111100000000012345678901',
      SizeBytes: 312,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN:
      'arn:aws:dynamodb:eu-west-1:123456789012:table/OrdersRawTable/stream/2026-11-25T10:00:00.000',
  };
}

/**
 * A Kinesis Data Streams for DynamoDB record, keys in the order real records have them: no
 * SequenceNumber; precision `null` leaves the field out (where present, it comes last in `dynamodb`).
 */
export function aKinesisRecord(
  options: ChangeOptions & { time?: number; precision?: 'MILLISECOND' | 'MICROSECOND' | null },
): Record<string, unknown> {
  const precision = options.precision === undefined ? 'MILLISECOND' : options.precision;
  return {
    awsRegion: 'eu-west-1',
    eventID: options.eventId ?? '4b4c1b2e-8f0e-4bd5-a3e3-2f4b1d0c9a11',
    eventName: options.eventName,
    userIdentity: null,
    recordFormat: 'application/json',
    tableName: 'OrdersRawTable',
    dynamodb: {
      ApproximateCreationDateTime: options.time ?? 1_795_601_730_123,
      Keys: options.keys ?? { orderId: { S: 'ord-000001' } },
      ...(options.newImage ? { NewImage: options.newImage } : {}),
      ...(options.oldImage ? { OldImage: options.oldImage } : {}),
      SizeBytes: 640,
      ...(precision === null ? {} : { ApproximateCreationDateTimePrecision: precision }),
    },
    eventSource: 'aws:dynamodb',
  };
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
