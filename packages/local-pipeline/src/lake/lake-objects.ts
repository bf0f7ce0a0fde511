import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DEFAULT_LAKE_TABLE,
  lakeColumnNamesOf,
  OUTPUT_FORMAT,
  type OutputFormat,
  PARTITION_KEYS,
  type SchemaVersion,
} from '@org/order-schema';
import { duckdbColumns, duckdbColumnsArgument } from '@org/order-schema/sql';
import { sqlString } from './sql-text';

/** The file extension of the lake's objects in `format`. */
export const lakeObjectExtension = (format: OutputFormat): string =>
  format === OUTPUT_FORMAT.PARQUET ? '.parquet' : '.gz';

/**
 * The DuckDB table function that reads every lake object under `<out>/lake/<table>/`, as Athena reads
 * the Glue table: columns by name, so objects of an older row layout read with null in the columns it
 * lacks (JSON through the declared columns, Parquet through `union_by_name`). With `partitions`, `dt`
 * and `hour` come from the path as strings (Glue's partition keys), and a filter on them skips whole
 * partitions before any object is opened. `mixedLayouts: false` promises that every object has the
 * same layout (a run that played no upgrade), which spares DuckDB reading every object's schema.
 * `files` (at least one) names the objects to read, as Athena's partition projection names the
 * partitions a query reads instead of listing the table's location.
 */
export function lakeObjectsSql(
  outDir: string,
  format: OutputFormat,
  {
    partitions = true,
    table = DEFAULT_LAKE_TABLE,
    mixedLayouts = true,
    files,
  }: {
    partitions?: boolean;
    table?: string;
    mixedLayouts?: boolean;
    /** Read these objects (paths under the table's folder) instead of listing every object. */
    files?: readonly string[];
  } = {},
): string {
  const glob = files
    ? `[${files.map(sqlString).join(', ')}]`
    : sqlString(join(outDir, 'lake', table, `**/*${lakeObjectExtension(format)}`));
  const hive = partitions
    ? `hive_partitioning = true, hive_types = {${PARTITION_KEYS.map((key) => `'${key.name}': 'VARCHAR'`).join(', ')}}`
    : 'hive_partitioning = false';
  // `union_by_name` opens every object to read its schema before any partition is pruned, so it is
  // asked for only where objects of different layouts may meet; else the first object's schema holds.
  return format === OUTPUT_FORMAT.PARQUET
    ? `read_parquet(${glob}, ${hive}, union_by_name = ${mixedLayouts})`
    : `read_json(${glob}, format = 'newline_delimited', compression = 'gzip', ${hive}, columns = ${duckdbColumnsArgument()})`;
}

/** `columns = {…}` for `read_json` with the columns of one row layout (those it has, in order). */
export function layoutColumnsArgument(layout: SchemaVersion): string {
  const types = duckdbColumns();
  return `{${lakeColumnNamesOf(layout)
    .map((name) => `'${name}': '${types[name]}'`)
    .join(', ')}}`;
}

/** Whether any lake object exists yet (DuckDB refuses a glob that matches no file). */
export async function hasLakeObjects(
  outDir: string,
  format: OutputFormat,
  table: string = DEFAULT_LAKE_TABLE,
): Promise<boolean> {
  try {
    const entries = await readdir(join(outDir, 'lake', table), { recursive: true });
    return entries.some((entry) => entry.endsWith(lakeObjectExtension(format)));
  } catch {
    return false;
  }
}
