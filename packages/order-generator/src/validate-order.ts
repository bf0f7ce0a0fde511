import { formatIssues, type Order, OrderSchema } from '@org/order-schema';

// Orders already checked by the generator; the writer skips them instead of validating twice.
const validated = new WeakSet<object>();

/**
 * Checks an order against `OrderSchema`. Returns undefined when it is valid, else the issues, each
 * naming the field and the value (the customer e-mail is never echoed: it must not reach logs).
 */
export function orderIssues(order: Order): string | undefined {
  if (typeof order === 'object' && order !== null && validated.has(order)) return undefined;
  const result = OrderSchema.safeParse(order);
  if (result.success) {
    validated.add(order);
    return undefined;
  }
  const shown =
    typeof order === 'object' && order !== null && 'customerEmail' in order
      ? { ...order, customerEmail: '<redacted>' }
      : order;
  return formatIssues(result.error, shown);
}
