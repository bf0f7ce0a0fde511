import * as z from 'zod';
import { CHANNELS, ORDER_STATUSES } from './constants';
import { centsToMoneyText, moneyTextToCents, toMoneyText } from './money';
import {
  ADDED_ORDER_ATTRIBUTES,
  type AddedAttributeForm,
  type AddedOrderAttribute,
} from './order-attributes';

/** ISO 8601 UTC with milliseconds, e.g. `2026-11-25T10:15:30.123Z`. */
export const IsoTimestampSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'expected ISO 8601 UTC with milliseconds');

/** `decimal(12,2)` money as exact decimal text with two places, e.g. `"12.30"`. */
export const MoneyTextSchema = z
  .string()
  .refine((text) => toMoneyText(text) === text, 'expected decimal(12,2) text with 2 places, e.g. "12.30"');

/**
 * One line of an order.
 *
 * @example
 * { sku: 'SKU-ELE-0001', productName: 'Noise-cancelling headphones', category: 'electronics', quantity: 2, unitPrice: '129.90' }
 */
export const LineItemSchema = z.object({
  sku: z.string().min(1),
  productName: z.string().min(1),
  category: z.string().min(1),
  quantity: z.number().int().min(1),
  unitPrice: MoneyTextSchema,
});
export type LineItem = z.infer<typeof LineItemSchema>;

/** Integer cents of money text, or undefined when it is not money. */
function centsOf(text: string): number | undefined {
  return toMoneyText(text) === undefined ? undefined : moneyTextToCents(text);
}

/** Σ quantity × unitPrice in cents; undefined when a price is not money (its own check names it). */
function linesCents(items: readonly LineItem[]): number | undefined {
  let cents = 0;
  for (const item of items) {
    const price = centsOf(item.unitPrice);
    if (price === undefined) return undefined;
    cents += item.quantity * price;
  }
  return cents;
}

/** The value of an added attribute in the plain `Order`, by its form. */
const ADDED_FIELD_SCHEMAS = {
  string: z.string().min(1),
  integer: z.number().int(),
  money: MoneyTextSchema,
} as const satisfies Record<AddedAttributeForm, z.ZodType>;

type AddedFields = {
  [A in AddedOrderAttribute as A['name']]: z.ZodOptional<(typeof ADDED_FIELD_SCHEMAS)[A['form']]>;
};

/** The optional fields of the attributes added after the first schema version (`ORDER_ATTRIBUTES`). */
const addedFields = Object.fromEntries(
  ADDED_ORDER_ATTRIBUTES.map((attribute) => [attribute.name, ADDED_FIELD_SCHEMAS[attribute.form].optional()]),
) as AddedFields;

/**
 * The order item in DynamoDB (`OrdersRawTable`), in plain form: DynamoDB numbers that are money are
 * kept as exact decimal text, integers as numbers. `orderTotal` equals the sum of quantity × unitPrice:
 * the amount before any discount. Schema version 2 adds two optional attributes: `couponCode` and
 * `discountTotal` (money, from 0 to `orderTotal`); the customer pays `orderTotal - discountTotal`.
 *
 * @example
 * {
 *   orderId: 'ord-000001', customerId: 'cus-00042', customerEmail: 'ada@example.com', status: 'PLACED',
 *   currency: 'EUR', items: [{ sku: 'SKU-ELE-0001', productName: 'Headphones', category: 'electronics', quantity: 1, unitPrice: '129.90' }],
 *   orderTotal: '129.90', channel: 'web', country: 'DE',
 *   createdAt: '2026-11-25T10:15:30.123Z', updatedAt: '2026-11-25T10:15:30.123Z', version: 1,
 * }
 */
export const OrderSchema = z
  .object({
    orderId: z.string().min(1),
    customerId: z.string().min(1),
    customerEmail: z.email(),
    status: z.enum(ORDER_STATUSES),
    currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code'),
    items: z.array(LineItemSchema).min(1),
    orderTotal: MoneyTextSchema,
    channel: z.enum(CHANNELS),
    country: z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code'),
    createdAt: IsoTimestampSchema,
    updatedAt: IsoTimestampSchema,
    version: z.number().int().min(1),
    ...addedFields,
  })
  .superRefine((order, ctx) => {
    const cents = linesCents(order.items);
    if (cents !== undefined && centsOf(order.orderTotal) !== cents) {
      ctx.addIssue({
        code: 'custom',
        path: ['orderTotal'],
        input: order.orderTotal,
        message: `orderTotal must equal the sum of quantity × unitPrice (${centsToMoneyText(cents)})`,
      });
    }
    const discount = order.discountTotal === undefined ? undefined : centsOf(order.discountTotal);
    if (cents !== undefined && discount !== undefined && (discount < 0 || discount > cents)) {
      ctx.addIssue({
        code: 'custom',
        path: ['discountTotal'],
        input: order.discountTotal,
        message: `discountTotal must be from 0.00 to orderTotal (${centsToMoneyText(cents)})`,
      });
    }
    if (order.updatedAt < order.createdAt) {
      ctx.addIssue({
        code: 'custom',
        path: ['updatedAt'],
        input: order.updatedAt,
        message: 'updatedAt must not be before createdAt',
      });
    }
  });
export type Order = z.infer<typeof OrderSchema>;

/** The key of an order item. */
export type OrderKey = Pick<Order, 'orderId'>;
