// The names that moved to `@org/order-schema/sql` and `@org/order-schema/testing`, kept on the main
// entry for one release so that importers can move at their own pace.
import * as sql from './sql/index';
import * as testing from './testing/index';

/** @deprecated moved to `@org/order-schema/sql` */
export type AnalyticsQuery = sql.AnalyticsQuery;

/** @deprecated moved to `@org/order-schema/sql` */
export type GlueColumn = sql.GlueColumn;

/** @deprecated moved to `@org/order-schema/sql` */
export type LakeTableNames = sql.LakeTableNames;

/** @deprecated moved to `@org/order-schema/sql` */
export const analyticsQueries = sql.analyticsQueries;

/** @deprecated moved to `@org/order-schema/sql` */
export const currentStateViewSql = sql.currentStateViewSql;

/** @deprecated moved to `@org/order-schema/sql` */
export const DUCKDB_TRINO_MACROS = sql.DUCKDB_TRINO_MACROS;

/** @deprecated moved to `@org/order-schema/sql` */
export const duckdbColumns = sql.duckdbColumns;

/** @deprecated moved to `@org/order-schema/sql` */
export const duckdbColumnsArgument = sql.duckdbColumnsArgument;

/** @deprecated moved to `@org/order-schema/sql` */
export const duckdbCreateTableSql = sql.duckdbCreateTableSql;

/** @deprecated moved to `@org/order-schema/sql` */
export const duckdbType = sql.duckdbType;

/** @deprecated moved to `@org/order-schema/sql` */
export const glueColumns = sql.glueColumns;

/** @deprecated moved to `@org/order-schema/sql` */
export const gluePartitionKeys = sql.gluePartitionKeys;

/** @deprecated moved to `@org/order-schema/sql` */
export const glueType = sql.glueType;

/** @deprecated moved to `@org/order-schema/testing` */
export const exampleOrder = testing.exampleOrder;
