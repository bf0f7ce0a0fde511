import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateOperations } from '@org/order-generator';
import { DEFAULT_CURRENT_STATE_TABLE, DEFAULT_CURRENT_STATE_VIEW } from '@org/order-schema';
import {
  currentStateMergeSql,
  currentStateViewSql,
  DUCKDB_TRINO_MACROS,
  duckdbClockMacroSql,
  duckdbStateTableSql,
} from '@org/order-schema/sql';
import { currentTablePath, LAKE_OBJECTS_VIEW } from '../src/lake/current-state-table';
import { sqlString } from '../src/lake/sql-text';

/**
 * What one windowed refresh of orders_state reads against one query of the view orders_current, over
 * the Parquet lake of a `cdc-local` run of 10,000 and 100,000 orders (`pnpm bench:state [orders…]`).
 * Each query runs on a fresh DuckDB with its file cache off and its profiling on; the figures are
 * DuckDB's `total_bytes_read` and rows scanned, and the sizes of the lake objects each one reads (the
 * view: every object; the refresh: the objects of the window's partitions, which DuckDB prunes by
 * path as Athena does). A refresh also reads the table itself, to join on order_id and test its WHEN
 * conditions: the columns the MERGE names on the target (`t.…`), read from the table as it stood (one
 * row per live order) written as Parquet with ZSTD, as Athena writes Iceberg tables by default
 * (https://docs.aws.amazon.com/athena/latest/ug/compression-support-iceberg.html); Parquet is read by
 * column, so those columns' chunks are what such a read costs. The refresh runs at two points of the
 * run's simulated clock: the middle of the busy weeks (half the orders placed) and the end of the lake.
 * Figures go to test-results/bench-state.json.
 */
const cli = join(import.meta.dirname, '..', 'dist', 'cli.js');
if (!existsSync(cli)) throw new Error(`build first: ${cli} is missing`);
const WINDOW_HOURS = 3;
const sizes = process.argv.slice(2).map(Number);
const orderCounts = sizes.length > 0 ? sizes : [10_000, 100_000];
const root = mkdtempSync(join(tmpdir(), 'cdc-local-bench-state-'));

interface Profile {
  bytesRead: number;
  rowsScanned: number;
  ms: number;
}

function lakeObjects(outDir: string): { path: string; dt: string; hour: string; bytes: number }[] {
  const lake = join(outDir, 'lake', 'orders_changes');
  return (readdirSync(lake, { recursive: true }) as string[])
    .filter((entry) => entry.endsWith('.parquet'))
    .map((entry) => {
      const [, dt, hour] = /dt=([\d-]+)\/hour=(\d\d)\//.exec(entry) ?? [];
      return { path: join(lake, entry), dt: dt!, hour: hour!, bytes: statSync(join(lake, entry)).size };
    });
}

/**
 * Runs `statements` then profiles `sql` on a fresh in-memory DuckDB whose lake is `files` (the objects
 * that existed at the moment measured). One layout, so no `union_by_name`: it would open every object
 * at bind time to read its schema, which Athena, reading the Glue schema, never does.
 */
async function profiled(files: readonly string[], statements: string[], sql: string): Promise<Profile> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  try {
    await connection.run(`SET TimeZone = 'UTC'`);
    await connection.run('SET enable_external_file_cache = false');
    for (const macro of DUCKDB_TRINO_MACROS) await connection.run(macro);
    const list = `[${files.map(sqlString).join(', ')}]`;
    await connection.run(
      `CREATE VIEW ${LAKE_OBJECTS_VIEW} AS SELECT * FROM read_parquet(${list}, hive_partitioning = true, hive_types = {'dt': 'VARCHAR', 'hour': 'VARCHAR'})`,
    );
    for (const statement of statements) await connection.run(statement);
    const output = join(root, 'profile.json');
    await connection.run(`PRAGMA enable_profiling = 'json'`);
    await connection.run(`SET profiling_output = ${sqlString(output)}`);
    const started = performance.now();
    await connection.run(sql);
    const ms = performance.now() - started;
    await connection.run('PRAGMA disable_profiling');
    const profile = JSON.parse(readFileSync(output, 'utf8')) as {
      total_bytes_read: number;
      cumulative_rows_scanned: number;
    };
    return {
      bytesRead: profile.total_bytes_read,
      rowsScanned: profile.cumulative_rows_scanned,
      ms: Math.round(ms),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The columns the MERGE reads from its target: those it names as `t.<column>`. */
const targetColumns = [
  ...new Set([...currentStateMergeSql().matchAll(/\bt\.(\w+)/g)].map((match) => match[1]!)),
];

/**
 * What a refresh reads of the table at that point: the table as the earlier refreshes left it (a full
 * pass over `files`), written as Parquet with ZSTD; its size, the size of the column chunks of the
 * MERGE's target columns, and DuckDB's bytes read for those columns alone.
 */
async function tableRead(files: readonly string[]) {
  const path = join(root, 'state.parquet');
  const statements = [
    duckdbStateTableSql(),
    currentStateMergeSql({ table: LAKE_OBJECTS_VIEW }),
    // Unsorted, as MERGE and OPTIMIZE BIN_PACK leave an Iceberg table's files.
    `COPY ${DEFAULT_CURRENT_STATE_TABLE} TO ${sqlString(path)} (FORMAT PARQUET, COMPRESSION ZSTD)`,
  ];
  const read = await profiled(
    files,
    statements,
    `SELECT ${targetColumns.join(', ')} FROM read_parquet(${sqlString(path)})`,
  );
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const names = targetColumns.map(sqlString).join(', ');
    const sizes = await connection.runAndReadAll(
      `SELECT sum(total_compressed_size)::BIGINT, (sum(total_compressed_size) FILTER (WHERE path_in_schema IN (${names})))::BIGINT
       FROM parquet_metadata(${sqlString(path)})`,
    );
    const [tableBytes, columnBytes] = sizes.getRows()[0]!.map(Number);
    return { tableBytes: tableBytes!, columnBytes: columnBytes!, duckdbBytesRead: read.bytesRead };
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(path, { force: true });
  }
}

/** When the run's generator (seed 42, cdc-local's default) placed half of its orders. */
function middleOfBusyWeeks(orders: number): string {
  let inserts = 0;
  for (const operation of generateOperations({ orders, seed: 42, validate: false })) {
    if (operation.type === 'insert' && ++inserts === Math.floor(orders / 2)) return operation.order.createdAt;
  }
  throw new Error(`the generator placed fewer than ${orders / 2} orders`);
}

/** The object's partition hour, `YYYY-MM-DDTHH`. */
const hourOf = (object: { dt: string; hour: string }): string => `${object.dt}T${object.hour}`;

/** The hour partitions a window at `at` reads: from the hour of `at - WINDOW_HOURS` on. */
function inWindow(object: { dt: string; hour: string }, at: string): boolean {
  const start = new Date(Date.parse(at) - WINDOW_HOURS * 3_600_000).toISOString();
  return hourOf(object) >= start.slice(0, 13);
}

async function measure(orders: number) {
  const outDir = join(root, String(orders));
  execFileSync(
    process.execPath,
    [cli, '--orders', String(orders), '--format', 'parquet', '--out', outDir, '--no-progress'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const objects = lakeObjects(outDir);
  const lakeBytes = objects.reduce((sum, object) => sum + object.bytes, 0);
  const middle = middleOfBusyWeeks(orders);
  const lastHour = objects.map(hourOf).sort().at(-1)!;
  const points = [];
  for (const [point, at] of [
    ['middle of the busy weeks', middle],
    ['end of the lake', `${lastHour}:59:59.000Z`],
  ] as const) {
    // The lake as it stood at `at`: the objects of the partitions up to its hour.
    const existing = objects.filter((object) => hourOf(object) <= at.slice(0, 13));
    const existingBytes = existing.reduce((sum, object) => sum + object.bytes, 0);
    const paths = existing.map((object) => object.path);
    const view = await profiled(
      paths,
      [currentStateViewSql({ table: LAKE_OBJECTS_VIEW, view: DEFAULT_CURRENT_STATE_VIEW })],
      // Every column, as the MERGE reads them.
      `SELECT * FROM ${DEFAULT_CURRENT_STATE_VIEW}`,
    );
    // The table as the earlier refreshes left it: a full pass over the same objects (not measured).
    const state = [duckdbStateTableSql(), currentStateMergeSql({ table: LAKE_OBJECTS_VIEW })];
    const refresh = await profiled(
      paths,
      [...state, duckdbClockMacroSql(at)],
      currentStateMergeSql({ table: LAKE_OBJECTS_VIEW, windowHours: WINDOW_HOURS }),
    );
    const window = existing.filter((object) => inWindow(object, at));
    const windowBytes = window.reduce((sum, object) => sum + object.bytes, 0);
    const table = await tableRead(paths);
    const refreshBytes = windowBytes + table.columnBytes;
    points.push({
      point,
      at,
      view: {
        objects: existing.length,
        objectBytes: existingBytes,
        duckdbBytesRead: view.bytesRead,
        rowsScanned: view.rowsScanned,
        ms: view.ms,
      },
      refresh: {
        objects: window.length,
        objectBytes: windowBytes,
        duckdbBytesRead: refresh.bytesRead,
        rowsScanned: refresh.rowsScanned,
        ms: refresh.ms,
        table: { columns: targetColumns, ...table },
        bytesWithTable: refreshBytes,
      },
      refreshShareOfView: {
        withTable: Number((refreshBytes / existingBytes).toFixed(4)),
        objectBytes: Number((windowBytes / existingBytes).toFixed(4)),
        duckdbBytesRead: Number((refresh.bytesRead / view.bytesRead).toFixed(4)),
        rowsScanned: Number((refresh.rowsScanned / view.rowsScanned).toFixed(4)),
      },
    });
  }
  const tableBytes = statSync(currentTablePath(outDir)).size;
  rmSync(outDir, { recursive: true, force: true });
  return {
    orders,
    lakeObjects: objects.length,
    lakeObjectBytes: lakeBytes,
    tableParquetBytes: tableBytes,
    points,
  };
}

try {
  const results = [];
  for (const orders of orderCounts) {
    const result = await measure(orders);
    console.log(JSON.stringify(result, null, 2));
    results.push(result);
  }
  const resultsDir = join(import.meta.dirname, '..', 'test-results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'bench-state.json'), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
