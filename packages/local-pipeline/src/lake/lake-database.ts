import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { DEFAULT_LAKE_TABLE, OUTPUT_FORMAT, type OutputFormat } from '@org/order-schema';
import { DUCKDB_TRINO_MACROS, duckdbColumnsArgument, duckdbCreateTableSql } from '@org/order-schema/sql';
import { sqlString } from './sql-text';

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

async function hasFiles(directory: string, extension: string): Promise<boolean> {
  try {
    const entries = await readdir(directory, { recursive: true });
    return entries.some((entry) => entry.endsWith(extension));
  } catch {
    return false;
  }
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
  const directory = join(outDir, 'lake', table);
  const extension = format === OUTPUT_FORMAT.PARQUET ? '.parquet' : '.gz';
  const { connection } = database;
  await connection.run(`DROP TABLE IF EXISTS ${table}`);
  if (!(await hasFiles(directory, extension))) {
    await connection.run(duckdbCreateTableSql(table));
    return;
  }
  const glob = sqlString(join(directory, `**/*${extension}`));
  const source =
    format === OUTPUT_FORMAT.PARQUET
      ? `read_parquet(${glob}, hive_partitioning = false)`
      : `read_json(${glob}, format = 'newline_delimited', compression = 'gzip', hive_partitioning = false, columns = ${duckdbColumnsArgument()})`;
  await connection.run(duckdbCreateTableSql(table));
  await connection.run(`INSERT INTO ${table} SELECT * FROM ${source}`);
}
