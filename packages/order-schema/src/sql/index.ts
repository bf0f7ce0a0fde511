// The `@org/order-schema/sql` entry. Its files import TYPES from '@org/order-schema' (values
// relatively): the declarations of this entry then name the main entry's types instead of restating them.
export type { AnalyticsQuery, LakeTableNames } from './analytics-sql';
export { analyticsQueries, currentStateViewSql } from './analytics-sql';
export {
  DUCKDB_TRINO_MACROS,
  duckdbColumns,
  duckdbColumnsArgument,
  duckdbCreateTableSql,
  duckdbType,
} from './duckdb';
export type { GlueColumn } from './glue';
export { glueColumns, gluePartitionKeys, glueType } from './glue';
