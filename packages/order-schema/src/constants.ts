/** Order statuses, in lifecycle order. */
export const ORDER_STATUS = {
  PLACED: 'PLACED',
  PAID: 'PAID',
  SHIPPED: 'SHIPPED',
  DELIVERED: 'DELIVERED',
  CANCELLED: 'CANCELLED',
  RETURNED: 'RETURNED',
} as const;
export type OrderStatus = (typeof ORDER_STATUS)[keyof typeof ORDER_STATUS];
export const ORDER_STATUSES = Object.values(ORDER_STATUS) as [OrderStatus, ...OrderStatus[]];

/** The legal status transitions of an order: PLACED → PAID → SHIPPED → DELIVERED, cancel before shipping, return after delivery. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PLACED: ['PAID', 'CANCELLED'],
  PAID: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: ['RETURNED'],
  CANCELLED: [],
  RETURNED: [],
};

/** Sales channels. */
export const CHANNEL = {
  WEB: 'web',
  MOBILE: 'mobile',
  STORE: 'store',
  MARKETPLACE: 'marketplace',
} as const;
export type Channel = (typeof CHANNEL)[keyof typeof CHANNEL];
export const CHANNELS = Object.values(CHANNEL) as [Channel, ...Channel[]];

/** DynamoDB event names and the lake's change types they map to. */
export const CHANGE_TYPE = {
  INSERT: 'insert',
  MODIFY: 'update',
  REMOVE: 'delete',
} as const;
export type EventName = keyof typeof CHANGE_TYPE;
export type ChangeType = (typeof CHANGE_TYPE)[EventName];
export const CHANGE_TYPES = Object.values(CHANGE_TYPE) as [ChangeType, ...ChangeType[]];

/** Version of the lake row layout. Bump it on any change to `LAKE_COLUMNS`. */
export const SCHEMA_VERSION = 1;

/** Precision and scale of money columns (`decimal(12,2)`). */
export const MONEY_PRECISION = 12;
export const MONEY_SCALE = 2;

/** Default DynamoDB table name of the order items. */
export const DEFAULT_TABLE_NAME = 'OrdersRawTable';

/** Default Glue/DuckDB names of the lake table and the current-state view. */
export const DEFAULT_LAKE_TABLE = 'orders_changes';
export const DEFAULT_CURRENT_STATE_VIEW = 'orders_current';
