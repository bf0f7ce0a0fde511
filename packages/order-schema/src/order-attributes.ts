import type { LakeItem } from './lake-columns';
import type { LineItem } from './order';

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

/** The forms an attribute added after the first schema version may have: one scalar value. */
export type AddedAttributeForm = Exclude<AttributeForm, 'line-items'>;

/** What every entry of an attribute table says. */
interface AttributeSpec<Name extends string = string> {
  readonly name: Name;
  /** DynamoDB type: `S`, `N`, or `L` (of `M`). */
  readonly type: 'S' | 'N' | 'L';
  readonly form: AttributeForm;
}

/** An attribute of the first schema version: required, as the pinned contract lists it. */
interface BaselineAttributeSpec extends AttributeSpec {
  /** The lake column it becomes; `null`: never in the lake. */
  readonly column: string | null;
  readonly since: 1;
}

/**
 * An attribute added by a later schema version: optional (items written before it lack it), one
 * scalar value, and its lake column (nullable) described for the catalog.
 */
interface AddedAttributeSpec extends AttributeSpec {
  readonly type: 'S' | 'N';
  readonly form: AddedAttributeForm;
  readonly column: string | null;
  /** The `SCHEMA_VERSION` that added it. */
  readonly since: number;
  /** What it means; the lake column's description (Glue comment). */
  readonly description: string;
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
 * The attributes of the order item in `OrdersRawTable`: THE place to add one. The pinned contract's
 * attributes first (`since: 1`, required), then those added by later schema versions (`since` = the
 * `SCHEMA_VERSION` that added them; optional, one scalar each, with a description). Each names its
 * DynamoDB type, plain form and the lake column it becomes (`null`: never in the lake;
 * `customerEmail` is personal data).
 *
 * Everything else follows from this table: the item codec (`orderToAttributeMap`,
 * `attributeMapToOrder`), the optional fields of `OrderSchema`, the lake columns of the added
 * attributes (`LAKE_COLUMNS`, hence `LakeRowSchema`, Glue and DuckDB columns, the state table's
 * migrations), the transformer's reading and writing of them, and the local pipeline's item encoder.
 * See the README, "Adding an attribute".
 */
export const ORDER_ATTRIBUTES = [
  { name: 'orderId', type: 'S', form: 'string', column: 'order_id', since: 1 },
  { name: 'customerId', type: 'S', form: 'string', column: 'customer_id', since: 1 },
  { name: 'customerEmail', type: 'S', form: 'string', column: null, since: 1 },
  { name: 'status', type: 'S', form: 'string', column: 'status', since: 1 },
  { name: 'currency', type: 'S', form: 'string', column: 'currency', since: 1 },
  { name: 'items', type: 'L', form: 'line-items', column: 'items', since: 1 },
  { name: 'orderTotal', type: 'N', form: 'money', column: 'order_total', since: 1 },
  { name: 'channel', type: 'S', form: 'string', column: 'channel', since: 1 },
  { name: 'country', type: 'S', form: 'string', column: 'country', since: 1 },
  { name: 'createdAt', type: 'S', form: 'string', column: 'created_at', since: 1 },
  { name: 'updatedAt', type: 'S', form: 'string', column: 'updated_at', since: 1 },
  { name: 'version', type: 'N', form: 'integer', column: 'version', since: 1 },
  {
    name: 'couponCode',
    type: 'S',
    form: 'string',
    column: 'coupon_code',
    since: 2,
    description: 'couponCode, the coupon the order was placed with; null without one',
  },
  {
    name: 'discountTotal',
    type: 'N',
    form: 'money',
    column: 'discount_total',
    since: 2,
    description:
      'discountTotal, exact decimal(12,2): the discount; order_total is before it; null without one',
  },
] as const satisfies readonly (BaselineAttributeSpec | AddedAttributeSpec)[];
export type OrderAttribute = (typeof ORDER_ATTRIBUTES)[number];
export type OrderAttributeName = OrderAttribute['name'];

/** An attribute added after the first schema version (optional in `Order`, a nullable lake column). */
export type AddedOrderAttribute = Exclude<OrderAttribute, { readonly since: 1 }>;

/** The attributes added after the first schema version, in table order. */
export const ADDED_ORDER_ATTRIBUTES: readonly AddedOrderAttribute[] = ORDER_ATTRIBUTES.filter(
  (attribute): attribute is AddedOrderAttribute => attribute.since > 1,
);

/** The key attribute of the table (partition key, no sort key). */
export const ORDER_KEY_ATTRIBUTE = 'orderId' satisfies OrderAttributeName;
