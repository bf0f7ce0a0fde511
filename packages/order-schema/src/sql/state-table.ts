import { DEFAULT_CURRENT_STATE_TABLE, SCHEMA_VERSION } from '../constants';
import { LAKE_COLUMNS, type LakeColumnName, lakeColumnsSince } from '../lake-columns';
import { duckdbColumnDefinitions } from './duckdb';
import { glueType } from './glue';
import { sqlIdentifier } from './sql-identifier';

/** The name of the current-state table; it may be qualified as `database.name`. */
export interface StateTableNames {
  /** @default 'orders_state' */
  readonly stateTable?: string;
}

/** Where the Iceberg table keeps its data and metadata. */
export interface IcebergStateTableOptions extends StateTableNames {
  /** An `s3://bucket/prefix/` URL (a CDK token inside it is fine); no quotes. */
  readonly location: string;
}

/** One step of the Iceberg table's schema: the columns a row layout added. */
export interface StateTableMigration {
  /** The `SCHEMA_VERSION` whose columns this statement adds. */
  readonly schemaVersion: number;
  /** The columns it adds, in order: what a deploy step checks to run it only once. */
  readonly columns: readonly LakeColumnName[];
  /** `ALTER TABLE … ADD COLUMNS (…)`; Iceberg refuses a column that exists, so run it once. */
  readonly sql: string;
}

/** The row layout the Iceberg table is created with; each later layout arrives as a migration. */
const BASELINE_SCHEMA_VERSION = 1;

const icebergColumns = (names: readonly LakeColumnName[]): string[] =>
  names.map((name) => `${name} ${glueType(LAKE_COLUMNS[name].type)}`);

const S3_LOCATION = /^s3:\/\/[^'\\\s]+$/;

/**
 * Athena DDL of the current-state table as Apache Iceberg, with the baseline layout's columns (the
 * lake row's, one row per order); `stateTableMigrationsSql` brings it to the current layout. Same
 * columns as the view, so either answers the same query.
 *
 * Not partitioned. Athena's MERGE is merge-on-read: it writes position-delete files and new data files
 * and rewrites no existing data file
 * (https://docs.aws.amazon.com/athena/latest/ug/querying-iceberg-updating-iceberg-table-data.html),
 * so a bucket partition would not make a refresh write less. It would make it write more files: order
 * ids hash evenly, so every 15-minute refresh touches nearly every bucket and writes a small data file
 * and a delete file in each, while the whole table (one row per order) is tens of MB per 100,000
 * orders, far below one well-sized file per bucket. Scheduled OPTIMIZE folds the delete files back in.
 */
export function icebergStateTableSql(options: IcebergStateTableOptions): string {
  const stateTable = sqlIdentifier('stateTable', options.stateTable ?? DEFAULT_CURRENT_STATE_TABLE);
  if (!S3_LOCATION.test(options.location)) {
    throw new RangeError(
      `location must be an s3:// URL without quotes or spaces, got ${JSON.stringify(options.location)}`,
    );
  }
  return `CREATE TABLE IF NOT EXISTS ${stateTable} (
  ${icebergColumns(lakeColumnsSince(BASELINE_SCHEMA_VERSION)).join(',\n  ')}
)
LOCATION '${options.location}'
TBLPROPERTIES ('table_type' = 'ICEBERG')`;
}

/**
 * One `ALTER TABLE … ADD COLUMNS` per row layout after the baseline, in order, derived from the
 * columns: a table created by `icebergStateTableSql` and one created by an earlier release reach the
 * same columns. Additive only: Iceberg adds columns by id, and rows written before read them as null.
 */
export function stateTableMigrationsSql(names: StateTableNames = {}): StateTableMigration[] {
  const stateTable = sqlIdentifier('stateTable', names.stateTable ?? DEFAULT_CURRENT_STATE_TABLE);
  const migrations: StateTableMigration[] = [];
  for (let schemaVersion = BASELINE_SCHEMA_VERSION + 1; schemaVersion <= SCHEMA_VERSION; schemaVersion++) {
    const added = lakeColumnsSince(schemaVersion);
    if (added.length === 0) continue;
    migrations.push({
      schemaVersion,
      columns: added,
      sql: `ALTER TABLE ${stateTable} ADD COLUMNS (${icebergColumns(added).join(', ')})`,
    });
  }
  return migrations;
}

/**
 * `CREATE TABLE IF NOT EXISTS` of the current-state table in DuckDB, with every current column: the
 * lake's nullability, and `order_id` as primary key, so a MERGE that gave an order two rows would fail.
 */
export function duckdbStateTableSql(names: StateTableNames = {}): string {
  const stateTable = sqlIdentifier('stateTable', names.stateTable ?? DEFAULT_CURRENT_STATE_TABLE);
  const columns = [...duckdbColumnDefinitions(), 'PRIMARY KEY (order_id)'];
  return `CREATE TABLE IF NOT EXISTS ${stateTable} (\n  ${columns.join(',\n  ')}\n)`;
}
