import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { AttributeMap, DynamoDBStreamChangeRecord, EventName } from '@org/order-schema';
import { StreamReadError } from '../errors';
import type { ChangeSink } from './table-change';

export interface StreamReadOptions {
  client: DynamoDBStreamsClient;
  streamArn: string;
  /** The number of committed writes: reading stops once this many records were read, and more is an error. */
  expected: number;
  sink: ChangeSink;
  /** Give up when no new record came for this long. */
  idleTimeoutMs?: number;
  pollIntervalMs?: number;
}

/**
 * A GetRecords record back in the JSON wire form an EventBridge Pipe forwards, kept as DynamoDB sent
 * it: its eventVersion, StreamViewType and, on a delete by Time to Live, its userIdentity. The SDK
 * turns the time into a Date (back to epoch seconds here) and names the identity's fields `Type` and
 * `PrincipalId`, where the wire form has `type` and `principalId`
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html).
 */
export function toWireStreamRecord(record: _Record, streamArn: string): DynamoDBStreamChangeRecord {
  const source = record.dynamodb!;
  const dynamodb: DynamoDBStreamChangeRecord['dynamodb'] = {
    ApproximateCreationDateTime: Math.floor((source.ApproximateCreationDateTime?.getTime() ?? 0) / 1000),
    Keys: source.Keys as AttributeMap,
    ...(source.NewImage ? { NewImage: source.NewImage as AttributeMap } : {}),
    ...(source.OldImage ? { OldImage: source.OldImage as AttributeMap } : {}),
    SequenceNumber: source.SequenceNumber ?? '',
    SizeBytes: source.SizeBytes ?? 0,
    StreamViewType: source.StreamViewType ?? 'NEW_AND_OLD_IMAGES',
  };
  const identity = record.userIdentity;
  return {
    eventID: record.eventID ?? '',
    eventName: record.eventName as EventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? '',
    dynamodb,
    ...(identity
      ? { userIdentity: { type: identity.Type ?? '', principalId: identity.PrincipalId ?? '' } }
      : {}),
    eventSourceARN: streamArn,
  };
}

async function listShards(client: DynamoDBStreamsClient, streamArn: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let exclusiveStartShardId: string | undefined;
  do {
    const page = await client.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
    );
    shards.push(...(page.StreamDescription?.Shards ?? []));
    exclusiveStartShardId = page.StreamDescription?.LastEvaluatedShardId;
  } while (exclusiveStartShardId);
  // Parents before children, so that each item's records keep their order.
  const ids = new Set(shards.map((shard) => shard.ShardId));
  const ordered: Shard[] = [];
  const done = new Set<string>();
  const visit = (shard: Shard) => {
    if (done.has(shard.ShardId!)) return;
    done.add(shard.ShardId!);
    const parent = shards.find((s) => s.ShardId === shard.ParentShardId);
    if (parent && ids.has(parent.ShardId)) visit(parent);
    ordered.push(shard);
  };
  for (const shard of shards) visit(shard);
  return ordered;
}

/**
 * Reads a DynamoDB stream through the Streams API (DescribeStream, GetShardIterator from
 * TRIM_HORIZON, GetRecords) page by page into the sink, until `expected` records were read.
 * Returns the number read; throws `StreamReadError` when the stream goes quiet too early, or when
 * it held more records than that (a write applied but not counted).
 */
export async function readDynamoDBStream(options: StreamReadOptions): Promise<number> {
  const { client, streamArn, expected, sink, idleTimeoutMs = 15_000, pollIntervalMs = 200 } = options;
  let received = 0;
  const iterators = new Map<string, string | undefined>();
  let lastProgress = Date.now();
  while (received < expected) {
    for (const shard of await listShards(client, streamArn)) {
      const shardId = shard.ShardId!;
      if (!iterators.has(shardId)) {
        const { ShardIterator } = await client.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        iterators.set(shardId, ShardIterator);
      }
      let iterator = iterators.get(shardId);
      while (iterator) {
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        iterator = page.NextShardIterator;
        const records = page.Records ?? [];
        for (const record of records) {
          const wire = toWireStreamRecord(record, streamArn);
          const key = wire.dynamodb.Keys['orderId'];
          await sink({
            orderId: key && 'S' in key ? key.S : '',
            record: wire,
            writtenAtMs: wire.dynamodb.ApproximateCreationDateTime * 1000,
          });
          received++;
        }
        if (records.length > 0) lastProgress = Date.now();
        if (records.length === 0) break;
      }
      iterators.set(shardId, iterator);
    }
    if (received > expected) throw new StreamReadError(expected, received);
    if (received === expected) break;
    if (Date.now() - lastProgress > idleTimeoutMs) throw new StreamReadError(expected, received);
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
  return received;
}
