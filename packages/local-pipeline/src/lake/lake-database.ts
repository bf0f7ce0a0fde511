import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { DEFAULT_LAKE_TABLE, type OutputFormat } from '@org/order-schema';
import { DUCKDB_TRINO_MACROS, duckdbCreateTableSql } from '@org/order-schema/sql';
import { hasLakeObjects, lakeObjectsSql } from './lake-objects';

/** A DuckDB database that plays Athena: UTC session, Trino function names, the lake as a table. */
export interface LakeDatabase {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  close(): void;
}

/**
 * Opens DuckDB backed by a file (so the lake's rows spill to disk instead of growing memory), with
 * TimeZone UTC and the Trino macros, so the analytics SQL runs unchanged.
 */
export async function openLakeDatabase(path: string, memoryLimit = '256MB'): Promise<LakeDatabase> {
  const instance = await DuckDBInstance.create(path, { memory_limit: memoryLimit, threads: '2' });
  const connection = await instance.connect();
  await connection.run(`SET TimeZone = 'UTC'`);
  // Loading the lake need not keep file order; without this DuckDB buffers whole inputs in memory.
  await connection.run('SET preserve_insertion_order = false');
  for (const macro of DUCKDB_TRINO_MACROS) await connection.run(macro);
  return {
    instance,
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Loads every lake object under `<out>/lake/<table>/` into the table `orders_changes` (Glue's table
 * over the same prefix). Partition columns stay in the path, as with Athena's projection.
 */
export async function loadLake(
  database: LakeDatabase,
  outDir: string,
  format: OutputFormat,
  table: string = DEFAULT_LAKE_TABLE,
): Promise<void> {
  const { connection } = database;
  await connection.run(`DROP TABLE IF EXISTS ${table}`);
  await connection.run(duckdbCreateTableSql(table));
  if (!(await hasLakeObjects(outDir, format, table))) return;
  await connection.run(
    `INSERT INTO ${table} BY NAME SELECT * FROM ${lakeObjectsSql(outDir, format, { partitions: false, table })}`,
  );
}
