import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  DEFAULT_CURRENT_STATE_TABLE,
  DEFAULT_CURRENT_STATE_VIEW,
  DEFAULT_LAKE_TABLE,
  type LakeRow,
  PARTITION_KEYS,
} from '../../src/index';
import {
  currentStateMergeSql,
  currentStateViewSql,
  DUCKDB_TRINO_MACROS,
  duckdbClockMacroSql,
  duckdbColumnsArgument,
  duckdbCreateTableSql,
  duckdbStateTableSql,
} from '../../src/sql/index';

/** A row as DuckDB gives it back as JSON: comparable with `toEqual`. */
export type StateRow = Record<string, unknown>;

/** How one refresh reads the lake: a window of hours before `at`, or the full pass. */
export type Refresh = { readonly windowHours: number; readonly at: string } | { readonly full: true };

/**
 * An in-memory DuckDB holding a lake table (the lake columns plus its `dt`/`hour` partition columns,
 * as Glue has them), the current-state view over it and the current-state table, with the Trino macros:
 * the SQL under test runs exactly as `@org/order-schema/sql` writes it.
 */
export class StateDatabase {
  private batch = 0;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly directory: string,
  ) {}

  public static async open(): Promise<StateDatabase> {
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const connection = await instance.connect();
    // Not UTC on purpose: the window must not depend on the session's time zone.
    await connection.run(`SET TimeZone = 'America/New_York'`);
    for (const macro of DUCKDB_TRINO_MACROS) await connection.run(macro);
    await connection.run(duckdbCreateTableSql(DEFAULT_LAKE_TABLE));
    for (const key of PARTITION_KEYS) {
      await connection.run(`ALTER TABLE ${DEFAULT_LAKE_TABLE} ADD COLUMN ${key.name} VARCHAR`);
    }
    await connection.run(currentStateViewSql());
    await connection.run(duckdbStateTableSql());
    return new StateDatabase(instance, connection, mkdtempSync(join(tmpdir(), 'orders-state-')));
  }

  /** Lands rows in the lake, each in the partition of its event_time, as Firehose does. */
  public async land(rows: readonly LakeRow[]): Promise<void> {
    if (rows.length === 0) return;
    const file = join(this.directory, `batch-${this.batch++}.json`);
    writeFileSync(file, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
    await this.connection.run(
      `INSERT INTO ${DEFAULT_LAKE_TABLE}
       SELECT *, substr(event_time, 1, 10), substr(event_time, 12, 2)
       FROM read_json('${file}', format = 'newline_delimited', columns = ${duckdbColumnsArgument()})`,
    );
  }

  /** Runs the MERGE; returns how many rows of the table it inserted, updated or deleted. */
  public async refresh(refresh: Refresh): Promise<number> {
    if ('full' in refresh) return this.changedRows(currentStateMergeSql());
    await this.connection.run(duckdbClockMacroSql(refresh.at));
    return this.changedRows(currentStateMergeSql({ windowHours: refresh.windowHours }));
  }

  /** Runs any statement; returns its rows as JSON. */
  public async run(sql: string): Promise<StateRow[]> {
    return (await this.connection.runAndReadAll(sql)).getRowObjectsJson() as StateRow[];
  }

  public stateRows(): Promise<StateRow[]> {
    return this.rows(DEFAULT_CURRENT_STATE_TABLE);
  }

  public viewRows(): Promise<StateRow[]> {
    return this.rows(DEFAULT_CURRENT_STATE_VIEW);
  }

  public async clear(): Promise<void> {
    await this.connection.run(`DELETE FROM ${DEFAULT_LAKE_TABLE}`);
    await this.connection.run(`DELETE FROM ${DEFAULT_CURRENT_STATE_TABLE}`);
  }

  public close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
    rmSync(this.directory, { recursive: true, force: true });
  }

  private async changedRows(sql: string): Promise<number> {
    const result = await this.connection.runAndReadAll(sql);
    return Number(result.getRows()[0]?.[0] ?? 0);
  }

  private rows(relation: string): Promise<StateRow[]> {
    return this.run(`SELECT * FROM ${relation} ORDER BY order_id`);
  }
}
