export type { AnalyticsQuery, LakeTableNames } from './analytics-sql';
export { analyticsQueries, currentStateViewSql } from './analytics-sql';
export type { AttributeMap, AttributeValue } from './attribute-value';
export { AttributeMapSchema, AttributeValueSchema } from './attribute-value';
export type {
  ChangeRecord,
  DynamoDBStreamChangeRecord,
  KinesisDynamoDBChangeRecord,
  TimestampPrecision,
  WireFormat,
} from './change-record';
export {
  ChangeRecordSchema,
  DynamoDBStreamChangeRecordSchema,
  KinesisDynamoDBChangeRecordSchema,
  TimestampPrecisionSchema,
  WIRE_FORMAT,
} from './change-record';
export type { ChangeType, Channel, EventName, OrderStatus } from './constants';
export {
  CHANGE_TYPE,
  CHANGE_TYPES,
  CHANNEL,
  CHANNELS,
  DEFAULT_CURRENT_STATE_VIEW,
  DEFAULT_LAKE_TABLE,
  DEFAULT_TABLE_NAME,
  MONEY_PRECISION,
  MONEY_SCALE,
  ORDER_STATUS,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  SCHEMA_VERSION,
} from './constants';
export {
  DUCKDB_TRINO_MACROS,
  duckdbColumns,
  duckdbColumnsArgument,
  duckdbCreateTableSql,
  duckdbType,
} from './duckdb';
export { OrderSchemaError } from './errors';
export { exampleOrder } from './example-order';
export type { GlueColumn } from './glue';
export { glueColumns, gluePartitionKeys, glueType } from './glue';
export type {
  ColumnType,
  LakeColumn,
  LakeColumnName,
  LakeItem,
  LakeRow,
  PartitionKeys,
  StructField,
} from './lake-columns';
export {
  LAKE_COLUMN_NAMES,
  LAKE_COLUMNS,
  LakeItemSchema,
  LakeRowSchema,
  PARTITION_KEYS,
  partitionKeysOf,
} from './lake-columns';
export { centsToMoneyText, moneyTextToCents, toMoneyText } from './money';
export type { LineItem, Order, OrderKey } from './order';
export { IsoTimestampSchema, LineItemSchema, MoneyTextSchema, OrderSchema } from './order';
export { orderKeyToAttributeMap, orderToAttributeMap } from './order-item-codec';
export { parseChangeRecord, parseLakeRow, parseOrder } from './parse';
export { describeValue, formatIssues, parseWith } from './validation';
