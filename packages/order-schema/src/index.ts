export type { AttributeMap, AttributeValue } from './attribute-value';
export { AttributeMapSchema, AttributeValueSchema } from './attribute-value';
export type {
  ChangeRecord,
  DynamoDBStreamChangeRecord,
  KinesisDynamoDBChangeRecord,
  SnapshotChangeRecord,
  StreamUserIdentity,
  StreamViewType,
  TimestampPrecision,
} from './change-record';
export {
  ChangeRecordSchema,
  DynamoDBStreamChangeRecordSchema,
  EventNameSchema,
  KinesisDynamoDBChangeRecordSchema,
  SNAPSHOT_EVENT_SOURCE,
  SnapshotChangeRecordSchema,
  StreamUserIdentitySchema,
  StreamViewTypeSchema,
  TimestampPrecisionSchema,
} from './change-record';
export type {
  CaptureMode,
  ChangeEventName,
  ChangeType,
  Channel,
  EventName,
  OrderStatus,
  OutputFormat,
  SchemaVersion,
} from './constants';
export {
  CAPTURE_MODE,
  CAPTURE_MODES,
  CHANGE_TYPE,
  CHANGE_TYPES,
  CHANNEL,
  CHANNELS,
  DEFAULT_CURRENT_STATE_TABLE,
  DEFAULT_CURRENT_STATE_VIEW,
  DEFAULT_LAKE_TABLE,
  DEFAULT_TABLE_NAME,
  MONEY_PRECISION,
  MONEY_SCALE,
  ORDER_STATUS,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  OUTPUT_FORMAT,
  OUTPUT_FORMATS,
  SCHEMA_VERSION,
  SCHEMA_VERSIONS,
} from './constants';
export { OrderSchemaError } from './errors';
export type {
  ColumnType,
  LakeColumn,
  LakeColumnName,
  LakeItem,
  LakeRow,
  LakeRowLayoutSchema,
  LakeRowOfLayout,
  PartitionKeys,
  StructField,
} from './lake-columns';
export {
  BASELINE_LAKE_COLUMN_NAMES,
  LAKE_COLUMN_NAMES,
  LAKE_COLUMNS,
  LAKE_ROW_LAYOUTS,
  LakeItemSchema,
  LakeRowSchema,
  lakeColumnNamesOf,
  lakeColumnsSince,
  PARTITION_KEYS,
  partitionKeysOf,
} from './lake-columns';
export { centsToMoneyText, moneyTextToCents, toMoneyText } from './money';
export type { LineItem, Order, OrderKey } from './order';
export { IsoTimestampSchema, LineItemSchema, MoneyTextSchema, OrderSchema } from './order';
export type {
  AddedAttributeForm,
  AddedOrderAttribute,
  AttributeForm,
  LineItemAttribute,
  OrderAttribute,
  OrderAttributeName,
} from './order-attributes';
export {
  ADDED_ORDER_ATTRIBUTES,
  ATTRIBUTE_FORM,
  LINE_ITEM_ATTRIBUTES,
  ORDER_ATTRIBUTES,
  ORDER_KEY_ATTRIBUTE,
} from './order-attributes';
export type { AttributeMapToOrderOptions } from './order-item-codec';
export { attributeMapToOrder, orderKeyToAttributeMap, orderToAttributeMap } from './order-item-codec';
export { parseChangeRecord, parseLakeRow, parseOrder } from './parse';
export { describeValue, formatIssues, parseWith } from './validation';
