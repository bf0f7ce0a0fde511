import type { AttributeMap, AttributeValue } from './attribute-value';
import { toMoneyText } from './money';
import type { LineItem, Order } from './order';
import {
  LINE_ITEM_ATTRIBUTES,
  type LineItemAttribute,
  ORDER_ATTRIBUTES,
  ORDER_KEY_ATTRIBUTE,
  type OrderAttribute,
} from './order-attributes';
import { parseOrder } from './parse';

type Attribute = OrderAttribute | LineItemAttribute;

function encodeValue(value: unknown, attribute: Attribute): AttributeValue {
  switch (attribute.type) {
    case 'S':
      return { S: value as string };
    case 'N':
      return { N: String(value) };
    case 'L':
      return {
        L: (value as LineItem[]).map((line) => ({ M: encodeAttributes(line, LINE_ITEM_ATTRIBUTES) })),
      };
  }
}

function encodeAttributes(source: object, attributes: readonly Attribute[]): AttributeMap {
  const map: AttributeMap = {};
  for (const attribute of attributes) {
    const value = (source as Record<string, unknown>)[attribute.name];
    // Only an optional attribute can be absent in a valid order: an item then has no such attribute.
    if (value !== undefined) map[attribute.name] = encodeValue(value, attribute);
  }
  return map;
}

/**
 * An order in DynamoDB wire form, ready for `PutItem`: attributes as `ORDER_ATTRIBUTES` lists them, in
 * its order, money as `N` with two decimal places. An optional attribute the order lacks is left out.
 */
export function orderToAttributeMap(order: Order): AttributeMap {
  return encodeAttributes(order, ORDER_ATTRIBUTES);
}

/** The key of an order in DynamoDB wire form. */
export function orderKeyToAttributeMap(orderId: string): AttributeMap {
  return { [ORDER_KEY_ATTRIBUTE]: { S: orderId } };
}

/** The text of an `S` or `N`; anything else is left for the schema to name. */
function scalarText(value: AttributeValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if ('S' in value) return value.S;
  if ('N' in value) return value.N;
  return undefined;
}

function decodeValue(value: AttributeValue | undefined, attribute: Attribute): unknown {
  switch (attribute.form) {
    case 'string':
      return scalarText(value);
    case 'integer': {
      const text = scalarText(value);
      return text === undefined ? undefined : Number(text);
    }
    case 'money': {
      // DynamoDB returns numbers without trailing zeros ("12.3"); the plain form has two places.
      const text = scalarText(value);
      return text === undefined ? undefined : (toMoneyText(text) ?? text);
    }
    case 'line-items':
      return value !== undefined && 'L' in value
        ? value.L.map((line) => decodeAttributes('M' in line ? line.M : {}, LINE_ITEM_ATTRIBUTES))
        : undefined;
  }
}

function decodeAttributes(item: AttributeMap, attributes: readonly Attribute[]): Record<string, unknown> {
  const decoded: Record<string, unknown> = {};
  for (const attribute of attributes) {
    const stored = item[attribute.name];
    if (stored === undefined || (typeof stored === 'object' && stored !== null && 'NULL' in stored)) continue;
    // A value of the wrong DynamoDB type is kept as it is, for the check to name it.
    decoded[attribute.name] = decodeValue(stored, attribute) ?? stored;
  }
  return decoded;
}

export interface AttributeMapToOrderOptions {
  /**
   * Validate the result with `parseOrder`. Leave it on for items from elsewhere; turn it off only for
   * items this process wrote from valid orders.
   * @default true
   */
  readonly validate?: boolean;
}

/**
 * An order item in DynamoDB wire form (as stored: `"12.3"`) back in the plain `Order` form (money as
 * `"12.30"`): the inverse of `orderToAttributeMap`. Attributes outside `ORDER_ATTRIBUTES` are dropped;
 * an attribute that is absent or `NULL` is left out of the order (and named by the check if required).
 * Throws `OrderSchemaError` naming each bad field and value (unless `validate` is false).
 */
export function attributeMapToOrder(item: AttributeMap, options: AttributeMapToOrderOptions = {}): Order {
  const order = decodeAttributes(item, ORDER_ATTRIBUTES);
  return options.validate === false ? (order as Order) : parseOrder(order);
}
