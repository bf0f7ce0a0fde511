import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  DEFAULT_CURRENT_STATE_TABLE,
  DEFAULT_LAKE_TABLE,
  LAKE_COLUMN_NAMES,
  type OutputFormat,
  PARTITION_KEYS,
} from '@org/order-schema';
import {
  currentStateMergeSql,
  DUCKDB_TRINO_MACROS,
  duckdbClockMacroSql,
  duckdbColumns,
  duckdbStateTableSql,
} from '@org/order-schema/sql';
import type { LakeDatabase } from './lake-database';
import { lakeObjectsSql } from './lake-objects';
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
  /** Firehose deliveries that landed lake objects: each is folded by a windowed refresh. */
  deliveries: number;
  /** Windowed refreshes run during streaming (MERGE statements): one folds every delivery that waited. */
  refreshes: number;
  /** Rows the windowed refreshes inserted, updated or deleted. */
  refreshedRows: number;
  /** Wall time the windowed refreshes ran, beside the stream. */
  refreshMs: number;
  /** Rows the final full pass still changed: changes that landed outside every window. */
  fullPassRows: number;
}

const HOUR_MS = 3_600_000;

/** `dt=YYYY-MM-DD/hour=HH` of a lake object's prefix, as the sortable key `YYYY-MM-DDTHH`. */
const PARTITION = /dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\//;

/**
 * The current-state table `orders_state` in the run's DuckDB, kept as the construct keeps the Iceberg
 * table: the ONE MERGE of `@org/order-schema/sql`, windowed by `windowHours` on the run's simulated
 * clock after Firehose deliveries, and a final full pass (the construct's daily one). It lives in a
 * DuckDB of its own (see `open`), whose clock (`now()`) the refreshes set.
 *
 * Refreshes run beside the stream, one at a time, as a schedule with no concurrent executions runs
 * them: a delivery that lands while one runs is folded by the next, whose window is that of the
 * earliest delivery it covers. Windows are suffixes of the event-time partitions, so that window is
 * the union of the windows the skipped refreshes would have read, and the MERGE folds a union as it
 * folds its parts one after the other: the table ends as if every delivery had had its own refresh.
 */
export class CurrentStateTable {
  public readonly stats: CurrentStateTableStats = {
    deliveries: 0,
    refreshes: 0,
    refreshedRows: 0,
    refreshMs: 0,
    fullPassRows: 0,
  };
  /** The lake's whole objects, by partition key `YYYY-MM-DDTHH`. */
  private readonly objects = new Map<string, string[]>();
  /** Objects landed that no refresh has read yet. */
  private unread = 0;
  /** The clock of the earliest delivery whose objects wait for a refresh. */
  private waitingSinceMs: number | undefined;
  private running: Promise<void> | undefined;
  private failure: unknown;
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly options: CurrentStateTableOptions,
  ) {}

  /**
   * Opens the table in a DuckDB of its own, in memory, on one thread: its refreshes run beside the
   * stream and never take more than one core from it, nor wait behind Parquet conversion.
   */
  public static async open(options: CurrentStateTableOptions): Promise<CurrentStateTable> {
    const instance = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '256MB' });
    const connection = await instance.connect();
    await connection.run(`SET TimeZone = 'UTC'`);
    for (const macro of DUCKDB_TRINO_MACROS) await connection.run(macro);
    await connection.run(duckdbStateTableSql());
    return new CurrentStateTable(instance, connection, options);
  }

  /** Called by the lake's writer for each object once it is whole: the next refresh may read it. */
  public readonly objectLanded = ({ prefix, path }: { prefix: string; path: string }): void => {
    const [, dt, hour] = PARTITION.exec(prefix) ?? [];
    if (!dt || !hour) return;
    const key = `${dt}T${hour}`;
    const paths = this.objects.get(key);
    if (paths) paths.push(path);
    else this.objects.set(key, [path]);
    this.unread++;
  };

  /**
   * Called after each Firehose delivery with the emulator's clock: when the delivery landed objects,
   * a refresh at that clock starts, or follows the one running. Returns at once; `finish` waits.
   */
  public afterDelivery(clockMs: number): void {
    if (this.unread === 0) return;
    this.stats.deliveries++;
    this.waitingSinceMs ??= clockMs;
    // A delivery is waiting, so the loop awaits a refresh before `running` could be cleared.
    if (this.running === undefined) this.running = this.refreshWhileWaiting();
  }

  /** Waits for the refreshes under way, runs the full pass over every partition, then writes the table. */
  public async finish(): Promise<void> {
    await this.settled();
    if (this.objects.size > 0) {
      await this.useView(lakeObjectsSql(this.options.outDir, this.options.format, this.readOptions()));
      this.stats.fullPassRows = await this.merge(currentStateMergeSql({ table: LAKE_OBJECTS_VIEW }));
    }
    const path = currentTablePath(this.options.outDir);
    await mkdir(join(this.options.outDir, 'current'), { recursive: true });
    // ZSTD, the compression Athena writes Iceberg tables with by default
    // (https://docs.aws.amazon.com/athena/latest/ug/compression-support-iceberg.html).
    await this.connection.run(
      `COPY (SELECT * FROM ${DEFAULT_CURRENT_STATE_TABLE} ORDER BY order_id) TO ${sqlString(path)} (FORMAT PARQUET, COMPRESSION ZSTD)`,
    );
  }

  /**
   * Closes the table's DuckDB once no refresh runs (a refresh never rejects: it keeps its error), which
   * frees its memory; closing again does nothing.
   */
  public async close(): Promise<void> {
    while (this.running) await this.running;
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /** Resolves once no refresh runs; rejects with the error of a refresh that failed. */
  private async settled(): Promise<void> {
    while (this.running) await this.running;
    if (this.failure !== undefined) throw this.failure;
  }

  /** Refreshes until no landed object is left unread; a failure is kept for `finish`. */
  private async refreshWhileWaiting(): Promise<void> {
    try {
      while (this.waitingSinceMs !== undefined && this.failure === undefined) {
        const clockMs = this.waitingSinceMs;
        this.waitingSinceMs = undefined;
        this.unread = 0;
        const started = performance.now();
        await this.refresh(clockMs);
        this.stats.refreshMs += performance.now() - started;
      }
    } catch (error) {
      this.failure = error;
    } finally {
      this.running = undefined;
    }
  }

  /**
   * One windowed refresh at `clockMs` (simulated): the MERGE over the window's partitions. It reads
   * the objects of the partitions from the window's first hour on, named one by one as Athena's
   * partition projection names them, and the MERGE's own filter on `dt` and `hour` keeps the same rows.
   */
  private async refresh(clockMs: number): Promise<void> {
    const windowHours = this.options.windowHours;
    const first = new Date(Math.floor(clockMs / HOUR_MS - windowHours) * HOUR_MS).toISOString().slice(0, 13);
    const files = [...this.objects].filter(([key]) => key >= first).flatMap(([, paths]) => paths);
    if (files.length === 0) return;
    await this.useView(lakeObjectsSql(this.options.outDir, this.options.format, this.readOptions(files)));
    await this.connection.run(duckdbClockMacroSql(new Date(clockMs).toISOString()));
    const changed = await this.merge(currentStateMergeSql({ table: LAKE_OBJECTS_VIEW, windowHours }));
    this.stats.refreshes++;
    this.stats.refreshedRows += changed;
  }

  private readOptions(files?: readonly string[]) {
    return { mixedLayouts: this.options.mixedLayouts, files };
  }

  private async merge(sql: string): Promise<number> {
    const result = await this.connection.runAndReadAll(sql);
    return Number(result.getRows()[0]?.[0] ?? 0);
  }

  /**
   * Points the view at `objects` (a table function over lake objects). An empty row of every lake
   * column comes first: the view has layout 2's columns even while every object is of layout 1.
   */
  private async useView(objects: string): Promise<void> {
    const types = duckdbColumns();
    const everyColumn = [
      ...LAKE_COLUMN_NAMES.map((name) => `CAST(NULL AS ${types[name]}) AS ${name}`),
      ...PARTITION_KEYS.map((key) => `CAST(NULL AS VARCHAR) AS ${key.name}`),
    ];
    await this.connection.run(
      `CREATE OR REPLACE VIEW ${LAKE_OBJECTS_VIEW} AS
SELECT ${everyColumn.join(', ')} WHERE false
UNION ALL BY NAME SELECT * FROM ${objects}`,
    );
  }
}

/** Loads the table a run wrote (`DIR/current/orders.parquet`) into `database` as `orders_state`. */
export async function loadCurrentTable(database: LakeDatabase, outDir: string): Promise<void> {
  await database.connection.run(
    `CREATE OR REPLACE TABLE ${DEFAULT_CURRENT_STATE_TABLE} AS SELECT * FROM read_parquet(${sqlString(currentTablePath(outDir))})`,
  );
}
