import {
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBLocal } from '@org/dynamodb-local';
import { type Order, orderToAttributeMap } from '@org/order-schema';
import { exampleOrder } from '@org/order-schema/testing';

/** The order whose lifecycle the fixtures show: two items, prices with trailing zeros, an unknown 20-digit attribute. */
export const SAMPLE_ORDER: Order = exampleOrder({
  items: [
    {
      sku: 'SKU-ELE-0001',
      productName: 'Noise-cancelling headphones',
      category: 'electronics',
      quantity: 2,
      unitPrice: '129.90',
    },
    {
      sku: 'SKU-BOO-0002',
      productName: 'Atlas of remote islands',
      category: 'books',
      quantity: 1,
      unitPrice: '20.00',
    },
  ],
  orderTotal: '279.80',
});

/** An attribute the transformer does not know: a number no float can hold. */
export const UNKNOWN_ATTRIBUTES = {
  loyaltyAccount: { N: '12345678901234567890' },
  giftNote: { S: 'Happy birthday' },
};

const PAID_AT = '2026-11-25T10:17:02.456Z';

/**
 * Writes an order's INSERT, MODIFY (PLACED → PAID, version 2) and REMOVE to a fresh table with a
 * NEW_AND_OLD_IMAGES stream on DynamoDB Local, reads the stream through the Streams API and returns the
 * records as an EventBridge Pipe forwards them: JSON wire form, ApproximateCreationDateTime in epoch
 * seconds, eventSourceARN added.
 */
export async function captureStreamRecords(
  local: DynamoDBLocal,
  tableName = 'OrdersRawTable',
): Promise<unknown[]> {
  const dynamodb = new DynamoDBClient(local.clientConfig);
  const streams = new DynamoDBStreamsClient(local.clientConfig);
  try {
    const created = await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    const streamArn = created.TableDescription?.LatestStreamArn;
    if (streamArn === undefined) throw new Error(`table ${tableName} has no stream`);

    const key = { orderId: { S: SAMPLE_ORDER.orderId } };
    await dynamodb.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { ...orderToAttributeMap(SAMPLE_ORDER), ...UNKNOWN_ATTRIBUTES } as never,
        ConditionExpression: 'attribute_not_exists(orderId)',
      }),
    );
    await dynamodb.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET #status = :paid, updatedAt = :at, version = :next',
        ConditionExpression: 'version = :previous',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':paid': { S: 'PAID' },
          ':at': { S: PAID_AT },
          ':next': { N: '2' },
          ':previous': { N: '1' },
        },
      }),
    );
    await dynamodb.send(new DeleteItemCommand({ TableName: tableName, Key: key }));

    const described = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const records: StreamRecord[] = [];
    for (const shard of described.StreamDescription?.Shards ?? []) {
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      let iterator = ShardIterator;
      while (iterator !== undefined) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        records.push(...(page.Records ?? []));
        if ((page.Records ?? []).length === 0) break;
        iterator = page.NextShardIterator;
      }
    }
    return records.map((record) => toPipeForm(record, streamArn));
  } finally {
    dynamodb.destroy();
    streams.destroy();
  }
}

/** The SDK turns the epoch-seconds wire value into a Date; a Pipe forwards the number. */
function toPipeForm(record: StreamRecord, streamArn: string): unknown {
  const { ApproximateCreationDateTime, ...dynamodb } = record.dynamodb ?? {};
  return {
    ...record,
    dynamodb: {
      ApproximateCreationDateTime:
        ApproximateCreationDateTime === undefined
          ? undefined
          : Math.floor(ApproximateCreationDateTime.getTime() / 1000),
      ...dynamodb,
    },
    eventSourceARN: streamArn,
  };
}
