import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ADDED_ORDER_ATTRIBUTES,
  attributeMapToOrder,
  LAKE_COLUMN_NAMES,
  LAKE_COLUMNS,
  type LakeItem,
  LakeItemSchema,
  LINE_ITEM_ATTRIBUTES,
  type LineItem,
  ORDER_ATTRIBUTES,
  type Order,
  type OrderAttributeName,
  OrderSchemaError,
  orderToAttributeMap,
} from '../../src/index';
import { exampleOrder, storedImage } from '../../src/testing/index';

describe('ORDER_ATTRIBUTES', () => {
  it('names every field of Order and of a line item exactly once (checked by the compiler)', () => {
    expectTypeOf<OrderAttributeName>().toEqualTypeOf<keyof Order>();
    expectTypeOf<(typeof LINE_ITEM_ATTRIBUTES)[number]['name']>().toEqualTypeOf<keyof LineItem>();
    expectTypeOf<(typeof LINE_ITEM_ATTRIBUTES)[number]['field']>().toEqualTypeOf<keyof LakeItem>();
    const names = ORDER_ATTRIBUTES.map((attribute) => attribute.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('keeps customerEmail, and only it, out of the lake', () => {
    expect(ORDER_ATTRIBUTES.filter((attribute) => attribute.column === null).map((a) => a.name)).toEqual([
      'customerEmail',
    ]);
    expect(LAKE_COLUMN_NAMES).not.toContain('customer_email');
  });

  it('feeds distinct lake columns, and a lake item with its fields in the lake order', () => {
    const columns = ORDER_ATTRIBUTES.flatMap((attribute) => (attribute.column ? [attribute.column] : []));
    expect(new Set(columns).size).toBe(columns.length);
    for (const column of columns) expect(LAKE_COLUMN_NAMES).toContain(column);
    expect(LINE_ITEM_ATTRIBUTES.map((attribute) => attribute.field)).toEqual(
      Object.keys(LakeItemSchema.shape),
    );
  });

  it('gives each DynamoDB type a form that fits it', () => {
    const forms = { S: ['string'], N: ['integer', 'money'], L: ['line-items'] };
    for (const attribute of [...ORDER_ATTRIBUTES, ...LINE_ITEM_ATTRIBUTES]) {
      expect(forms[attribute.type], attribute.name).toContain(attribute.form);
    }
  });

  it('adds couponCode and discountTotal in version 2, as nullable lake columns described once', () => {
    expect(ADDED_ORDER_ATTRIBUTES.map((attribute) => [attribute.name, attribute.column])).toEqual([
      ['couponCode', 'coupon_code'],
      ['discountTotal', 'discount_total'],
    ]);
    for (const attribute of ADDED_ORDER_ATTRIBUTES) {
      const column = LAKE_COLUMNS[attribute.column];
      expect(column).toMatchObject({
        since: attribute.since,
        nullable: true,
        description: attribute.description,
      });
    }
    expect(LAKE_COLUMNS.discount_total.type).toEqual(LAKE_COLUMNS.order_total.type);
    expectTypeOf<Order['couponCode']>().toEqualTypeOf<string | undefined>();
  });

  it('is the order and the types orderToAttributeMap writes', () => {
    const map = orderToAttributeMap(exampleOrder({ couponCode: 'WELCOME10', discountTotal: '25.98' }));
    expect(Object.keys(map)).toEqual(ORDER_ATTRIBUTES.map((attribute) => attribute.name));
    for (const attribute of ORDER_ATTRIBUTES)
      expect(Object.keys(map[attribute.name]!)).toEqual([attribute.type]);
    const line = map['items'] as { L: { M: Record<string, object> }[] };
    expect(Object.keys(line.L[0]!.M)).toEqual(LINE_ITEM_ATTRIBUTES.map((attribute) => attribute.name));
  });
});

describe('attributeMapToOrder', () => {
  it('reads back what orderToAttributeMap writes', () => {
    const order = exampleOrder({ status: 'PAID', version: 7 });
    expect(attributeMapToOrder(orderToAttributeMap(order))).toEqual(order);
    const withCoupon = exampleOrder({ couponCode: 'WELCOME10', discountTotal: '25.90' });
    expect(attributeMapToOrder(storedImage(withCoupon))).toStrictEqual(withCoupon);
  });

  it('leaves an optional attribute the item lacks (or holds as NULL) out of both forms', () => {
    const map = orderToAttributeMap(exampleOrder());
    expect(Object.keys(map)).not.toContain('couponCode');
    expect(attributeMapToOrder(map)).toStrictEqual(exampleOrder());
    expect(attributeMapToOrder({ ...map, couponCode: { NULL: true } })).toStrictEqual(exampleOrder());
  });

  it('names an optional attribute of the wrong type and its value', () => {
    const item = { ...orderToAttributeMap(exampleOrder()), discountTotal: { S: 'ten' } };
    expect(() => attributeMapToOrder(item)).toThrow('discountTotal: expected decimal(12,2) text');
    expect(() => attributeMapToOrder({ ...item, discountTotal: { BOOL: true } })).toThrow(
      'discountTotal: Invalid input: expected string, received object (got {"BOOL":true})',
    );
  });

  it('reads money as DynamoDB returns it ("129.9") as 2-place text, and drops unknown attributes', () => {
    const item = storedImage(exampleOrder(), { loyaltyAccount: { N: '12345678901234567890' } });
    expect(item['orderTotal']).toEqual({ N: '259.85' });
    expect(JSON.stringify(item['items'])).toContain('{"N":"129.9"}');
    expect(attributeMapToOrder(item)).toEqual(exampleOrder());
  });

  it('names a missing or mistyped attribute', () => {
    const { status: _status, ...withoutStatus } = orderToAttributeMap(exampleOrder());
    expect(() => attributeMapToOrder(withoutStatus)).toThrow(OrderSchemaError);
    expect(() => attributeMapToOrder(withoutStatus)).toThrow('status:');
    const badQuantity = storedImage(exampleOrder());
    (badQuantity['items'] as { L: { M: Record<string, unknown> }[] }).L[1]!.M['quantity'] = { N: '0' };
    expect(() => attributeMapToOrder(badQuantity)).toThrow('items[1].quantity:');
  });

  it('skips the check when told to, for items this process wrote', () => {
    const item = orderToAttributeMap(exampleOrder({ orderTotal: '1.00' }));
    expect(() => attributeMapToOrder(item)).toThrow('orderTotal:');
    expect(attributeMapToOrder(item, { validate: false }).orderTotal).toBe('1.00');
  });
});
