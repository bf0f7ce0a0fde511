import type { ColumnType } from '@org/order-schema';
import { LAKE_COLUMN_NAMES, LAKE_COLUMNS } from '../lake-columns';

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

/** `CREATE TABLE` for the lake rows in DuckDB. */
export function duckdbCreateTableSql(table: string): string {
  const columns = LAKE_COLUMN_NAMES.map((name) => {
    const nullability = LAKE_COLUMNS[name].nullable ? '' : ' NOT NULL';
    return `  ${name} ${duckdbType(LAKE_COLUMNS[name].type)}${nullability}`;
  });
  return `CREATE TABLE ${table} (\n${columns.join(',\n')}\n)`;
}

/**
 * DuckDB macros that give Trino's (Athena's) function names to DuckDB, so that the analytics SQL is
 * written once, in Athena's dialect, and runs in both.
 */
export const DUCKDB_TRINO_MACROS: readonly string[] = [
  'CREATE OR REPLACE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
];
