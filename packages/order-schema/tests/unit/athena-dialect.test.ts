import { HiveSQL } from 'dt-sql-parser/dist/parser/hive';
import { TrinoSQL } from 'dt-sql-parser/dist/parser/trino';
import { describe, expect, it } from 'vitest';
import {
  analyticsQueries,
  currentStateMergeSql,
  icebergStateTableSql,
  stateTableMigrationsSql,
} from '../../src/sql/index';

// Athena DML is Trino's and Athena DDL is based on HiveQL DDL
// (https://docs.aws.amazon.com/athena/latest/ug/ddl-sql-reference.html). With no Athena here, the exact
// texts are parsed by dt-sql-parser's grammars of both (Trino's is generated from Trino's own), so a
// DuckDB-only construct or a syntax slip fails here; DuckDB runs the same texts in the other tests.
const trino = new TrinoSQL();
const hive = new HiveSQL();
const errorsOf = (parser: TrinoSQL | HiveSQL, sql: string): string[] =>
  parser.validate(sql).map((error) => error.message);

describe('the SQL parses in Athena’s dialects', () => {
  it.each([
    ['the windowed MERGE', currentStateMergeSql({ windowHours: 3 })],
    [
      'the full-pass MERGE',
      currentStateMergeSql({ table: 'sales.orders_changes', stateTable: 'sales.orders_state' }),
    ],
    ...analyticsQueries().map((query) => [query.id, query.sql] as [string, string]),
  ])('%s, as Trino', (_name, sql) => {
    expect(errorsOf(trino, sql)).toEqual([]);
  });

  it('the Iceberg table and its migrations, as Hive DDL', () => {
    const ddl = [
      icebergStateTableSql({ stateTable: 'sales.orders_state', location: 's3://lake-bucket/orders_state/' }),
      ...stateTableMigrationsSql({ stateTable: 'sales.orders_state' }).map((migration) => migration.sql),
    ];
    for (const sql of ddl) expect(errorsOf(hive, sql), sql).toEqual([]);
  });

  it.each([
    ['a misspelt action', currentStateMergeSql().replace('THEN DELETE', 'THEN REMOVE')],
    ['a DuckDB cast', currentStateMergeSql().replace('length(s.sequence)', 's.sequence::INTEGER')],
    ['a DuckDB QUALIFY', 'SELECT order_id FROM orders_changes QUALIFY row_number() OVER () = 1'],
  ])('and the check fails on %s', (_name, sql) => {
    expect(errorsOf(trino, sql)).not.toEqual([]);
  });
});
