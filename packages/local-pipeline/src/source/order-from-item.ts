import {
  type AttributeMap,
  type AttributeValue,
  type Order,
  parseOrder,
  toMoneyText,
} from '@org/order-schema';
import { ValidationError } from '../errors';

function text(value: AttributeValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if ('S' in value) return value.S;
  if ('N' in value) return value.N;
  return undefined;
}

function money(value: AttributeValue | undefined, field: string): string {
  const raw = text(value);
  const formatted = raw === undefined ? undefined : toMoneyText(raw);
  if (formatted === undefined) throw new ValidationError(`${field}: not money: ${JSON.stringify(raw)}`);
  return formatted;
}

/**
 * An order item in DynamoDB wire form (as stored, numbers normalised: `"12.3"`) back in the plain
 * `Order` form (money as `"12.30"`). Attributes outside the pinned item are dropped; the result is
 * validated with `parseOrder`.
 */
export function orderFromItem(item: AttributeMap): Order {
  return parseOrder(decodeOrderItem(item));
}

/** `orderFromItem` without the schema check, for items this process wrote from valid orders. */
export function decodeOrderItem(item: AttributeMap): Order {
  const items = item['items'];
  const lines = items && 'L' in items ? items.L : [];
  return {
    orderId: text(item['orderId']),
    customerId: text(item['customerId']),
    customerEmail: text(item['customerEmail']),
    status: text(item['status']),
    currency: text(item['currency']),
    items: lines.map((line, index) => {
      const m = 'M' in line ? line.M : {};
      return {
        sku: text(m['sku']),
        productName: text(m['productName']),
        category: text(m['category']),
        quantity: Number(text(m['quantity'])),
        unitPrice: money(m['unitPrice'], `items[${index}].unitPrice`),
      };
    }),
    orderTotal: money(item['orderTotal'], 'orderTotal'),
    channel: text(item['channel']),
    country: text(item['country']),
    createdAt: text(item['createdAt']),
    updatedAt: text(item['updatedAt']),
    version: Number(text(item['version'])),
  } as Order;
}
