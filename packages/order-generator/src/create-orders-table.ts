import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { DEFAULT_TABLE_NAME } from '@org/order-schema';
import { OrderGeneratorError } from './errors';

export interface CreateOrdersTableOptions {
  /** Give up waiting for ACTIVE after this long. @default 120000 */
  readonly timeoutMs?: number;
  /** Time between two DescribeTable calls while waiting. @default 500 */
  readonly pollIntervalMs?: number;
}

export interface OrdersTableInfo {
  readonly tableName: string;
  /** False when the table existed already (it is then used as it is). */
  readonly created: boolean;
  readonly tableArn: string | undefined;
  /** ARN of the table's DynamoDB stream, if it has one. */
  readonly streamArn: string | undefined;
}

/**
 * Creates the orders table as the pipeline expects it: `orderId` (S) hash key and no sort key,
 * on-demand billing, a stream with NEW_AND_OLD_IMAGES (DynamoDB encrypts it at rest by default),
 * and waits until it is ACTIVE. An existing table is not changed: it is waited for and described.
 */
export async function createOrdersTable(
  client: DynamoDBClient,
  tableName: string = DEFAULT_TABLE_NAME,
  options: CreateOrdersTableOptions = {},
): Promise<OrdersTableInfo> {
  let created = true;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
    created = false;
  }
  const table = await waitUntilActive(client, tableName, options);
  return {
    tableName,
    created,
    tableArn: table.TableArn,
    streamArn: table.LatestStreamArn,
  };
}

async function waitUntilActive(
  client: DynamoDBClient,
  tableName: string,
  { timeoutMs = 120_000, pollIntervalMs = 500 }: CreateOrdersTableOptions,
): Promise<TableDescription> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return Table;
    if (Date.now() >= deadline) {
      throw new OrderGeneratorError(
        `table ${tableName} is still ${Table?.TableStatus ?? 'unknown'} after ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
}
