import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';

export type EventCounts = { INSERT: number; MODIFY: number; REMOVE: number };

/** One stream record, reduced to what the exactness checks need. */
export interface StreamChange {
  readonly eventName: keyof EventCounts;
  readonly orderId: string;
  /** `version` of the old image (MODIFY, REMOVE) and of the new image (INSERT, MODIFY). */
  readonly oldVersion: number | undefined;
  readonly newVersion: number | undefined;
}

/**
 * Reads every record of a table's stream through the DynamoDB Streams API, parent shards before their
 * children so that each item's records keep their order. An open shard never ends, so a shard is read
 * until a call returns no records.
 */
export async function readStreamChanges(endpoint: string, streamArn: string): Promise<StreamChange[]> {
  const client = new DynamoDBStreamsClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const changes: StreamChange[] = [];
  const version = (image: Record<string, { N?: string }> | undefined) =>
    image?.version?.N === undefined ? undefined : Number(image.version.N);
  try {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await client.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start !== undefined);
    const ids = new Set(shards.map((shard) => shard.ShardId));
    const depth = (shard: Shard): number => {
      const parent = shards.find((s) => s.ShardId === shard.ParentShardId);
      return parent !== undefined && ids.has(parent.ShardId) ? depth(parent) + 1 : 0;
    };
    for (const shard of [...shards].sort((a, b) => depth(a) - depth(b))) {
      let { ShardIterator: iterator } = await client.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      while (iterator !== undefined) {
        const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        const records = page.Records ?? [];
        for (const record of records) {
          changes.push({
            eventName: record.eventName as keyof EventCounts,
            orderId: record.dynamodb?.Keys?.orderId?.S ?? '',
            oldVersion: version(record.dynamodb?.OldImage),
            newVersion: version(record.dynamodb?.NewImage),
          });
        }
        if (records.length === 0) break;
        iterator = page.NextShardIterator;
      }
    }
  } finally {
    client.destroy();
  }
  return changes;
}

/** The stream's records counted by event name. */
export async function countStreamEvents(endpoint: string, streamArn: string): Promise<EventCounts> {
  const counts: EventCounts = { INSERT: 0, MODIFY: 0, REMOVE: 0 };
  for (const change of await readStreamChanges(endpoint, streamArn)) counts[change.eventName] += 1;
  return counts;
}
