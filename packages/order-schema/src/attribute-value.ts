import * as z from 'zod';

/**
 * A DynamoDB `AttributeValue` in its JSON wire form (as in stream records): exactly one of
 * S, N, B, BOOL, NULL, M, L, SS, NS, BS.
 */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { M: AttributeMap }
  | { L: AttributeValue[] }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] };

/** A DynamoDB item or key in wire form. */
export type AttributeMap = { [name: string]: AttributeValue };

/** @example { S: 'ord-000001' } */
export const AttributeValueSchema: z.ZodType<AttributeValue> = z.lazy(() =>
  z.union([
    z.strictObject({ S: z.string() }),
    z.strictObject({ N: z.string() }),
    z.strictObject({ B: z.string() }),
    z.strictObject({ BOOL: z.boolean() }),
    z.strictObject({ NULL: z.literal(true) }),
    z.strictObject({ M: z.record(z.string(), AttributeValueSchema) }),
    z.strictObject({ L: z.array(AttributeValueSchema) }),
    z.strictObject({ SS: z.array(z.string()) }),
    z.strictObject({ NS: z.array(z.string()) }),
    z.strictObject({ BS: z.array(z.string()) }),
  ]),
);

/** @example { orderId: { S: 'ord-000001' }, version: { N: '1' } } */
export const AttributeMapSchema: z.ZodType<AttributeMap> = z.record(z.string(), AttributeValueSchema);
