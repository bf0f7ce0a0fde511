import type { LakeColumnName, LakeItem } from './lake-columns';
import type { LineItem, Order } from './order';

/**
 * How an attribute's value looks in the plain `Order`: text, an integer, exact money text (`"12.30"`,
 * an `N` in DynamoDB), or the list of line items.
 */
export const ATTRIBUTE_FORM = {
  STRING: 'string',
  INTEGER: 'integer',
  MONEY: 'money',
  LINE_ITEMS: 'line-items',
} as const;
export type AttributeForm = (typeof ATTRIBUTE_FORM)[keyof typeof ATTRIBUTE_FORM];

/** What every entry of an attribute table says. */
interface AttributeSpec<Name extends string> {
  readonly name: Name;
  /** DynamoDB type: `S`, `N`, or `L` (of `M`). */
  readonly type: 'S' | 'N' | 'L';
  readonly form: AttributeForm;
}

/**
 * The attributes of a line item (an `M` in the order's `items` list), in the pinned contract's order:
 * DynamoDB type, plain form, and the field of the lake row's item it becomes.
 */
export const LINE_ITEM_ATTRIBUTES = [
  { name: 'sku', type: 'S', form: 'string', field: 'sku' },
  { name: 'productName', type: 'S', form: 'string', field: 'product_name' },
  { name: 'category', type: 'S', form: 'string', field: 'category' },
  { name: 'quantity', type: 'N', form: 'integer', field: 'quantity' },
  { name: 'unitPrice', type: 'N', form: 'money', field: 'unit_price' },
] as const satisfies readonly (AttributeSpec<keyof LineItem> & { readonly field: keyof LakeItem })[];
export type LineItemAttribute = (typeof LINE_ITEM_ATTRIBUTES)[number];

/**
 * The attributes of the order item in `OrdersRawTable`, in the pinned contract's order (the order
 * `orderToAttributeMap` writes them in): DynamoDB type, plain form, and the lake column it becomes
 * (`null`: never in the lake; `customerEmail` is personal data). The item codec, the local pipeline's
 * item encoder and the link from attributes to lake columns all read this table.
 */
export const ORDER_ATTRIBUTES = [
  { name: 'orderId', type: 'S', form: 'string', column: 'order_id' },
  { name: 'customerId', type: 'S', form: 'string', column: 'customer_id' },
  { name: 'customerEmail', type: 'S', form: 'string', column: null },
  { name: 'status', type: 'S', form: 'string', column: 'status' },
  { name: 'currency', type: 'S', form: 'string', column: 'currency' },
  { name: 'items', type: 'L', form: 'line-items', column: 'items' },
  { name: 'orderTotal', type: 'N', form: 'money', column: 'order_total' },
  { name: 'channel', type: 'S', form: 'string', column: 'channel' },
  { name: 'country', type: 'S', form: 'string', column: 'country' },
  { name: 'createdAt', type: 'S', form: 'string', column: 'created_at' },
  { name: 'updatedAt', type: 'S', form: 'string', column: 'updated_at' },
  { name: 'version', type: 'N', form: 'integer', column: 'version' },
] as const satisfies readonly (AttributeSpec<keyof Order> & { readonly column: LakeColumnName | null })[];
export type OrderAttribute = (typeof ORDER_ATTRIBUTES)[number];
export type OrderAttributeName = OrderAttribute['name'];

/** The key attribute of the table (partition key, no sort key). */
export const ORDER_KEY_ATTRIBUTE = 'orderId' satisfies OrderAttributeName;
