import type { Order } from '@org/order-schema';
import type { OrderOperation } from './types';

/**
 * The table contents the operations imply when every one of them succeeds: the last written version
 * of each order, without the deleted ones. Useful to reconcile a table (or a lake's current-state view)
 * with what was generated.
 */
export function finalOrderState(operations: Iterable<OrderOperation>): Map<string, Order> {
  const state = new Map<string, Order>();
  for (const operation of operations) {
    if (operation.type === 'delete') state.delete(operation.orderId);
    else state.set(operation.order.orderId, operation.order);
  }
  return state;
}
