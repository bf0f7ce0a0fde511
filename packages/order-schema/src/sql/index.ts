// The `@org/order-schema/sql` entry. Its files import TYPES from '@org/order-schema' (values
// relatively): the declarations of this entry then name the main entry's types instead of restating them.
export type { AnalyticsQuery, LakeTableNames } from './analytics-sql';
export { analyticsQueries, currentStateViewSql } from './analytics-sql';
export type { CurrentStateMergeOptions } from './current-state-merge';
export { currentStateMergeSql } from './current-state-merge';
export {
  DUCKDB_TRINO_MACROS,
  duckdbClockMacroSql,
  duckdbColumnDefinitions,
  duckdbColumns,
  duckdbColumnsArgument,
  duckdbCreateTableSql,
  duckdbType,
} from './duckdb';
export type { GlueColumn } from './glue';
export { glueColumns, gluePartitionKeys, glueType } from './glue';
export type { IcebergStateTableOptions, StateTableMigration, StateTableNames } from './state-table';
export {
  duckdbStateTableSql,
  icebergStateTableSql,
  stateTableMigrationsSql,
} from './state-table';
