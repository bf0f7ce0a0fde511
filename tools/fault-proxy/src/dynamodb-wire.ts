import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** An answer in DynamoDB's wire form (JSON 1.0 protocol). */
export interface WireResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/**
 * The errors the proxy answers with, as DynamoDB sends them: `__type` is the error's shape id, and
 * SDKs read the name after `#`. Format:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
 */
export const DYNAMODB_ERRORS = {
  provisionedThroughputExceeded: {
    status: 400,
    type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message:
      'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  },
  throttling: {
    status: 400,
    type: 'com.amazon.coral.availability#ThrottlingException',
    message: 'Rate of requests exceeds the allowed throughput.',
  },
  internalServerError: {
    status: 500,
    type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
    message: 'Internal server error (injected by fault-proxy)',
  },
} as const;

export type DynamoDBErrorKind = keyof typeof DYNAMODB_ERRORS;

/** A JSON 1.0 answer with the headers DynamoDB sends: content type, request id and the body's CRC32. */
export function dynamoDBResponse(status: number, body: Buffer): WireResponse {
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': String(body.length),
      'x-amzn-requestid': randomUUID(),
      'x-amz-crc32': String(crc32(body)),
    },
    body,
  };
}

export function dynamoDBError(kind: DynamoDBErrorKind): WireResponse {
  const { status, type, message } = DYNAMODB_ERRORS[kind];
  return dynamoDBResponse(status, Buffer.from(JSON.stringify({ __type: type, message })));
}

type WriteRequests = Record<string, unknown[]>;

/** A BatchWriteItem request cut in two: what is forwarded, and what is returned as unprocessed. */
export interface BatchSplit {
  /** The request body with only the forwarded writes. */
  readonly forward: Buffer;
  /** The held-back writes, by table, exactly as the client sent them. */
  readonly heldBack: WriteRequests;
  readonly heldBackCount: number;
}

/**
 * Holds back between 1 and n - 1 of a BatchWriteItem's n writes, chosen at random. At least one write
 * is forwarded because DynamoDB answers a batch it could process none of with an error, not with
 * every item unprocessed. Undefined for a batch of one write or a body that is no BatchWriteItem.
 */
export function splitBatchWrite(body: Buffer, random: () => number): BatchSplit | undefined {
  let request: { RequestItems?: WriteRequests } & Record<string, unknown>;
  try {
    request = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const tables = request.RequestItems;
  if (typeof tables !== 'object' || tables === null) return undefined;
  const writes = Object.entries(tables).flatMap(([table, requests]) =>
    Array.isArray(requests) ? requests.map((write) => ({ table, write })) : [],
  );
  if (writes.length < 2) return undefined;
  const heldBackCount = 1 + Math.floor(random() * (writes.length - 1));
  // A partial Fisher-Yates shuffle picks which ones.
  const order = writes.map((_, index) => index);
  for (let i = 0; i < heldBackCount; i++) {
    const j = i + Math.floor(random() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const held = new Set(order.slice(0, heldBackCount));
  const forwarded: WriteRequests = {};
  const heldBack: WriteRequests = {};
  writes.forEach(({ table, write }, index) => {
    const into = held.has(index) ? heldBack : forwarded;
    into[table] ??= [];
    into[table]!.push(write);
  });
  return {
    forward: Buffer.from(JSON.stringify({ ...request, RequestItems: forwarded })),
    heldBack,
    heldBackCount,
  };
}

/**
 * DynamoDB's BatchWriteItem answer with the held-back writes added to its UnprocessedItems (its own
 * unprocessed writes, consumed capacity and request id kept), and the CRC32 header of the new body.
 */
export function withUnprocessed(answer: WireResponse, heldBack: WriteRequests): WireResponse {
  const output = JSON.parse(answer.body.toString('utf8')) as { UnprocessedItems?: WriteRequests };
  const unprocessed: WriteRequests = { ...output.UnprocessedItems };
  for (const [table, writes] of Object.entries(heldBack)) {
    unprocessed[table] = [...(unprocessed[table] ?? []), ...writes];
  }
  const body = Buffer.from(JSON.stringify({ ...output, UnprocessedItems: unprocessed }));
  return {
    status: answer.status,
    headers: { ...answer.headers, 'content-length': String(body.length), 'x-amz-crc32': String(crc32(body)) },
    body,
  };
}
