import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { type Order, toMoneyText } from '@org/order-schema';

type Item = Record<string, AttributeValue>;

const s = (value: AttributeValue | undefined) => {
  if (value?.S === undefined) throw new Error(`expected S, got ${JSON.stringify(value)}`);
  return value.S;
};
const n = (value: AttributeValue | undefined) => {
  if (value?.N === undefined) throw new Error(`expected N, got ${JSON.stringify(value)}`);
  return value.N;
};
// DynamoDB Local trims trailing zeros of numbers ("12.30" → "12.3"): read money back as 2-place text.
const money = (value: AttributeValue | undefined) => toMoneyText(n(value)) ?? n(value);

/** A stored item read back as an order, for comparing a table with the expected state. */
export function orderFromItem(item: Item): Order {
  return {
    orderId: s(item.orderId),
    customerId: s(item.customerId),
    customerEmail: s(item.customerEmail),
    status: s(item.status) as Order['status'],
    currency: s(item.currency),
    items: (item.items?.L ?? []).map((line) => {
      const m = line.M ?? {};
      return {
        sku: s(m.sku),
        productName: s(m.productName),
        category: s(m.category),
        quantity: Number(n(m.quantity)),
        unitPrice: money(m.unitPrice),
      };
    }),
    orderTotal: money(item.orderTotal),
    channel: s(item.channel) as Order['channel'],
    country: s(item.country),
    createdAt: s(item.createdAt),
    updatedAt: s(item.updatedAt),
    version: Number(n(item.version)),
  };
}

/** Every item of a table read back as orders, by order id in id order. */
export async function scanOrders(client: DynamoDBClient, tableName: string): Promise<Map<string, Order>> {
  const orders: Order[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    orders.push(...(page.Items ?? []).map(orderFromItem));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return new Map(
    orders.map((order) => [order.orderId, order] as const).sort(([a], [b]) => a.localeCompare(b)),
  );
}
