import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';

export type EventCounts = { INSERT: number; MODIFY: number; REMOVE: number };

/**
 * Reads every record of a table's stream through the DynamoDB Streams API and counts them by event
 * name. An open shard never ends, so a shard is read until a call returns no records.
 */
export async function countStreamEvents(endpoint: string, streamArn: string): Promise<EventCounts> {
  const client = new DynamoDBStreamsClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const counts: EventCounts = { INSERT: 0, MODIFY: 0, REMOVE: 0 };
  try {
    const shards = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await client.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start !== undefined);
    for (const shard of shards) {
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
          const name = record.eventName as keyof EventCounts | undefined;
          if (name !== undefined) counts[name] += 1;
        }
        if (records.length === 0) break;
        iterator = page.NextShardIterator;
      }
    }
  } finally {
    client.destroy();
  }
  return counts;
}
