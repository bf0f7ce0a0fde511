import type { AttributeMap } from './attribute-value';
import type { Order } from './order';

/**
 * An order in DynamoDB wire form, ready for `PutItem`: money as `N` with two decimal places.
 * Attributes are written in the pinned contract's order.
 */
export function orderToAttributeMap(order: Order): AttributeMap {
  return {
    orderId: { S: order.orderId },
    customerId: { S: order.customerId },
    customerEmail: { S: order.customerEmail },
    status: { S: order.status },
    currency: { S: order.currency },
    items: {
      L: order.items.map((item) => ({
        M: {
          sku: { S: item.sku },
          productName: { S: item.productName },
          category: { S: item.category },
          quantity: { N: String(item.quantity) },
          unitPrice: { N: item.unitPrice },
        },
      })),
    },
    orderTotal: { N: order.orderTotal },
    channel: { S: order.channel },
    country: { S: order.country },
    createdAt: { S: order.createdAt },
    updatedAt: { S: order.updatedAt },
    version: { N: String(order.version) },
  };
}

/** The key of an order in DynamoDB wire form. */
export function orderKeyToAttributeMap(orderId: string): AttributeMap {
  return { orderId: { S: orderId } };
}
