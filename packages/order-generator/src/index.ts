export { joinNegativeValues } from './cli-options';
export type { InsertMode } from './constants';
export {
  GENERATE_DEFAULTS,
  INSERT_MODE,
  LIFECYCLE_MEAN_DELAY_MS,
  MAX_BATCH_SIZE,
  MAX_TRANSACTION_SIZE,
  WRITER_DEFAULTS,
} from './constants';
export type { CreateOrdersTableOptions, OrdersTableInfo } from './create-orders-table';
export { createOrdersTable } from './create-orders-table';
export type { DynamoDBConnection, DynamoDBConnectionOptions } from './dynamodb-connection';
export {
  connectDynamoDB,
  connectionError,
  describeOrdersTable,
  isLocalEndpoint,
} from './dynamodb-connection';
export { DynamoDBOrderTable, translateError } from './dynamodb-order-table';
export type { ConditionFailure } from './errors';
export {
  AmbiguousWriteError,
  ConditionFailedError,
  EndpointUnreachableError,
  InvalidOptionError,
  InvalidOrderError,
  MissingCredentialsError,
  MissingRegionError,
  NotAppliedError,
  OrderGeneratorError,
  OrderSkippedError,
  RetriesExhaustedError,
  TableNotFoundError,
  ThrottledError,
} from './errors';
export { finalOrderState } from './final-order-state';
export { generateOperations } from './generate-operations';
export type { GenerateOptions, ResolvedGenerateOptions } from './generate-options';
export { resolveGenerateOptions } from './generate-options';
export type { LifecycleRates, LifecycleStep } from './lifecycle';
export { OrderWriter } from './order-writer';
export type { OrderWriterOptions } from './order-writer-options';
export type { CliIo } from './run-cli';
export { runCli } from './run-cli';
export { SeededRandom } from './seeded-random';
export type { Customer } from './shop';
export type { OrderOperation, OrderOperationType, OrderWriteTarget } from './types';
export { orderIssues } from './validate-order';
export type { WriteFailure, WriteProgress, WriteSummary } from './write-summary';
export { orderIdOf } from './write-summary';
