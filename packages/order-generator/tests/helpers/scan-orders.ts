import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { type AttributeMap, attributeMapToOrder, type Order } from '@org/order-schema';

/**
 * Every item of a table read back as orders (order-schema's codec; DynamoDB Local trims trailing
 * zeros, "12.3", which it reads as "12.30"), by order id in id order.
 */
export async function scanOrders(client: DynamoDBClient, tableName: string): Promise<Map<string, Order>> {
  const orders: Order[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    // The SDK's AttributeValue is the same wire form.
    orders.push(...(page.Items ?? []).map((item) => attributeMapToOrder(item as AttributeMap)));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return new Map(
    orders.map((order) => [order.orderId, order] as const).sort(([a], [b]) => a.localeCompare(b)),
  );
}
