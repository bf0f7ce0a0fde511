import type { ColumnType } from '@org/order-schema';
import { LAKE_COLUMN_NAMES, LAKE_COLUMNS } from '../lake-columns';
import { IsoTimestampSchema } from '../order';

/** The DuckDB type of a column: `VARCHAR`, `DECIMAL(12,2)`, `STRUCT(…)[]`, … */
export function duckdbType(type: ColumnType): string {
  switch (type.kind) {
    case 'string':
      return 'VARCHAR';
    case 'int':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'boolean':
      return 'BOOLEAN';
    case 'decimal':
      return `DECIMAL(${type.precision},${type.scale})`;
    case 'array':
      return `${duckdbType(type.of)}[]`;
    case 'struct':
      return `STRUCT(${type.fields.map((field) => `${field.name} ${duckdbType(field.type)}`).join(', ')})`;
  }
}

/** The lake row's DuckDB columns, in row order, as `read_json(…, columns = {…})` takes them. */
export function duckdbColumns(): Record<string, string> {
  return Object.fromEntries(LAKE_COLUMN_NAMES.map((name) => [name, duckdbType(LAKE_COLUMNS[name].type)]));
}

/** `columns = {…}` argument text for DuckDB's `read_json`. */
export function duckdbColumnsArgument(): string {
  const entries = Object.entries(duckdbColumns()).map(([name, type]) => `'${name}': '${type}'`);
  return `{${entries.join(', ')}}`;
}

/** The lake columns as DuckDB column definitions (`name TYPE [NOT NULL]`), in row order. */
export function duckdbColumnDefinitions(): string[] {
  return LAKE_COLUMN_NAMES.map((name) => {
    const nullability = LAKE_COLUMNS[name].nullable ? '' : ' NOT NULL';
    return `${name} ${duckdbType(LAKE_COLUMNS[name].type)}${nullability}`;
  });
}

/** `CREATE TABLE` for the lake rows in DuckDB. */
export function duckdbCreateTableSql(table: string): string {
  return `CREATE TABLE ${table} (\n  ${duckdbColumnDefinitions().join(',\n  ')}\n)`;
}

/**
 * DuckDB macros that give Trino's (Athena's) function names to DuckDB, so that the analytics SQL is
 * written once, in Athena's dialect, and runs in both. `date_format` is Trino's MySQL-style formatting;
 * the specifiers the SQL uses (`%Y %m %d %H`) mean the same to DuckDB's `strftime`.
 */
export const DUCKDB_TRINO_MACROS: readonly string[] = [
  'CREATE OR REPLACE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
  'CREATE OR REPLACE MACRO date_format(ts, format) AS strftime(ts, format)',
];

/**
 * Sets DuckDB's `now()` for this connection to `at` (ISO 8601 UTC with milliseconds), the clock a
 * windowed `currentStateMergeSql` measures its window from: a local run replays days of traffic in
 * seconds, so its refreshes run on its simulated clock. A temporary macro, found before the built-in.
 */
export function duckdbClockMacroSql(at: string): string {
  if (!IsoTimestampSchema.safeParse(at).success) {
    throw new RangeError(`at must be ISO 8601 UTC with milliseconds, got ${JSON.stringify(at)}`);
  }
  return `CREATE OR REPLACE TEMP MACRO now() AS CAST('${at}' AS TIMESTAMPTZ)`;
}
