import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  DEFAULT_CURRENT_STATE_TABLE,
  DEFAULT_LAKE_TABLE,
  LAKE_COLUMN_NAMES,
  type OutputFormat,
  PARTITION_KEYS,
} from '@org/order-schema';
import {
  currentStateMergeSql,
  duckdbClockMacroSql,
  duckdbColumns,
  duckdbStateTableSql,
} from '@org/order-schema/sql';
import type { LakeDatabase } from './lake-database';
import { hasLakeObjects, lakeObjectsSql } from './lake-objects';
import { sqlString } from './sql-text';

/**
 * The lake's objects on disk as Athena sees them through Glue: every object, with `dt` and `hour` from
 * its path. The MERGE reads this view, so DuckDB prunes the partitions a window leaves out before it
 * opens a file, as Athena's partition projection does.
 */
export const LAKE_OBJECTS_VIEW = `${DEFAULT_LAKE_TABLE}_objects`;

/** Where a run writes the table: `DIR/current/orders.parquet`. */
export const currentTablePath = (outDir: string): string => join(outDir, 'current', 'orders.parquet');

export interface CurrentStateTableOptions {
  outDir: string;
  format: OutputFormat;
  /** Hours of event time a windowed refresh reads back from its refresh time. */
  windowHours: number;
  /** Whether the lake may hold objects of more than one row layout (the run plays an upgrade). */
  mixedLayouts: boolean;
}

/** What the table's maintenance did in a run. */
export interface CurrentStateTableStats {
  /** Windowed refreshes run during streaming. */
  refreshes: number;
  /** Rows the windowed refreshes inserted, updated or deleted. */
  refreshedRows: number;
  /** Rows the final full pass still changed: changes that landed outside every window. */
  fullPassRows: number;
}

/**
 * The current-state table `orders_state` in the run's DuckDB, kept as the construct keeps the Iceberg
 * table: the ONE MERGE of `@org/order-schema/sql`, windowed by `windowHours` on the run's simulated
 * clock after Firehose deliveries, and a final full pass (the construct's daily one). It has a
 * connection of its own, so that its refreshes never wait behind Parquet conversion, and its clock
 * (`now()`) is that connection's.
 */
export class CurrentStateTable {
  public readonly stats: CurrentStateTableStats = { refreshes: 0, refreshedRows: 0, fullPassRows: 0 };
  private landedObjects = 0;
  private refreshedObjects = 0;
  private viewReady = false;

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly options: CurrentStateTableOptions,
  ) {}

  public static async open(
    database: LakeDatabase,
    options: CurrentStateTableOptions,
  ): Promise<CurrentStateTable> {
    const connection = await database.instance.connect();
    await connection.run(`SET TimeZone = 'UTC'`);
    await connection.run(`DROP TABLE IF EXISTS ${DEFAULT_CURRENT_STATE_TABLE}`);
    await connection.run(duckdbStateTableSql());
    return new CurrentStateTable(connection, options);
  }

  /**
   * Called after each Firehose delivery with the emulator's clock and the count of lake objects written
   * so far: refreshes the window when the delivery wrote objects. A delivery is one processor batch
   * (1 MB by default), so a run refreshes about once per MB of changes.
   */
  public async afterDelivery(clockMs: number, lakeObjects: number): Promise<void> {
    this.landedObjects = lakeObjects;
    if (this.landedObjects !== this.refreshedObjects) await this.refresh(clockMs);
  }

  /** One windowed refresh at `clockMs` (simulated): the MERGE over the window's partitions. */
  public async refresh(clockMs: number): Promise<number> {
    if (!(await this.ensureView())) return 0;
    await this.connection.run(duckdbClockMacroSql(new Date(clockMs).toISOString()));
    const changed = await this.merge(
      currentStateMergeSql({ table: LAKE_OBJECTS_VIEW, windowHours: this.options.windowHours }),
    );
    this.refreshedObjects = this.landedObjects;
    this.stats.refreshes++;
    this.stats.refreshedRows += changed;
    return changed;
  }

  /** The full pass over every partition, then the table written to `DIR/current/orders.parquet`. */
  public async finish(): Promise<void> {
    if (await this.ensureView())
      this.stats.fullPassRows = await this.merge(currentStateMergeSql({ table: LAKE_OBJECTS_VIEW }));
    const path = currentTablePath(this.options.outDir);
    await mkdir(join(this.options.outDir, 'current'), { recursive: true });
    await this.connection.run(
      `COPY (SELECT * FROM ${DEFAULT_CURRENT_STATE_TABLE} ORDER BY order_id) TO ${sqlString(path)} (FORMAT PARQUET, COMPRESSION SNAPPY)`,
    );
  }

  public close(): void {
    this.connection.closeSync();
  }

  private async merge(sql: string): Promise<number> {
    const result = await this.connection.runAndReadAll(sql);
    return Number(result.getRows()[0]?.[0] ?? 0);
  }

  /** Creates the view over the lake's objects once the first one exists (a glob matching none fails). */
  private async ensureView(): Promise<boolean> {
    if (this.viewReady) return true;
    const { outDir, format } = this.options;
    if (!(await hasLakeObjects(outDir, format))) return false;
    // An empty row of every lake column first: the view has layout 2's columns even while every object
    // is of layout 1, and DuckDB binds the view's columns when it is created.
    const types = duckdbColumns();
    const everyColumn = [
      ...LAKE_COLUMN_NAMES.map((name) => `CAST(NULL AS ${types[name]}) AS ${name}`),
      ...PARTITION_KEYS.map((key) => `CAST(NULL AS VARCHAR) AS ${key.name}`),
    ];
    await this.connection.run(
      `CREATE OR REPLACE VIEW ${LAKE_OBJECTS_VIEW} AS
SELECT ${everyColumn.join(', ')} WHERE false
UNION ALL BY NAME SELECT * FROM ${lakeObjectsSql(outDir, format, { mixedLayouts: this.options.mixedLayouts })}`,
    );
    this.viewReady = true;
    return true;
  }
}
